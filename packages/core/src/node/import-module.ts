/** Set by the command's launcher (cli/src/launch/compile-cache.ts) when it runs the bundle as a vm.Script. */
declare const __composeLintImport: ((specifier: string) => Promise<unknown>) | undefined;

/**
 * `import()` of a user's module (a JavaScript config). Code that Node 20 compiles from a V8 code
 * cache has no import() of its own, so the launcher that compiled it passes one in.
 */
export function importModule(specifier: string): Promise<unknown> {
  return typeof __composeLintImport === "function" ? __composeLintImport(specifier) : import(specifier);
}
