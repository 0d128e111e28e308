import { createRule, objectOption, resolveInterpolation, ruleDocsUrl } from "@compose-lint/core";

export type Options = [{ patterns: string[]; allowVariables: string[] }];

/** Upper-cased substrings of a variable name that mark it as a secret. */
export const SECRET_NAME_PARTS = ["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", "AUTH_KEY", "ENCRYPTION_KEY"];
/** Words of a name (between underscores) that mark it as a secret, but would match too much as substrings (BYPASS). */
const SECRET_NAME_WORD = /(?:^|_)(?:PASS|PWD)(?:_|$)/;
/**
 * Names of settings about a secret rather than the secret: how long a token lives, how long a login
 * may take, where the secret is, and what kind it is or who provides it
 * (`AUTH_CREDENTIALS_PROVIDER: OAUTHBEARER`, `CONFIG_PROVIDERS_SECRET_CLASS: io.example.Provider`).
 */
const ABOUT_A_SECRET =
  /_(TTL|TIMEOUT|EXPIRY|EXPIRES|EXPIRES_IN|EXPIRATION|LIFETIME|INTERVAL|MAX_AGE|AGE|HOURS|MINUTES|SECONDS|DAYS|LENGTH|MIN_LENGTH|SIZE|LIMIT|ROUNDS|COST|ENABLED|DISABLED|REQUIRED|FILE|PATH|DIR|LOCATION|URL|URI|ENDPOINT|HOST|HOSTNAME|PORT|USER|USERNAME|REALM|NAME|TYPE|CLASS|PROVIDER|SOURCE|MECHANISM|METHOD|SCHEME|ALGORITHM|PROTOCOL|HEADER)$/;

export default createRule<"plaintextSecret" | "literalDefault", Options>({
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
      literalDefault:
        'Service "{{service}}" gives {{name}} a literal default value (`${VAR:-...}`): wherever the variable is unset, that written secret is used, and it lives in version control. Drop the default (or require the variable with `${VAR:?message}`), or use `secrets:`.',
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
          const isSecretName = parts.some((part) => upper.includes(part)) || SECRET_NAME_WORD.test(upper);
          // Asked only of a secret's name: most variables are not one.
          if (!isSecretName || allowVariables.includes(name) || ABOUT_A_SECRET.test(upper)) continue;
          const value = variable.value;
          if (value === undefined || !variable.valueNode) continue;
          const literal = literalSecret(value);
          if (literal === undefined) continue;
          context.report({ node: variable.valueNode, messageId: literal === "default" ? "literalDefault" : "plaintextSecret", data: { service: service.name, name } });
        }
      },
    };
  },
});

/**
 * Whether a value, as Compose reads it, puts a secret in the file: a literal ("value"; `$$` is an
 * escaped `$`, so `pa$$w0rd` is the literal `pa$w0rd`), or a variable whose written default is one
 * ("default"). A value from a variable without a default, empty values and booleans are not.
 */
function literalSecret(value: string): "value" | "default" | undefined {
  const resolved = resolveInterpolation(value.trim());
  if (resolved.expressions.length === 0) return looksLikeSecretValue(resolved.resolved) ? "value" : undefined;
  const defaults = resolved.expressions.filter((expression) => (expression.operator === ":-" || expression.operator === "-" || expression.operator === ":+" || expression.operator === "+") && expression.defaultValue !== undefined);
  return defaults.some((expression) => looksLikeSecretValue(expression.defaultValue!)) ? "default" : undefined;
}

/** Empty values and plain booleans (PASSWORD_AUTH: true) are not secrets; a number (POSTGRES_PASSWORD: 1234) is. */
function looksLikeSecretValue(value: string): boolean {
  const trimmed = value.trim();
  return trimmed !== "" && !/^(true|false|yes|no|on|off|null)$/i.test(trimmed);
}
