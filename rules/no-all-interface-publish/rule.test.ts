import path from "node:path";
import { fileURLToPath } from "node:url";
import { RuleTester, runFixtures } from "@compose-lint/rule-tester";
import rule from "./rule.js";

// Row numbers (#N) refer to the test vectors in ports-spec §6.
new RuleTester().run(rule, {
  valid: [
    { name: "#4 IPv4 loopback", code: 'services:\n  web:\n    ports: ["127.0.0.1:8000:8000"]\n' },
    { name: "#5 loopback, ephemeral host port", code: 'services:\n  web:\n    ports: ["127.0.0.1::8000"]\n' },
    { name: "#7 IPv6 loopback", code: 'services:\n  web:\n    ports: ["[::1]:8000:8000"]\n' },
    { name: "#8 unbracketed IPv6 loopback", code: 'services:\n  web:\n    ports: ["::1:8000:8000"]\n' },
    { name: "#11 any 127/8 address", code: 'services:\n  web:\n    ports: ["127.0.0.2:5432:5432"]\n' },
    { name: "#12 IPv4-mapped loopback", code: 'services:\n  web:\n    ports: ["::ffff:127.0.0.1:80:80"]\n' },
    { name: "#13 one specific address", code: 'services:\n  web:\n    ports: ["192.168.1.10:8080:80"]\n' },
    { name: "#19 loopback range", code: 'services:\n  web:\n    ports: ["127.0.0.1:5000-5010:5000-5010"]\n' },
    { name: "#23 variable with loopback default", code: 'services:\n  web:\n    ports: ["${BIND:-127.0.0.1}:8000:8000"]\n' },
    { name: "#24 variable with loopback default for unset", code: 'services:\n  web:\n    ports: ["${BIND-127.0.0.1}:8000:8000"]\n' },
    { name: "#26 invalid IP is another rule's business", code: 'services:\n  web:\n    ports: ["localhost:8000:8000"]\n' },
    { name: "#27 IP:PORT is invalid, not a leak", code: 'services:\n  web:\n    ports: ["127.0.0.1:8000"]\n' },
    { name: "#30 port over 65535 is invalid", code: 'services:\n  web:\n    ports: ["65536:80"]\n' },
    { name: "#34 long syntax on loopback", code: "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n" },
    { name: "#35 long syntax on IPv6 loopback", code: 'services:\n  web:\n    ports: [{target: 80, host_ip: "::1"}]\n' },
    { name: "#41 expose publishes nothing", code: 'services:\n  db:\n    image: postgres\n    expose: ["5432"]\n' },
    { name: "#42 no ports", code: "services:\n  db:\n    image: postgres\n" },
    { name: "#43 empty ports", code: "services:\n  web:\n    ports: []\n" },
    { name: "#46 ports with service network mode are rejected by the engine", code: 'services:\n  web:\n    network_mode: "service:vpn"\n    ports: ["8000:8000"]\n  vpn:\n    image: vpn\n' },
    {
      name: "#50 network default binding on loopback",
      code: 'services:\n  web:\n    ports: ["8000:8000"]\nnetworks:\n  default:\n    driver_opts:\n      com.docker.network.bridge.host_binding_ipv4: "127.0.0.1"\n',
    },
    {
      name: "#52 network default binding on IPv6 loopback",
      code: 'services:\n  web:\n    ports: ["8000:8000"]\nnetworks:\n  default:\n    driver_opts:\n      com.docker.network.bridge.host_binding_ipv4: "::1"\n',
    },
    { name: "#44 host network drops ports: no-host-network's finding", code: 'services:\n  web:\n    network_mode: host\n    ports: ["8000:8000"]\n' },
    { name: "#58 #59 an old engine's loopback weaknesses are not in the file: loopback passes", code: 'services:\n  web:\n    ports: ["127.0.0.1:8000:8000"]\n    x-engine: "27.5"\n' },
    { name: "#62 namespaces are not port exposure", code: 'services:\n  web:\n    pid: host\n    ipc: host\n    ports: ["127.0.0.1:80:80"]\n' },
    { name: "#63 extra_hosts publishes nothing", code: 'services:\n  web:\n    extra_hosts: ["host.docker.internal:host-gateway"]\n' },
    {
      name: "allow-listed front door",
      code: 'services:\n  proxy:\n    image: nginx\n    ports: ["80:80", "443:443"]\n',
      options: [{ allow: [{ service: "proxy", ports: [80, 443] }] }],
    },
    {
      name: "allow-listed whole service",
      code: 'services:\n  proxy:\n    image: nginx\n    ports: ["80:80", "443:443"]\n',
      options: [{ allow: [{ service: "proxy" }] }],
    },
    { name: "not a compose services mapping", code: "services: []\n" },
    { name: "service that is not a mapping", code: "services:\n  web: nginx\n" },
  ],
  invalid: [
    {
      name: "#1 the seed's leak, double quotes",
      code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "8000:8000"\n',
      errors: [
        {
          messageId: "allInterfaces",
          data: { service: "web", port: '"8000:8000"', binding: "every interface (0.0.0.0 and [::])", address: "127.0.0.1", suggestionOnly: "" },
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 20,
        },
      ],
      output: 'services:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:8000:8000"\n',
    },
    {
      name: "#1 single quotes kept",
      code: "services:\n  web:\n    ports:\n      - '8000:8000'\n",
      errors: [{ messageId: "allInterfaces", line: 4, column: 9, endLine: 4, endColumn: 20 }],
      output: "services:\n  web:\n    ports:\n      - '127.0.0.1:8000:8000'\n",
    },
    {
      name: "#64 unquoted 22:22 stays plain",
      code: "services:\n  web:\n    ports:\n      - 22:22\n",
      errors: [{ messageId: "allInterfaces", line: 4, column: 9, endLine: 4, endColumn: 14 }],
      output: "services:\n  web:\n    ports:\n      - 127.0.0.1:22:22\n",
    },
    {
      name: "#2 container-only string",
      code: 'services:\n  web:\n    ports: ["8000"]\n',
      errors: [{ messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 19 }],
      output: 'services:\n  web:\n    ports: ["127.0.0.1::8000"]\n',
    },
    {
      name: "#3 YAML integer becomes a quoted string",
      code: "services:\n  web:\n    ports:\n      - 8000\n",
      errors: [{ messageId: "allInterfaces", line: 4, column: 9, endLine: 4, endColumn: 13 }],
      output: 'services:\n  web:\n    ports:\n      - "127.0.0.1::8000"\n',
    },
    {
      name: "#3 integer quoted in the file's prevailing style",
      code: "services:\n  web:\n    ports:\n      - 8000\n      - '127.0.0.1:9000:9000'\n",
      errors: [{ messageId: "allInterfaces", line: 4, column: 9, endLine: 4, endColumn: 13 }],
      output: "services:\n  web:\n    ports:\n      - '127.0.0.1::8000'\n      - '127.0.0.1:9000:9000'\n",
    },
    {
      name: "#6 explicit 0.0.0.0",
      code: 'services:\n  web:\n    ports: ["0.0.0.0:8000:8000"]\n',
      errors: [
        {
          messageId: "allInterfaces",
          data: { service: "web", port: '"0.0.0.0:8000:8000"', binding: "every IPv4 interface (0.0.0.0)", address: "127.0.0.1", suggestionOnly: "" },
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 32,
        },
      ],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:8000:8000"]\n',
    },
    {
      name: "#9 IPv6 wildcard becomes IPv6 loopback",
      code: 'services:\n  web:\n    ports: ["[::]:8000:8000"]\n',
      errors: [
        {
          messageId: "allInterfaces",
          data: { service: "web", port: '"[::]:8000:8000"', binding: "every IPv6 interface ([::])", address: "::1", suggestionOnly: "" },
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 29,
        },
      ],
      output: 'services:\n  web:\n    ports: ["[::1]:8000:8000"]\n',
    },
    {
      name: "#10 unbracketed IPv6 wildcard",
      code: 'services:\n  web:\n    ports: ["::::80"]\n',
      errors: [{ messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 21 }],
      output: 'services:\n  web:\n    ports: ["[::1]::80"]\n',
    },
    {
      name: "#14 #15 #16 ranges",
      code: 'services:\n  web:\n    ports:\n      - "8000-8010:8000-8010"\n      - "9090-9091:8080-8081"\n      - "12400-12500:1240"\n',
      errors: [
        { messageId: "allInterfaces", line: 4, column: 9, endLine: 4, endColumn: 30 },
        { messageId: "allInterfaces", line: 5, column: 9, endLine: 5, endColumn: 30 },
        { messageId: "allInterfaces", line: 6, column: 9, endLine: 6, endColumn: 27 },
      ],
      output:
        'services:\n  web:\n    ports:\n      - "127.0.0.1:8000-8010:8000-8010"\n      - "127.0.0.1:9090-9091:8080-8081"\n      - "127.0.0.1:12400-12500:1240"\n',
    },
    {
      name: "#17 #18 #65 protocols",
      code: 'services:\n  web:\n    ports: ["49100:22", "6060:6060/udp", "8080:80/tcp", "8080:80/udp"]\n',
      errors: [
        { messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 23 },
        { messageId: "allInterfaces", line: 3, column: 25, endLine: 3, endColumn: 40 },
        { messageId: "allInterfaces", line: 3, column: 42, endLine: 3, endColumn: 55 },
        { messageId: "allInterfaces", line: 3, column: 57, endLine: 3, endColumn: 70 },
      ],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:49100:22", "127.0.0.1:6060:6060/udp", "127.0.0.1:8080:80/tcp", "127.0.0.1:8080:80/udp"]\n',
    },
    {
      name: "#20 #21 empty IP field",
      code: 'services:\n  web:\n    ports: [":8000:8000", "::8000"]\n',
      errors: [
        { messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 25 },
        { messageId: "allInterfaces", line: 3, column: 27, endLine: 3, endColumn: 35 },
      ],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:8000:8000", "127.0.0.1::8000"]\n',
    },
    {
      name: "#22 interpolated host port: a suggestion, since the variable may hold IP:PORT elsewhere",
      code: 'services:\n  web:\n    ports: ["${PORT:-8000}:8000"]\n',
      errors: [
        {
          messageId: "allInterfaces",
          data: {
            service: "web",
            port: '"${PORT:-8000}:8000"',
            binding: "every interface (0.0.0.0 and [::])",
            address: "127.0.0.1",
            suggestionOnly: " The binding is offered as a suggestion, not applied by --fix: wherever ${PORT} is set to IP:PORT, an address in front would break the entry.",
          },
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 33,
          suggestions: [{ messageId: "bindToAddress", output: 'services:\n  web:\n    ports: ["127.0.0.1:${PORT:-8000}:8000"]\n' }],
        },
      ],
      output: null,
    },
    {
      name: "a variable that leads a container-only entry, unbraced: a suggestion too",
      code: "services:\n  web:\n    ports:\n      - $APP_PORT\n",
      errors: [
        {
          messageId: "allInterfaces",
          data: {
            service: "web",
            port: '"$APP_PORT"',
            binding: "every interface (0.0.0.0 and [::])",
            address: "127.0.0.1",
            suggestionOnly: " The binding is offered as a suggestion, not applied by --fix: wherever ${APP_PORT} is set to IP:PORT, an address in front would break the entry.",
          },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 18,
          suggestions: [{ messageId: "bindToAddress", output: "services:\n  web:\n    ports:\n      - 127.0.0.1::$APP_PORT\n" }],
        },
      ],
      output: null,
    },
    {
      name: "a variable after the host port leaves the fix automatic",
      code: 'services:\n  web:\n    ports: ["8000:${TARGET:-80}"]\n',
      errors: [{ messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 33 }],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:8000:${TARGET:-80}"]\n',
    },
    {
      name: "interpolated IP whose default is all interfaces: the default changes",
      code: 'services:\n  web:\n    ports: ["${BIND:-0.0.0.0}:8000:8000"]\n',
      errors: [{ messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 41 }],
      output: 'services:\n  web:\n    ports: ["${BIND:-127.0.0.1}:8000:8000"]\n',
    },
    {
      name: "#25 interpolated IP without default: its own message, a suggestion, no fix",
      code: 'services:\n  web:\n    ports: ["${BIND}:8000:8000"]\n',
      errors: [
        {
          messageId: "unverifiedAddress",
          data: { service: "web", port: '"${BIND}:8000:8000"', variable: "BIND", address: "127.0.0.1" },
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 32,
          suggestions: [{ messageId: "addDefault", output: 'services:\n  web:\n    ports: ["${BIND:-127.0.0.1}:8000:8000"]\n' }],
        },
      ],
      output: null,
    },
    {
      name: "#32 identical entries are each reported",
      code: 'services:\n  web:\n    ports: ["8000:8000", "8000:8000"]\n',
      errors: [
        { messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 24 },
        { messageId: "allInterfaces", line: 3, column: 26, endLine: 3, endColumn: 37 },
      ],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:8000:8000", "127.0.0.1:8000:8000"]\n',
    },
    {
      name: "#33 long syntax gets host_ip at its indentation, after a trailing comment",
      code: 'services:\n  web:\n    ports:\n      - target: 80\n        published: "8080" # public\n',
      errors: [{ messageId: "allInterfaces", line: 4, column: 9, endLine: 5, endColumn: 26 }],
      output: 'services:\n  web:\n    ports:\n      - target: 80\n        published: "8080" # public\n        host_ip: 127.0.0.1\n',
    },
    {
      name: "#36 long syntax with host_ip 0.0.0.0",
      code: "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 0.0.0.0\n",
      errors: [
        {
          messageId: "allInterfaces",
          data: { service: "web", port: "host port 8080 → container port 80", binding: "every IPv4 interface (0.0.0.0)", address: "127.0.0.1", suggestionOnly: "" },
          line: 4,
          column: 9,
          endLine: 6,
          endColumn: 25,
        },
      ],
      output: "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n",
    },
    {
      name: "#37 #38 long syntax in flow style, range and mode host",
      code: 'services:\n  web:\n    ports:\n      - {target: 80, published: "8000-8010"}\n      - {target: 81, published: 8081, mode: host}\n',
      errors: [
        { messageId: "allInterfaces", data: { service: "web", port: "host ports 8000-8010 → container port 80", binding: "every interface (0.0.0.0 and [::])", address: "127.0.0.1", suggestionOnly: "" }, line: 4, column: 9, endLine: 4, endColumn: 45 },
        { messageId: "allInterfaces", data: { service: "web", port: "host port 8081 → container port 81", binding: "every interface (0.0.0.0 and [::])", address: "127.0.0.1", suggestionOnly: "" }, line: 5, column: 9, endLine: 5, endColumn: 50 },
      ],
      output:
        'services:\n  web:\n    ports:\n      - {host_ip: 127.0.0.1, target: 80, published: "8000-8010"}\n      - {host_ip: 127.0.0.1, target: 81, published: 8081, mode: host}\n',
    },
    {
      name: "long syntax with an IPv6 wildcard",
      code: 'services:\n  web:\n    ports:\n      - target: 80\n        host_ip: "::"\n',
      errors: [{ messageId: "allInterfaces", data: { service: "web", port: "container port 80 (on a host port Docker picks)", binding: "every IPv6 interface ([::])", address: "::1", suggestionOnly: "" }, line: 4, column: 9, endLine: 5, endColumn: 22 }],
      output: 'services:\n  web:\n    ports:\n      - target: 80\n        host_ip: "::1"\n',
    },
    {
      name: "#47 a service sharing another's network namespace: the other publishes",
      code: 'services:\n  app:\n    network_mode: "service:vpn"\n  vpn:\n    ports: ["8000:8000"]\n',
      errors: [{ messageId: "allInterfaces", line: 5, column: 13, endLine: 5, endColumn: 24 }],
      output: 'services:\n  app:\n    network_mode: "service:vpn"\n  vpn:\n    ports: ["127.0.0.1:8000:8000"]\n',
    },
    {
      name: "an internal network named through a variable's default is that network",
      code: 'services:\n  web:\n    networks: ["${NET:-back}"]\n    ports: ["5432:5432"]\nnetworks:\n  back:\n    internal: true\n',
      errors: [{ messageId: "ineffective", severity: "warn", data: { service: "web", port: '"5432:5432"', networks: "back" }, line: 4, column: 13, endLine: 4, endColumn: 24 }],
      output: null,
    },
    {
      name: "#48 only internal networks: nothing is mapped, the entry is dead configuration (a warning, no fix)",
      code: 'services:\n  web:\n    networks: [back]\n    ports: ["5432:5432"]\nnetworks:\n  back:\n    internal: true\n',
      errors: [
        {
          messageId: "ineffective",
          severity: "warn",
          data: { service: "web", port: '"5432:5432"', networks: "back" },
          line: 4,
          column: 13,
          endLine: 4,
          endColumn: 24,
        },
      ],
      output: null,
    },
    {
      name: "#49 internal and normal network: published through the normal one",
      code: 'services:\n  web:\n    networks: [front, back]\n    ports: ["8000:8000"]\nnetworks:\n  front: {}\n  back:\n    internal: true\n',
      errors: [{ messageId: "allInterfaces", line: 4, column: 13, endLine: 4, endColumn: 24 }],
      output: 'services:\n  web:\n    networks: [front, back]\n    ports: ["127.0.0.1:8000:8000"]\nnetworks:\n  front: {}\n  back:\n    internal: true\n',
    },
    {
      name: "#51 an explicit IP wins over the network default",
      code: 'services:\n  web:\n    ports: ["0.0.0.0:8000:8000"]\nnetworks:\n  default:\n    driver_opts:\n      com.docker.network.bridge.host_binding_ipv4: "127.0.0.1"\n',
      errors: [{ messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 32 }],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:8000:8000"]\nnetworks:\n  default:\n    driver_opts:\n      com.docker.network.bridge.host_binding_ipv4: "127.0.0.1"\n',
    },
    {
      name: "#55 macvlan puts the container on the LAN",
      code: 'services:\n  web:\n    networks: [lan]\n    ports: ["80:80"]\nnetworks:\n  lan:\n    driver: macvlan\n    driver_opts:\n      parent: eth0\n',
      errors: [{ messageId: "lanNetwork", data: { service: "web", network: "lan", driver: "macvlan" }, line: 3, column: 16, endLine: 3, endColumn: 19 }],
      output: null,
    },
    {
      name: "#56 #57 routed gateway mode",
      code: 'services:\n  db:\n    expose: ["5432"]\nnetworks:\n  default:\n    driver_opts:\n      com.docker.network.bridge.gateway_mode_ipv4: nat-unprotected\n',
      errors: [{ messageId: "routedNetwork", data: { service: "db", network: "default", mode: "nat-unprotected" }, line: 2, column: 3, endLine: 2, endColumn: 5 }],
      output: null,
    },
    {
      name: "an anchored ports list is reported where it is written, without a fix",
      code: 'x-ports: &ports\n  - "8000:8000"\nservices:\n  web:\n    ports: *ports\n',
      errors: [{ messageId: "allInterfaces", line: 2, column: 5, endLine: 2, endColumn: 16 }],
      output: null,
    },
    {
      name: "ports merged in with << are reported for each service, without a fix",
      code: 'x-base: &base\n  ports: ["8000:8000"]\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [
        { messageId: "allInterfaces", data: { service: "a", port: '"8000:8000"', binding: "every interface (0.0.0.0 and [::])", address: "127.0.0.1", suggestionOnly: "" }, line: 2, column: 11, endLine: 2, endColumn: 22 },
        { messageId: "allInterfaces", data: { service: "b", port: '"8000:8000"', binding: "every interface (0.0.0.0 and [::])", address: "127.0.0.1", suggestionOnly: "" }, line: 2, column: 11, endLine: 2, endColumn: 22 },
      ],
      output: null,
    },
    {
      name: "CRLF line endings and a BOM survive; the new line uses CRLF",
      code: "\uFEFFservices:\r\n  web:\r\n    ports:\r\n      - target: 80\r\n        published: 8080\r\n",
      errors: [{ messageId: "allInterfaces", line: 4, column: 9, endLine: 5, endColumn: 24 }],
      output: "\uFEFFservices:\r\n  web:\r\n    ports:\r\n      - target: 80\r\n        published: 8080\r\n        host_ip: 127.0.0.1\r\n",
    },
    {
      name: "a public entry point on 80/443 gets a suggestion, not an unattended fix",
      code: 'services:\n  proxy:\n    image: nginx\n    ports: ["80:80", "0.0.0.0:443:443"]\n',
      errors: [
        {
          messageId: "frontDoor",
          data: { service: "proxy", port: '"80:80"', binding: "every interface (0.0.0.0 and [::])", address: "127.0.0.1" },
          line: 4,
          column: 13,
          endLine: 4,
          endColumn: 20,
          suggestions: [{ messageId: "bindToAddress", output: 'services:\n  proxy:\n    image: nginx\n    ports: ["127.0.0.1:80:80", "0.0.0.0:443:443"]\n' }],
        },
        {
          messageId: "frontDoor",
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 39,
          suggestions: [{ messageId: "bindToAddress", output: 'services:\n  proxy:\n    image: nginx\n    ports: ["80:80", "127.0.0.1:443:443"]\n' }],
        },
      ],
      output: null,
    },
    {
      name: "front door ports are an option",
      code: 'services:\n  proxy:\n    ports: ["80:80"]\n',
      options: [{ frontDoorPorts: [] }],
      errors: [{ messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 20 }],
      output: 'services:\n  proxy:\n    ports: ["127.0.0.1:80:80"]\n',
    },
    {
      name: "#53 #54 #60 #61 #66 #67: daemon.json, Swarm, `compose run`, Desktop and rootless are not in the file; the entry is judged as `compose up` on Linux runs it",
      code: 'services:\n  web:\n    network_mode: bridge\n    ports: ["8000:8000"]\n',
      errors: [{ messageId: "allInterfaces", line: 4, column: 13, endLine: 4, endColumn: 24 }],
      output: 'services:\n  web:\n    network_mode: bridge\n    ports: ["127.0.0.1:8000:8000"]\n',
    },
    {
      name: "custom fix address",
      code: 'services:\n  web:\n    ports: ["8000:8000"]\n',
      options: [{ address: "127.0.0.53" }],
      errors: [{ messageId: "allInterfaces", line: 3, column: 13, endLine: 3, endColumn: 24 }],
      output: 'services:\n  web:\n    ports: ["127.0.0.53:8000:8000"]\n',
    },
    {
      name: "fixMode suggestion: nothing changes with --fix, the editor offers it",
      code: 'services:\n  web:\n    ports: ["8000:8000"]\n',
      options: [{ fixMode: "suggestion" }],
      errors: [
        {
          messageId: "allInterfaces",
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 24,
          suggestions: [{ messageId: "bindToAddress", output: 'services:\n  web:\n    ports: ["127.0.0.1:8000:8000"]\n' }],
        },
      ],
      output: null,
    },
    {
      name: "allow list covers only the listed ports",
      code: 'services:\n  proxy:\n    ports: ["443:443", "8080:8080"]\n',
      options: [{ allow: [{ service: "proxy", ports: [443] }] }],
      errors: [{ messageId: "allInterfaces", line: 3, column: 24, endLine: 3, endColumn: 35 }],
      output: 'services:\n  proxy:\n    ports: ["443:443", "127.0.0.1:8080:8080"]\n',
    },
    {
      name: "comments and other entries stay byte for byte",
      code: 'services:\n  web:   # the app\n    ports:\n      # public for now\n      - "8000:8000"   # TODO\n      - "127.0.0.1:9000:9000"\n',
      errors: [{ messageId: "allInterfaces", line: 5, column: 9, endLine: 5, endColumn: 20 }],
      output: 'services:\n  web:   # the app\n    ports:\n      # public for now\n      - "127.0.0.1:8000:8000"   # TODO\n      - "127.0.0.1:9000:9000"\n',
    },
  ],
});

runFixtures(rule, path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures"));
