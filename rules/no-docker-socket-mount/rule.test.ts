import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

const SOCKETS =
  "services:\n  agent:\n    volumes:\n      - /run/containerd/containerd.sock:/run/containerd/containerd.sock\n      - /var/run/crio/crio.sock:/crio.sock\n      - /run/user/1000/podman/podman.sock:/run/podman/podman.sock\n      - /var/run/./docker.sock/:/var/run/docker.sock\n      - /run/containerd:/run/containerd\n      - /run/user/1000:/run/user/1000\n      - /run/dbus:/run/dbus:ro\n      - //run/:/host/run\n";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    volumes:\n      - ./data:/data\n      - logs:/var/log\n" },
    { code: "services:\n  proxy:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n", options: [{ allowServices: ["proxy"] }] },
    { name: "a named volume called docker.sock is not the socket", code: "services:\n  web:\n    volumes:\n      - docker.sock:/x\nvolumes:\n  docker.sock: {}\n" },
  ],
  invalid: [
    {
      name: "every engine's socket and the folders that hold them, with paths folded as the engine folds them",
      code: SOCKETS,
      errors: [4, 5, 6, 7, 8, 9, 10, 11].map((line) => ({
        messageId: line <= 7 ? ("socketMount" as const) : ("socketFolder" as const),
        line,
        column: 9,
        endLine: line,
        // Each short entry is reported whole: from after "- " to the end of its line.
        endColumn: SOCKETS.split("\n")[line - 1]!.length + 1,
      })),
      output: null,
    },
    {
      name: "a long-syntax mount of the socket without `type` (which Compose refuses) still shows its intent",
      code: "services:\n  agent:\n    volumes:\n      - source: /var/run/docker.sock\n        target: /var/run/docker.sock\n",
      errors: [{ messageId: "socketMount", line: 4, column: 17, endLine: 4, endColumn: 37 }],
      output: null,
    },
    {
      name: "read-only does not make the API read-only",
      code: "services:\n  agent:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n",
      errors: [{ messageId: "socketMount", data: { service: "agent", value: "/var/run/docker.sock" }, line: 4, column: 9, endLine: 4, endColumn: 53 }],
      output: null,
    },
    {
      name: "long syntax, /run and rootless and Podman sockets",
      code:
        "services:\n  agent:\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n      - ${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock\n      - /run/podman/podman.sock:/run/podman/podman.sock\n",
      errors: [
        { messageId: "socketMount", line: 5, column: 17, endLine: 5, endColumn: 33 },
        { messageId: "socketMount", line: 7, column: 9, endLine: 7, endColumn: 60 },
        { messageId: "socketMount", line: 8, column: 9, endLine: 8, endColumn: 56 },
      ],
      output: null,
    },
    {
      code: "services:\n  builder:\n    use_api_socket: true\n",
      errors: [{ messageId: "apiSocket", line: 3, column: 21, endLine: 3, endColumn: 25 }],
      output: null,
    },
    {
      name: "a named volume whose driver_opts bind the socket's folder; use_api_socket written as a string",
      code: "services:\n  agent:\n    volumes: [engine:/var/run]\n    use_api_socket: 'yes'\nvolumes:\n  engine:\n    driver_opts: { type: none, o: bind, device: /var/run }\n",
      errors: [
        { messageId: "socketFolder", data: { service: "agent", value: '/var/run (through the volume "engine", whose driver_opts bind it)' }, line: 3, column: 15, endLine: 3, endColumn: 30 },
        { messageId: "apiSocket", data: { service: "agent", value: "yes" }, line: 4, column: 21, endLine: 4, endColumn: 26 },
      ],
      output: null,
    },
  ],
});
