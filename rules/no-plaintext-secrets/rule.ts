import { createRule, objectOption, hasInterpolation, ruleDocsUrl } from "@compose-lint/core";

export type Options = [{ patterns: string[]; allowVariables: string[] }];

/** Upper-cased substrings of a variable name that mark it as a secret. */
export const SECRET_NAME_PARTS = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", "AUTH_KEY"];

export default createRule<"plaintextSecret", Options>({
  id: "no-plaintext-secrets",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow secret values written into environment variables",
      category: "security",
      recommended: true,
      url: ruleDocsUrl("no-plaintext-secrets"),
    },
    defaultSeverity: "error",
    grade: "high",
    references: [
      { title: "OWASP Docker Security Cheat Sheet, RULE #12: Utilize Docker Secrets for Sensitive Data Management", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
      { title: "Compose Specification: secrets", url: "https://docs.docker.com/reference/compose-file/services/#secrets" },
    ],
    schema: [
      objectOption({
        patterns: { type: "array", items: { type: "string", minLength: 1 } },
        allowVariables: { type: "array", items: { type: "string" } },
      }),
    ],
    messages: {
      // Never include the value: the report would leak it into CI logs.
      plaintextSecret:
        'Service "{{service}}" sets {{name}} to a literal value in the compose file, so the secret lives in version control and in every copy of the file. Use `secrets:` (with a *_FILE variable where the image supports it), an env file kept out of the repository, or an interpolation such as ${{{name}}}.',
    },
  },
  defaultOptions: [{ patterns: SECRET_NAME_PARTS, allowVariables: [] }],
  create(context) {
    const [{ patterns, allowVariables }] = context.options;
    const parts = patterns.map((pattern) => pattern.toUpperCase());
    return {
      service(service) {
        for (const variable of service.environment) {
          const name = variable.name.trim();
          const upper = name.toUpperCase();
          if (allowVariables.includes(name) || !parts.some((part) => upper.includes(part))) continue;
          // *_FILE variables hold a path to the secret, not the secret.
          if (upper.endsWith("_FILE") || upper.endsWith("_PATH")) continue;
          const value = variable.value;
          if (value === undefined || !variable.valueNode || !looksLikeSecretValue(value)) continue;
          context.report({ node: variable.valueNode, messageId: "plaintextSecret", data: { service: service.name, name } });
        }
      },
    };
  },
});

/** Empty values, interpolations and plain booleans or numbers (TOKEN_TTL=3600) are not secrets. */
function looksLikeSecretValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === "" || hasInterpolation(trimmed)) return false;
  return !/^(true|false|yes|no|on|off|null|\d+)$/i.test(trimmed);
}
