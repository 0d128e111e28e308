import { createRule, resolveInterpolation, ruleDocsUrl } from "@compose-lint/core";

/** scheme://user:password@host, the password being anything but empty. */
const CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/([^\s:/@]*):([^\s/@]+)@/i;

export default createRule<"credentials", []>({
  id: "no-credentials-in-urls",
  meta: {
    type: "problem",
    docs: { description: "Disallow passwords embedded in connection URLs", category: "security", recommended: true, url: ruleDocsUrl("no-credentials-in-urls") },
    defaultSeverity: "error",
    grade: "high",
    references: [{ title: "OWASP Docker Security Cheat Sheet, RULE #12: Utilize Docker Secrets for Sensitive Data Management", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" }],
    schema: [],
    messages: {
      // Never include the URL: the report would leak the password.
      credentials:
        'Service "{{service}}" has a password written into the URL in {{name}}: it lives in version control and shows up wherever the URL is logged. Interpolate it (`postgres://app:${DB_PASSWORD}@db/app`) or read it from a secret.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        for (const variable of service.environment) {
          if (variable.value === undefined || !variable.valueNode) continue;
          const match = CREDENTIALS.exec(variable.value);
          // `$$` is an escaped `$`: `pa$$w0rd` is written out; `${DB_PASSWORD}` comes from elsewhere.
          if (!match || resolveInterpolation(match[2]!).expressions.length > 0) continue;
          context.report({ node: variable.valueNode, messageId: "credentials", data: { service: service.name, name: variable.name } });
        }
      },
    };
  },
});
