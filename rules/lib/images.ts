import { resolveInterpolation, serviceEntry, type ModelString, type ServiceModel } from "@compose-lint/core";

/**
 * The image a service pulls, as Compose would name it (interpolation defaults applied). Undefined
 * when the service builds its image (`image:` then names what is built), or when the image comes
 * from a variable without a default, which only the deployment decides.
 */
export function pulledImage(service: ServiceModel): { image: ModelString; reference: string } | undefined {
  const image = service.image;
  if (!image || serviceEntry(service, "build")) return undefined;
  const resolved = resolveInterpolation(image.value);
  if (resolved.expressions.some((expression) => expression.defaultValue === undefined)) return undefined;
  const reference = resolved.resolved.trim();
  return reference === "" ? undefined : { image, reference };
}
