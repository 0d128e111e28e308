import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    image: nginx:1.27\n    restart: always\n    ports: ['127.0.0.1:8000:80']\nx-common: &common\n  foo: bar\n" },
    { name: "interpolation where a number or a boolean goes", code: "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: ${REPLICAS:-2}\n    privileged: ${PRIVILEGED:-false}\n    depends_on:\n      db:\n        condition: service_started\n        required: ${DB_REQUIRED:-true}\n  db:\n    image: postgres\n" },
    { name: "extension keys anywhere the spec allows them", code: "x-top: 1\nservices:\n  web:\n    image: nginx\n    x-team: core\n    ports:\n      - target: 80\n        x-note: public\n" },
    {
      name: "strings Compose converts: its boolean spellings, numbers, durations with d and w, byte sizes",
      code: 'services:\n  web:\n    image: nginx\n    privileged: "FALSE"\n    read_only: "yes"\n    tty: "off"\n    cpus: "0.5"\n    pids_limit: "-1"\n    mem_limit: "1.5 GiB"\n    shm_size: "64m"\n    stop_grace_period: "1m30s"\n    healthcheck:\n      retries: "3"\n      interval: "1d"\n      timeout: "0"\n    ulimits:\n      nofile: { soft: "1024", hard: "2048" }\n',
    },
    { name: "a value that depends on a variable nobody sets is not judged", code: "services:\n  web:\n    image: nginx\n    healthcheck:\n      retries: ${RETRIES}\n" },
    { name: "identical port entries are merged by Compose before validation", code: 'services:\n  web:\n    image: nginx\n    ports: ["8000:8000", "8000:8000"]\n' },
    {
      name: "a key whose value is !reset is gone from the file as Compose reads it, whatever it would need to be",
      code: "services:\n  nginx: !reset\n  web:\n    privileged: !reset\n    healthcheck: !reset\n    depends_on: !reset\n    ports: !reset []\n    environment:\n      DEBUG: !reset\n",
    },
  ],
  invalid: [
    {
      name: "a value marked !override is still read, and checked",
      code: "services:\n  web:\n    image: nginx\n    networks: !override front\n",
      errors: [{ messageId: "type", data: { detail: '"services.web.networks" must be a list or a mapping, not the string "front"' }, line: 4, column: 25, endLine: 4, endColumn: 30 }],
      output: null,
    },
    {
      name: "a misspelt key, with the closest known key",
      code: "services:\n  web:\n    image: nginx\n    restrat: always\n",
      errors: [{ messageId: "unknownKey", data: { detail: 'Unknown key "restrat" in "services.web" (did you mean "restart"?)' }, line: 4, column: 5, endLine: 4, endColumn: 12 }],
      output: null,
    },
    {
      name: "an unknown top-level key",
      code: "services: {}\nservice:\n  web: {}\n",
      errors: [{ messageId: "unknownKey", data: { detail: 'Unknown key "service" in the top level (did you mean "services"?)' }, line: 2, column: 1, endLine: 2, endColumn: 8 }],
      output: null,
    },
    {
      name: "a wrong type, with the expected type named",
      code: "services:\n  web:\n    image: nginx\n    networks: front\n",
      errors: [{ messageId: "type", data: { detail: '"services.web.networks" must be a list or a mapping, not the string "front"' }, line: 4, column: 15, endLine: 4, endColumn: 20 }],
      output: null,
    },
    {
      name: "a bad enum value, with the allowed ones",
      code: "services:\n  web:\n    depends_on:\n      db:\n        condition: service_finished\n  db:\n    image: postgres\n",
      errors: [
        {
          messageId: "enum",
          data: { detail: '"services.web.depends_on.db.condition" must be one of "service_started", "service_healthy", "service_completed_successfully", not "service_finished"' },
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 36,
        },
      ],
      output: null,
    },
    {
      name: "a required key missing, reported at its mapping's key",
      code: "services:\n  web:\n    volumes:\n      - source: ./data\n        target: /data\n",
      errors: [{ messageId: "required", data: { detail: '"services.web.volumes[0]" is missing the required key "type"' }, line: 4, column: 9, endLine: 5, endColumn: 22 }],
      output: null,
    },
    {
      name: "a wrong key in one service does not hide errors in another",
      code: "services:\n  a:\n    imagee: x\n  b:\n    ports:\n      - target: 80\n        publishd: 8080\n  'bad name':\n    image: x\n",
      errors: [
        { messageId: "unknownKey", data: { detail: 'Unknown key "imagee" in "services.a" (did you mean "image"?)' }, line: 3, column: 5, endLine: 3, endColumn: 11 },
        { messageId: "unknownKey", data: { detail: 'Unknown key "publishd" in "services.b.ports[0]" (did you mean "published"?)' }, line: 7, column: 9, endLine: 7, endColumn: 17 },
        { messageId: "invalidName", data: { detail: '"bad name" is not a valid name in "services": use letters, digits, ".", "_" and "-"' }, line: 8, column: 3, endLine: 8, endColumn: 13 },
      ],
      output: null,
    },
    {
      name: "an empty service points at its key",
      code: "services:\n  web:\n",
      errors: [{ messageId: "type", data: { detail: '"services.web" must be a mapping, not empty' }, line: 2, column: 3, endLine: 2, endColumn: 6 }],
      output: null,
    },
    {
      name: "keys merged in with << are checked where they are written",
      code: "x-base: &base\n  imag: nginx\nservices:\n  web:\n    <<: *base\n",
      errors: [{ messageId: "unknownKey", line: 2, column: 3, endLine: 2, endColumn: 7 }],
      output: null,
    },
    {
      name: "strings Compose cannot convert once interpolated: a count, a boolean, a duration and a byte size",
      code: "services:\n  web:\n    image: nginx\n    privileged: maybe\n    mem_limit: lots\n    deploy:\n      replicas: two\n    healthcheck:\n      retries: ${RETRIES:-many}\n      interval: 10 parsecs\n",
      errors: [
        { messageId: "unreadableValue", data: { path: "services.web.privileged", shown: '"maybe"', expected: "true or false" }, line: 4, column: 17, endLine: 4, endColumn: 22 },
        { messageId: "unreadableValue", data: { path: "services.web.mem_limit", shown: '"lots"', expected: "a byte size such as 512m or 2g" }, line: 5, column: 16, endLine: 5, endColumn: 20 },
        { messageId: "unreadableValue", data: { path: "services.web.deploy.replicas", shown: '"two"', expected: "a whole number" }, line: 7, column: 17, endLine: 7, endColumn: 20 },
        {
          messageId: "unreadableValue",
          data: { path: "services.web.healthcheck.retries", shown: '"${RETRIES:-many}" ("many" once interpolated)', expected: "a whole number" },
          line: 9,
          column: 16,
          endLine: 9,
          endColumn: 32,
        },
        { messageId: "unreadableValue", data: { path: "services.web.healthcheck.interval", shown: '"10 parsecs"', expected: "a duration such as 30s or 1m30s" }, line: 10, column: 17, endLine: 10, endColumn: 27 },
      ],
      output: null,
    },
    {
      name: "a bad value in a list item and in a top-level definition",
      code: "services:\n  web:\n    image: nginx\n    volumes:\n      - type: volume\n        source: data\n        target: /data\n        read_only: sometimes\nvolumes:\n  data:\n    external: perhaps\n",
      errors: [
        { messageId: "unreadableValue", data: { path: "services.web.volumes[0].read_only", shown: '"sometimes"', expected: "true or false" }, line: 8, column: 20, endLine: 8, endColumn: 29 },
        { messageId: "unreadableValue", data: { path: "volumes.data.external", shown: '"perhaps"', expected: "true or false" }, line: 11, column: 15, endLine: 11, endColumn: 22 },
      ],
      output: null,
    },
  ],
});
