// How a Compose file is recognised, by name or by its text. Kept apart from the file walker so that
// an editor extension can ask without bundling the linter.

/** Compose file names: compose.yaml, docker-compose.yml and variants such as compose.override.yaml. */
export const COMPOSE_FILE_NAME = /^(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$/;

const TOP_LEVEL_KEY = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#:'"\-?][^:\n]*?))[ \t]*:(?:[ \t]|$)/gm;
const COMPOSE_KEYS = new Set(["services", "include", "networks", "volumes", "secrets", "configs", "models", "version", "name"]);

/**
 * Whether a YAML text is a Compose file, judged without parsing it: every top-level key is one of
 * Compose's (or an `x-` extension) and it has `services` or `include`. Kubernetes manifests, CI
 * workflows, Ansible and Helm values are not.
 */
export function looksLikeComposeText(text: string): boolean {
  if (!/^(?:services|include)[ \t]*:/m.test(text)) return false;
  // One document only: a `---` stream is a set of manifests, not a Compose file.
  if (/^---[ \t]*\S*[ \t]*$/m.test(text.replace(/^\uFEFF?---[ \t]*\n/, ""))) return false;
  for (const match of text.matchAll(TOP_LEVEL_KEY)) {
    const key = match[1] ?? match[2] ?? match[3] ?? "";
    if (!COMPOSE_KEYS.has(key) && !key.startsWith("x-")) return false;
  }
  return true;
}
