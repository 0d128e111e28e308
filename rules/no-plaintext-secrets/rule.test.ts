import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      TOKEN_TTL: 3600\n      API_KEY:\n" },
    { code: "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${DB_PASSWORD:?set it}\n      - GITHUB_TOKEN\n      - SECRET_ROTATION=true\n" },
    { code: "services:\n  db:\n    environment:\n      DEMO_PASSWORD: demo\n", options: [{ allowVariables: ["DEMO_PASSWORD"] }] },
    {
      name: "durations, sizes and switches about a secret are not the secret; BYPASS is not PASS",
      code: "services:\n  app:\n    environment:\n      TOKEN_TTL: 24h\n      SESSION_TOKEN_TIMEOUT: 900s\n      JWT_SECRET_EXPIRY: 500ms\n      PASSWORD_MIN_LENGTH: 12\n      BYPASS_CACHE: always\n      DB_PASSWORD: ${DB_PASSWORD}\n      ADMIN_PASSWORD: ${ADMIN_PASSWORD:?set it in .env}\n      REDIS_PASSWORD_ENABLED: yes\n      REGISTRY_AUTH_HTPASSWD_REALM: Registry Realm\n      HTTP_AUTH_CREDENTIALS_PROVIDER: OAUTHBEARER\n      BEARER_AUTH_CREDENTIALS_SOURCE: STATIC_TOKEN\n      CONFIG_PROVIDERS_SECRET_CLASS: io.example.SecretConfigProvider\n      MAIL_PASS_SCHEME: BLF-CRYPT\n      PASSWORD_RESET_URI: /reset\n      API_KEY_RATE_LIMIT: 100\n      RESET_PASSWORD_TOKEN_EXPIRES_IN: 1h\n      API_KEY_HEADER: X-Api-Key\n",
    },
  ],
  invalid: [
    {
      name: "as Compose reads them: $$ is a literal $, a default is written out, numbers and other names",
      code: "services:\n  app:\n    environment:\n      DB_PASSWORD: pa$$w0rd\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-fallback}\n      MYSQL_ROOT_PASSWORD: 1234\n      REDIS_PASS: abc\n      MYSQL_PWD: abc\n      GPG_PASSPHRASE: correct horse\n      ENCRYPTION_KEY: 0123abcd\n",
      errors: [
        { messageId: "plaintextSecret", data: { service: "app", name: "DB_PASSWORD" }, line: 4, column: 20, endLine: 4, endColumn: 28 },
        { messageId: "literalDefault", data: { service: "app", name: "POSTGRES_PASSWORD" }, line: 5, column: 26, endLine: 5, endColumn: 56 },
        { messageId: "plaintextSecret", data: { service: "app", name: "MYSQL_ROOT_PASSWORD" }, line: 6, column: 28, endLine: 6, endColumn: 32 },
        { messageId: "plaintextSecret", data: { service: "app", name: "REDIS_PASS" }, line: 7, column: 19, endLine: 7, endColumn: 22 },
        { messageId: "plaintextSecret", data: { service: "app", name: "MYSQL_PWD" }, line: 8, column: 18, endLine: 8, endColumn: 21 },
        { messageId: "plaintextSecret", data: { service: "app", name: "GPG_PASSPHRASE" }, line: 9, column: 23, endLine: 9, endColumn: 36 },
        { messageId: "plaintextSecret", data: { service: "app", name: "ENCRYPTION_KEY" }, line: 10, column: 23, endLine: 10, endColumn: 31 },
      ],
      output: null,
    },
    {
      name: "map and list form; the value never appears in the message",
      code: "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: hunter2\n  app:\n    environment:\n      - STRIPE_API_KEY=sk_live_abc\n      - django_secret_key='x'\n",
      errors: [
        { messageId: "plaintextSecret", data: { service: "db", name: "POSTGRES_PASSWORD" }, line: 4, column: 26, endLine: 4, endColumn: 33 },
        { messageId: "plaintextSecret", data: { service: "app", name: "STRIPE_API_KEY" }, line: 7, column: 9, endLine: 7, endColumn: 35 },
        { messageId: "plaintextSecret", data: { service: "app", name: "django_secret_key" }, line: 8, column: 9, endLine: 8, endColumn: 30 },
      ],
      output: null,
    },
    {
      code: "services:\n  app:\n    environment:\n      SESSION_COOKIE: abc123\n",
      options: [{ patterns: ["cookie"] }],
      errors: [{ messageId: "plaintextSecret", line: 4, column: 23, endLine: 4, endColumn: 29 }],
      output: null,
    },
  ],
});
