import { createRule, describeMountedHostPath, entryBoolean, objectOption, entryString, isUntypedBind, mountedHostPath, normaliseHostPath, ruleDocsUrl, serviceEntry } from "@compose-lint/core";
import { engineSocket } from "../lib/sockets.js";

export type Options = [{ allowServices: string[] }];


export default createRule<"socketMount" | "socketFolder" | "apiSocket", Options>({
  id: "no-docker-socket-mount",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow mounting a container engine's API socket (Docker, Podman, containerd, CRI-O)",
      category: "security",
      recommended: true,
      url: ruleDocsUrl("no-docker-socket-mount"),
    },
    defaultSeverity: "error",
    grade: "critical",
    references: [
      { title: "CIS Docker Benchmark 5.31: Ensure that the Docker socket is not mounted inside any containers", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #1: Do not expose the Docker daemon socket", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [objectOption({ allowServices: { type: "array", items: { type: "string" } } })],
    messages: {
      socketFolder:
        'Service "{{service}}" mounts {{value}}, a folder that holds a container engine\'s API socket (Docker, Podman, containerd, CRI-O) or the system bus: whoever controls the container can reach it and own the host. Mount only what the service needs, or list it in `allowServices`.',
      socketMount:
        'Service "{{service}}" mounts the container engine\'s API socket ({{value}}): whoever controls the container can start a privileged container and own the host. `:ro` does not help, it only stops the socket file itself from being replaced. Use a socket proxy that allows only the calls needed, or list the service in `allowServices`.',
      apiSocket:
        'Service "{{service}}" sets `use_api_socket: {{value}}`, which gives it the container engine\'s API socket: whoever controls the container can own the host.',
    },
  },
  defaultOptions: [{ allowServices: [] }],
  create(context) {
    const [{ allowServices }] = context.options;
    return {
      service(service) {
        if (allowServices.includes(service.name)) return;
        for (const volume of service.volumes) {
          if (!volume.source || !volume.sourceNode) continue;
          // A long-syntax mount with a host path but no `type` is refused by Compose (valid-schema
          // says so); what it was meant to mount is still reported.
          const host = isUntypedBind(volume) ? { path: volume.source } : mountedHostPath(volume, context.model);
          if (!host) continue;
          const kind = engineSocket(normaliseHostPath(host.path));
          if (kind) context.report({ node: volume.sourceNode, messageId: kind === "socket" ? "socketMount" : "socketFolder", data: { service: service.name, value: describeMountedHostPath(host) } });
        }
        const apiSocketEntry = serviceEntry(service, "use_api_socket");
        const apiSocket = entryString(apiSocketEntry);
        if (apiSocket && entryBoolean(apiSocketEntry, context.model) === true) {
          context.report({ node: apiSocket, messageId: "apiSocket", data: { service: service.name, value: apiSocket.value } });
        }
      },
    };
  },
});
