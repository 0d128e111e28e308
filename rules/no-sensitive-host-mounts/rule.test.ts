import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

const BELOW_ROOTS =
  "services:\n  app:\n    volumes:\n      - /etc/cron.d:/etc/cron.d\n      - /etc/sudoers.d/:/sudoers\n      - /etc/shadow:/shadow:ro\n      - /var/lib/containerd:/c\n      - /dev/./shm:/dev/shm\n      - /etc/..:/host\n      - ~/.aws:/root/.aws:ro\n      - $HOME/.ssh/id_ed25519:/key:ro\n      - /etc/letsencrypt/live:/certs:ro\n";

new RuleTester().run(rule, {
  valid: [
    {
      name: "named volumes that bind nothing sensitive, or use another driver",
      code: "services:\n  app:\n    volumes: [data:/data, nfs:/nfs, plain:/plain]\nvolumes:\n  data:\n    driver_opts: { type: none, o: bind, device: /srv/app/data }\n  nfs:\n    driver_opts: { type: nfs, o: 'addr=10.0.0.1,rw', device: ':/etc' }\n  plain: {}\n",
    },
    { code: "services:\n  web:\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n      - /etc/localtime:/etc/localtime:ro\n      - data:/data\n" },
    { name: "the socket is another rule's finding", code: "services:\n  web:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n" },
    { code: "services:\n  exporter:\n    volumes:\n      - /proc:/host/proc:ro\n", options: [{ allow: ["/proc"] }] },
    { name: "a project folder under a home folder is not the home folder", code: "services:\n  app:\n    volumes:\n      - /home/alice/app/data:/data\n      - ~/projects/site:/site:ro\n      - /var/log/app:/logs\n" },
    { name: "engine socket folders are no-docker-socket-mount's finding", code: "services:\n  app:\n    volumes:\n      - /run:/host/run\n      - /var/run:/var/run\n" },
  ],
  invalid: [
    {
      name: "sensitive places below the roots, paths folded as the engine folds them, home credentials",
      code: BELOW_ROOTS,
      errors: [4, 5, 6, 7, 8, 9, 10, 11, 12].map((line) => {
        const text = BELOW_ROOTS.split("\n")[line - 1]!;
        const readOnly = text.endsWith(":ro");
        return { messageId: readOnly ? ("readOnly" as const) : ("writable" as const), ...(readOnly ? { severity: "warn" as const } : {}), line, column: 9, endLine: line, endColumn: text.length + 1 };
      }),
      output: null,
    },
    {
      name: "writable mounts are errors, read-only ones warnings",
      code: "services:\n  agent:\n    volumes:\n      - /:/host\n      - /etc:/host/etc:ro\n      - /var/lib/docker/volumes:/volumes\n      - ~/.ssh:/root/.ssh:ro\n      - type: bind\n        source: /home/deploy\n        target: /home\n",
      errors: [
        { messageId: "writable", severity: "error", data: { service: "agent", value: "/" }, line: 4, column: 9, endLine: 4, endColumn: 16 },
        { messageId: "readOnly", severity: "warn", data: { service: "agent", value: "/etc" }, line: 5, column: 9, endLine: 5, endColumn: 26 },
        { messageId: "writable", line: 6, column: 9, endLine: 6, endColumn: 41 },
        { messageId: "readOnly", line: 7, column: 9, endLine: 7, endColumn: 29 },
        { messageId: "writable", line: 9, column: 17, endLine: 9, endColumn: 29 },
      ],
      output: null,
    },
    {
      code: "services:\n  web:\n    volumes:\n      - /srv/secrets:/secrets\n",
      options: [{ paths: ["/srv/secrets/"] }],
      errors: [{ messageId: "writable", line: 4, column: 9, endLine: 4, endColumn: 30 }],
      output: null,
    },
    {
      name: "a named volume whose driver_opts bind a host folder is that folder",
      code: "services:\n  agent:\n    volumes:\n      - hostroot:/host\n      - type: volume\n        source: config\n        target: /etc/host\n        read_only: true\nvolumes:\n  hostroot:\n    driver_opts: { type: none, o: bind, device: / }\n  config:\n    driver: local\n    driver_opts:\n      type: none\n      o: ro,rbind\n      device: /etc/\n",
      errors: [
        { messageId: "writable", data: { service: "agent", value: '/ (through the volume "hostroot", whose driver_opts bind it)' }, line: 4, column: 9, endLine: 4, endColumn: 23 },
        { messageId: "readOnly", severity: "warn", data: { service: "agent", value: '/etc/ (through the volume "config", whose driver_opts bind it)' }, line: 6, column: 17, endLine: 6, endColumn: 23 },
      ],
      output: null,
    },
  ],
});
