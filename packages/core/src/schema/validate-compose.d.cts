// Types for the validator that scripts/compile-schema.mjs generates into dist at build time.
import type { ErrorObject } from "ajv";

declare function validateCompose(data: unknown): boolean;
declare namespace validateCompose {
  let errors: ErrorObject[] | null | undefined;
}
export = validateCompose;
