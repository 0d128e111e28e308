// Where container engines keep their API sockets: Docker (rootful, rootless, Desktop), Podman
// (rootful and rootless under /run/user/<uid>), containerd and CRI-O. Whoever reaches one of them
// can start a privileged container and own the host.

/** A socket file itself. */
const SOCKET_FILE = /(^|\/)(docker\.sock|docker\.sock\.raw|podman\.sock|containerd\.sock|crio\.sock|dockershim\.sock|cri-dockerd\.sock)$/;

/** A folder that holds one (or a system bus that can start services as root). */
const SOCKET_FOLDER = /^(\/var)?\/run(\/(docker|containerd|crio|podman|systemd|dbus|user\/\d+(\/(docker|podman))?))?$/;

export type EngineSocket = "socket" | "folder";

/** Whether a normalised host path is an engine's API socket, or a folder that holds one. */
export function engineSocket(path: string): EngineSocket | undefined {
  if (SOCKET_FILE.test(path)) return "socket";
  if (SOCKET_FOLDER.test(path)) return "folder";
  return undefined;
}
