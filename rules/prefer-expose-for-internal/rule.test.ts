import path from "node:path";
import { fileURLToPath } from "node:url";
import { RuleTester, runFixtures } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { name: "datastore without ports", code: "services:\n  db:\n    image: postgres:16\n" },
    { name: "datastore with expose", code: 'services:\n  db:\n    image: postgres:16\n    expose: ["5432"]\n' },
    { name: "a service nobody references", code: 'services:\n  web:\n    image: myapp\n    ports: ["8000:8000"]\n' },
    {
      name: "the front door is referenced but publishes 80",
      code: 'services:\n  proxy:\n    image: myproxy\n    ports: ["80:80"]\n  worker:\n    image: app\n    depends_on: [proxy]\n',
    },
    {
      name: "a front-door image referenced by another service",
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    ports: ["8080:8080"]\n  app:\n    image: app\n    depends_on: [proxy]\n',
    },
    {
      name: "a referenced backend bound to loopback is a deliberate choice",
      code: 'services:\n  backend:\n    image: app\n    ports: ["127.0.0.1:8000:8000"]\n  proxy:\n    image: nginx\n    depends_on: [backend]\n',
    },
    {
      name: "ignored service",
      code: 'services:\n  db:\n    image: postgres\n    ports: ["5432:5432"]\n',
      options: [{ ignoreServices: ["db"] }],
    },
    { name: "host network is another rule's business", code: 'services:\n  db:\n    image: redis\n    network_mode: host\n' },
    { name: "a file path is not a reference", code: 'services:\n  db:\n    image: app\n    ports: ["9000:9000"]\n  web:\n    image: app\n    environment:\n      CONFIG: db/config.yaml\n' },
  ],
  invalid: [
    {
      name: "every entry named in the message, long syntax in words",
      code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - target: 5432\n        published: 5432\n      - "6432:6432"\n',
      errors: [
        {
          messageId: "preferExpose",
          data: { service: "db", evidence: 'image "postgres:16" is a datastore or broker', ports: 'host port 5432 → container port 5432, "6432:6432"' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
        },
      ],
      output: 'services:\n  db:\n    image: postgres:16\n    expose:\n      - "5432"\n      - "6432"\n',
    },
    {
      name: "datastore publishing: key renamed, entry rewritten, comment kept",
      code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432" # for psql from the host\n',
      errors: [
        {
          messageId: "preferExpose",
          data: { service: "db", evidence: 'image "postgres:16" is a datastore or broker', ports: '"5432:5432"' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
        },
      ],
      output: 'services:\n  db:\n    image: postgres:16\n    expose:\n      - "5432" # for psql from the host\n',
    },
    {
      name: "a datastore on loopback is still better unpublished, but only an editor suggestion moves what is already safe",
      code: "services:\n  cache:\n    image: docker.io/library/redis:7@sha256:abc\n    ports:\n      - '127.0.0.1:6379:6379'\n",
      errors: [
        {
          messageId: "preferExpose",
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [{ messageId: "moveToExpose", output: "services:\n  cache:\n    image: docker.io/library/redis:7@sha256:abc\n    expose:\n      - '6379'\n" }],
        },
      ],
      output: null,
    },
    {
      name: "a broker with its management UI on loopback and a leaking port: --fix leaves both (no-all-interface-publish rebinds the leak)",
      code: 'services:\n  mq:\n    image: rabbitmq:3-management\n    ports:\n      - "127.0.0.1:15672:15672"\n      - "5672:5672"\n',
      errors: [
        {
          messageId: "preferExpose",
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [{ messageId: "moveToExpose", output: 'services:\n  mq:\n    image: rabbitmq:3-management\n    expose:\n      - "15672"\n      - "5672"\n' }],
        },
      ],
      output: null,
    },
    {
      name: "a host port from a variable may be set to a loopback IP:PORT: only an editor suggestion moves it",
      code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "${DB_PORT:-5432}:5432"\n',
      errors: [
        {
          messageId: "preferExpose",
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [{ messageId: "moveToExpose", output: 'services:\n  db:\n    image: postgres:16\n    expose:\n      - "5432"\n' }],
        },
      ],
      output: null,
    },
    {
      name: "a bind the operator made configurable, defaulting to loopback, is as safe as loopback",
      code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "${DB_BIND:-127.0.0.1}:5432:5432"\n',
      errors: [
        {
          messageId: "preferExpose",
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [{ messageId: "moveToExpose", output: 'services:\n  db:\n    image: postgres:16\n    expose:\n      - "5432"\n' }],
        },
      ],
      output: null,
    },
    {
      name: "ranges, udp, integers and plain entries",
      code: "services:\n  mq:\n    image: bitnami/rabbitmq\n    ports:\n      - 5672\n      - 15672:15672\n      - \"8000-8010:8000-8010\"\n      - \"5353:53/udp\"\n",
      errors: [{ messageId: "preferExpose", line: 4, column: 5, endLine: 4, endColumn: 10 }],
      output: "services:\n  mq:\n    image: bitnami/rabbitmq\n    expose:\n      - 5672\n      - 15672\n      - \"8000-8010\"\n      - \"53/udp\"\n",
    },
    {
      name: "long syntax entry becomes its target",
      code: "services:\n  db:\n    image: mysql:8\n    ports:\n      - target: 3306\n        published: 3306\n        protocol: tcp\n",
      errors: [{ messageId: "preferExpose", line: 4, column: 5, endLine: 4, endColumn: 10 }],
      output: 'services:\n  db:\n    image: mysql:8\n    expose:\n      - "3306"\n',
    },
    {
      name: "flow style service",
      code: 'services:\n  db: {image: mongo, ports: ["27017:27017"]}\n',
      errors: [{ messageId: "preferExpose", line: 2, column: 22, endLine: 2, endColumn: 27 }],
      output: 'services:\n  db: {image: mongo, expose: ["27017"]}\n',
    },
    {
      name: "an existing expose block gains the ports and ports goes",
      code: 'services:\n  db:\n    image: postgres\n    ports:\n      - "5432:5432"\n      - "9187:9187"\n    expose:\n      - "5432"\n    restart: always\n',
      errors: [{ messageId: "preferExpose", line: 4, column: 5, endLine: 4, endColumn: 10 }],
      output: 'services:\n  db:\n    image: postgres\n    expose:\n      - "5432"\n      - "9187"\n    restart: always\n',
    },
    {
      name: "an existing flow expose before ports",
      code: 'services:\n  db:\n    image: postgres\n    expose: ["5432"]\n    ports:\n      - "9187:9187"\n',
      errors: [{ messageId: "preferExpose", line: 5, column: 5, endLine: 5, endColumn: 10 }],
      output: 'services:\n  db:\n    image: postgres\n    expose: ["5432", "9187"]\n',
    },
    {
      name: "a backend other services depend on",
      code: 'services:\n  backend:\n    build: .\n    ports: ["8000:8000"]\n  frontend:\n    image: nginx\n    depends_on:\n      backend:\n        condition: service_started\n',
      errors: [
        {
          messageId: "preferExpose",
          data: { service: "backend", evidence: '"frontend" uses it via depends_on', ports: '"8000:8000"' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
        },
      ],
      output: 'services:\n  backend:\n    build: .\n    expose: ["8000"]\n  frontend:\n    image: nginx\n    depends_on:\n      backend:\n        condition: service_started\n',
    },
    {
      name: "a backend named through a variable's default",
      code: 'services:\n  backend:\n    build: .\n    ports: ["8000:8000"]\n  frontend:\n    image: nginx\n    depends_on: ["${BACKEND_HOST:-backend}"]\n',
      errors: [
        {
          messageId: "preferExpose",
          data: { service: "backend", evidence: '"frontend" uses it via depends_on', ports: '"8000:8000"' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
        },
      ],
      output: 'services:\n  backend:\n    build: .\n    expose: ["8000"]\n  frontend:\n    image: nginx\n    depends_on: ["${BACKEND_HOST:-backend}"]\n',
    },
    {
      name: "referenced through a connection string",
      code: "services:\n  store:\n    image: example/custom-db\n    ports:\n      - 7000:7000\n  app:\n    image: app\n    environment:\n      - DATABASE_URL=custom://user@store:7000/main\n",
      errors: [
        {
          messageId: "preferExpose",
          data: { service: "store", evidence: '"app" uses it via environment', ports: '"7000:7000"' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
        },
      ],
      output: "services:\n  store:\n    image: example/custom-db\n    expose:\n      - 7000\n  app:\n    image: app\n    environment:\n      - DATABASE_URL=custom://user@store:7000/main\n",
    },
    {
      name: "referenced by a *_HOST variable",
      code: 'services:\n  cache:\n    image: example/kv\n    ports: ["6000:6000"]\n  app:\n    image: app\n    environment:\n      CACHE_HOST: cache\n',
      errors: [{ messageId: "preferExpose", line: 4, column: 5, endLine: 4, endColumn: 10 }],
      output: 'services:\n  cache:\n    image: example/kv\n    expose: ["6000"]\n  app:\n    image: app\n    environment:\n      CACHE_HOST: cache\n',
    },
    {
      name: "two entries for one container port would duplicate expose items: no fix",
      code: 'services:\n  db:\n    image: postgres\n    ports: ["5432:5432", "15432:5432"]\n',
      errors: [{ messageId: "preferExpose", line: 4, column: 5, endLine: 4, endColumn: 10 }],
      output: null,
    },
    {
      name: "anchored ports are reported without a fix",
      code: 'x-ports: &db-ports ["5432:5432"]\nservices:\n  db:\n    image: postgres\n    ports: *db-ports\n',
      errors: [{ messageId: "preferExpose", line: 5, column: 5, endLine: 5, endColumn: 10 }],
      output: null,
    },
    {
      name: "an extra internal image from the options",
      code: 'services:\n  q:\n    image: acme/my-queue:2\n    ports: ["7777:7777"]\n',
      options: [{ internalImages: ["my-queue"] }],
      errors: [{ messageId: "preferExpose", line: 4, column: 5, endLine: 4, endColumn: 10 }],
      output: 'services:\n  q:\n    image: acme/my-queue:2\n    expose: ["7777"]\n',
    },
    {
      name: "fixMode suggestion",
      code: 'services:\n  db:\n    image: postgres\n    ports: ["5432:5432"]\n',
      options: [{ fixMode: "suggestion" }],
      errors: [
        {
          messageId: "preferExpose",
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [{ messageId: "moveToExpose", output: 'services:\n  db:\n    image: postgres\n    expose: ["5432"]\n' }],
        },
      ],
      output: null,
    },
    {
      name: "CRLF file with an existing block expose",
      code: 'services:\r\n  db:\r\n    image: redis\r\n    expose:\r\n      - "6379"\r\n    ports:\r\n      - "16379:6380"\r\n',
      errors: [{ messageId: "preferExpose", line: 6, column: 5, endLine: 6, endColumn: 10 }],
      output: 'services:\r\n  db:\r\n    image: redis\r\n    expose:\r\n      - "6379"\r\n      - "6380"\r\n',
    },
  ],
});

runFixtures(rule, path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures"));
