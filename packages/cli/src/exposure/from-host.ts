import { spawnSync } from "node:child_process";

/**
 * `exposure --from-host`: on the Docker host itself, the read-only commands whose outputs the audit
 * reads. Each runs only when it is installed; none changes anything. Most need root: run the
 * command with sudo, or read what could be read and say what could not.
 */
const HOST_COMMANDS: ReadonlyArray<{ command: string; args: readonly string[]; kind: "firewall" | "listening" }> = [
  { command: "ufw", args: ["status", "verbose"], kind: "firewall" },
  { command: "firewall-cmd", args: ["--list-all-zones"], kind: "firewall" },
  { command: "iptables-save", args: [], kind: "firewall" },
  { command: "ip6tables-save", args: [], kind: "firewall" },
  { command: "nft", args: ["list", "ruleset"], kind: "firewall" },
  { command: "ss", args: ["-tlnpu"], kind: "listening" },
];

export interface HostOutput {
  /** The command line, e.g. `iptables-save`, `ss -tlnpu`: it names the output in the report. */
  name: string;
  kind: "firewall" | "listening";
  text: string;
}

export interface HostReading {
  outputs: HostOutput[];
  /** Commands that did not give an output, and why: not installed, not allowed, failed. */
  skipped: Array<{ name: string; reason: string }>;
}

/** Runs the host's read-only commands that exist; a command that is missing or fails is listed with its reason. */
export function readFromHost(env: NodeJS.ProcessEnv): HostReading {
  const reading: HostReading = { outputs: [], skipped: [] };
  for (const { command, args, kind } of HOST_COMMANDS) {
    const name = [command, ...args].join(" ");
    const run = spawnSync(command, args, { env, encoding: "utf8", timeout: 20_000, maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    const code = (run.error as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ENOENT") reading.skipped.push({ name, reason: "not installed" });
    else if (run.error) reading.skipped.push({ name, reason: code === "ETIMEDOUT" ? "timed out" : run.error.message });
    else if (run.status !== 0) reading.skipped.push({ name, reason: firstLine(run.stderr) || `exit code ${run.status}` });
    else if (run.stdout.trim() === "") reading.skipped.push({ name, reason: "printed nothing (it may need root)" });
    else reading.outputs.push({ name, kind, text: run.stdout });
  }
  return reading;
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0]?.trim() ?? "";
}
