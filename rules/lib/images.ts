import { isUnresolved, resolveInterpolation, serviceEntry, shownAsWritten, type ComposeModel, type ModelString, type ServiceModel } from "@compose-lint/core";

export interface PulledImage {
  image: ModelString;
  /** The reference Compose pulls, interpolated with the project's `.env` and the shell when known. */
  reference: string;
  /** A part of `reference` as a message may show it: what the environment set stays `${NAME}`. */
  shown(start: number, end?: number): string;
}

/**
 * The image a service pulls, as Compose would name it (interpolated). Undefined when the service
 * builds its image (`image:` then names what is built), or when the image comes from a variable
 * that nothing sets and that has no default, which only the deployment decides.
 */
export function pulledImage(service: ServiceModel, model: ComposeModel): PulledImage | undefined {
  const image = service.image;
  if (!image || serviceEntry(service, "build")) return undefined;
  const resolved = resolveInterpolation(image.value, model.environmentFor?.(image.node));
  if (resolved.expressions.some(isUnresolved)) return undefined;
  const leading = resolved.resolved.length - resolved.resolved.trimStart().length;
  const reference = resolved.resolved.trim();
  if (reference === "") return undefined;
  return { image, reference, shown: (start, end = reference.length) => shownAsWritten(resolved, leading + start, leading + end) };
}
