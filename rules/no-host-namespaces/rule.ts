import { createRule, entryString, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

const NAMESPACE_KEYS: ReadonlyArray<{ key: string; effect: string }> = Object.entries({
  pid: "sees and can signal every process on the host",
  ipc: "shares the host's shared memory and semaphores",
  uts: "can change the host's hostname",
  userns_mode: "runs without user-namespace remapping, so its root is the host's root",
  cgroup: "sees the host's cgroup tree",
}).map(([key, effect]) => ({ key, effect }));

export default createRule<"hostNamespace", []>({
  id: "no-host-namespaces",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow sharing the host's PID, IPC, UTS, user or cgroup namespace",
      category: "security",
      recommended: true,
      url: ruleDocsUrl("no-host-namespaces"),
    },
    defaultSeverity: "error",
    grade: "high",
    references: [
      { title: "CIS Docker Benchmark 5.15: Ensure that the host's process namespace is not shared", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "CIS Docker Benchmark 5.16: Ensure that the host's IPC namespace is not shared", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "CIS Docker Benchmark 5.20: Ensure that the host's UTS namespace is not shared", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "CIS Docker Benchmark 5.30: Ensure that the host's user namespaces are not shared", url: "https://www.cisecurity.org/benchmark/docker" },
    ],
    schema: [],
    messages: {
      hostNamespace: 'Service "{{service}}" sets `{{key}}: host`: the container {{effect}}. Remove it unless the service is a host agent that needs it.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        for (const { key, effect } of NAMESPACE_KEYS) {
          const value = entryString(serviceEntry(service, key));
          if (value?.value === "host") {
            context.report({ node: value, messageId: "hostNamespace", data: { service: service.name, key, effect, value: value.value } });
          }
        }
      },
    };
  },
});
