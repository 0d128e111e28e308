import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFirewalldZones, parseIptablesList, parseIptablesSave, parseNftRuleset, parseUfwStatus, readFirewallListing } from "../packages/cli/src/exposure/firewall.js";
import { parseNmapGrepable, parseNmapXml, parseSs } from "../packages/cli/src/exposure/observed.js";
import { makeProject, repoRoot, runCli } from "./helpers.js";

const fixed = path.join(repoRoot, "examples/booking-platform/fixed");
const firewall = ["--ufw-status", "server/ufw-status.txt", "--iptables-save", "server/iptables-save.txt"];

interface JsonEntry {
  service: string;
  reason: string;
  hostAddresses: string[];
  hostPorts: string | null;
  containerPorts: string | null;
  protocol: string;
  file: string;
  line: number;
  firewall?: { status: string; detail: string };
  publishedNow?: { iptablesLine: number; source: string } | null;
  scan?: string;
  listening?: boolean;
  evidence?: unknown[];
  unexpected?: boolean;
}

interface JsonReport {
  project: { directory: string; files: string[] };
  reachable: JsonEntry[];
  internal: JsonEntry[];
  firewallRulesWithoutService: Array<{ line: number; text: string }>;
  publishedByDockerNotByProject: Array<{ hostPorts: string; destination: string; iptablesLine: number }>;
  expected?: string[];
  unexpected?: JsonEntry[];
  summary: { reachable: number; leaks: number; internal: number; unexpected: number };
}

describe("ufw status parsing", () => {
  it("reads ports, ranges, protocols, app profiles, v6 and route rules, and keeps what it does not understand", () => {
    const status = parseUfwStatus(`Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), deny (routed)
New profiles: skip

     To                         Action      From
     --                         ------      ----
[ 1] 22/tcp                     LIMIT IN    Anywhere
[ 2] Nginx Full                 ALLOW IN    Anywhere
[ 3] 60000:61000/udp            ALLOW IN    Anywhere
[ 4] 5432                       ALLOW IN    10.0.0.0/8
[ 5] 8080/tcp                   DENY IN     Anywhere
[ 6] 192.168.1.10 3000/tcp      ALLOW IN    Anywhere
[ 7] 9000/tcp on eth1           ALLOW IN    Anywhere
[ 8] 443/tcp                    ALLOW FWD   Anywhere
[ 9] 53                         ALLOW OUT   Anywhere (out)
[10] 22/tcp (v6)                LIMIT IN    Anywhere (v6)
[11] Some Custom App            ALLOW IN    Anywhere
`);
    expect(status.active).toBe(true);
    expect(status.defaultIncoming).toBe("deny");
    expect(status.rules.map((rule) => [rule.line, rule.action, rule.ports?.map((port) => `${port.start}-${port.end}`).join(","), rule.protocol, rule.from, rule.ipv6, rule.route])).toEqual([
      [8, "limit", "22-22", "tcp", "Anywhere", false, false],
      [9, "allow", "80-80,443-443", "tcp", "Anywhere", false, false],
      [10, "allow", "60000-61000", "udp", "Anywhere", false, false],
      [11, "allow", "5432-5432", undefined, "10.0.0.0/8", false, false],
      [12, "deny", "8080-8080", "tcp", "Anywhere", false, false],
      [13, "allow", "3000-3000", "tcp", "Anywhere", false, false],
      [14, "allow", "9000-9000", "tcp", "Anywhere", false, false],
      [15, "allow", "443-443", "tcp", "Anywhere", false, true],
      [17, "limit", "22-22", "tcp", "Anywhere", true, false],
    ]);
    expect(status.ignored).toEqual([
      { line: 16, text: "[ 9] 53                         ALLOW OUT   Anywhere (out)" },
      { line: 18, text: "[11] Some Custom App            ALLOW IN    Anywhere" },
    ]);
    expect(parseUfwStatus("Status: inactive\n").active).toBe(false);
  });
});

describe("iptables-save parsing", () => {
  it("reads Docker's DNAT rules, DOCKER-USER and ufw's chains", () => {
    const save = parseIptablesSave(`*nat
:DOCKER - [0:0]
-A DOCKER -d 127.0.0.1/32 ! -i br-1 -p tcp -m tcp --dport 5500 -j DNAT --to-destination 172.18.0.5:80
-A DOCKER ! -i br-1 -p udp -m udp --dport 51820 -j DNAT --to-destination 172.18.0.6:51820
-A DOCKER ! -i br-1 -p tcp -m tcp --dport 8000:8010 -j DNAT --to-destination 172.18.0.7:8000-8010
COMMIT
*filter
:DOCKER-USER - [0:0]
-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 5432 -m comment --comment "no \\"db\\" from outside" -j DROP
-A DOCKER-USER ! -s 10.0.0.0/8 -p tcp -m tcp --dport 6379 -j REJECT --reject-with icmp-port-unreachable
-A DOCKER-USER -j RETURN
-A ufw-user-input -p tcp -m tcp --dport 22 -j ufw-user-limit-accept
-A ufw-user-input -p tcp -m multiport --dports 80,443 -j ACCEPT
-A ufw6-user-input -p udp -m udp --dport 51820 -s 192.0.2.0/24 -j ACCEPT
COMMIT
`);
    expect(save.hasDocker).toBe(true);
    expect(save.published).toEqual([
      { hostAddress: "127.0.0.1", hostPorts: { start: 5500, end: 5500 }, protocol: "tcp", destination: "172.18.0.5:80", line: 3, source: "iptables-save" },
      { hostAddress: undefined, hostPorts: { start: 51820, end: 51820 }, protocol: "udp", destination: "172.18.0.6:51820", line: 4, source: "iptables-save" },
      { hostAddress: undefined, hostPorts: { start: 8000, end: 8010 }, protocol: "tcp", destination: "172.18.0.7:8000-8010", line: 5, source: "iptables-save" },
    ]);
    expect(save.dockerUser.map((rule) => [rule.action, rule.hostPorts, rule.containerPorts, rule.protocol, rule.conditions])).toEqual([
      ["DROP", { start: 5432, end: 5432 }, undefined, "tcp", ["-i eth0"]],
      ["REJECT", undefined, { start: 6379, end: 6379 }, "tcp", ["! -s 10.0.0.0/8"]],
      ["RETURN", undefined, undefined, undefined, []],
    ]);
    expect(save.ufwRules.map((rule) => [rule.ports?.map((port) => port.start), rule.protocol, rule.from, rule.ipv6])).toEqual([
      [[22], "tcp", "Anywhere", false],
      [[80, 443], "tcp", "Anywhere", false],
      [[51820], "udp", "192.0.2.0/24", true],
    ]);
  });
});

describe("compose-lint exposure", () => {
  it("prints the project's reachable and internal ports as a table", () => {
    const run = runCli(["exposure"], { cwd: fixed });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("Project . (compose.yaml, compose.override.yaml)");
    expect(lines).toContain("Reachable from outside the host (1)");
    expect(lines.find((line) => line.startsWith("db "))).toMatch(/^db\s+0\.0\.0\.0, \[::\]\s+5432\s+5432\s+tcp\s+compose\.override\.yaml:6\s+no host IP: every interface, 0\.0\.0\.0 and \[::\]$/);
    expect(lines).toContain("Internal only (4)");
    expect(lines.find((line) => line.startsWith("frontend "))).toMatch(/^frontend\s+127\.0\.0\.1\s+5500\s+80\s+tcp\s+compose\.yaml:51\s+loopback only: this host alone$/);
    expect(lines.at(-2)).toBe("1 reachable from outside, 4 internal.");
  });

  it("marks the leak against ufw and iptables-save, and lists firewall rules with nothing behind them", () => {
    const run = runCli(["exposure", ...firewall, "--format", "json"], { cwd: fixed });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.project).toEqual({ directory: ".", files: ["compose.yaml", "compose.override.yaml"], profiles: [] });
    expect(report.reachable).toHaveLength(1);
    expect(report.reachable[0]).toMatchObject({
      service: "db",
      reason: "all-interfaces",
      hostAddresses: ["0.0.0.0", "::"],
      hostPorts: "5432",
      containerPorts: "5432",
      protocol: "tcp",
      file: "compose.override.yaml",
      line: 6,
      firewall: { status: "leak", detail: "ufw status has no rule allowing 5432/tcp; Docker's own rules let it past" },
      publishedNow: { iptablesLine: 15 },
    });
    expect(report.internal.map((entry) => `${entry.service} ${entry.reason} ${entry.hostPorts ?? "-"} ${entry.file}:${entry.line}`)).toEqual([
      "backend expose-only - compose.yaml:42",
      "cache expose-only - compose.yaml:27",
      "db expose-only - compose.yaml:17",
      "frontend loopback 5500 compose.yaml:51",
    ]);
    expect(report.internal.find((entry) => entry.service === "frontend")!.publishedNow).toEqual({ iptablesLine: 14, source: "iptables-save" });
    expect(report.firewallRulesWithoutService.map((rule) => `${rule.line}: ${rule.text}`)).toEqual([
      "8: 22/tcp LIMIT IN Anywhere",
      "9: 80,443/tcp ALLOW IN Anywhere",
      "10: 22/tcp (v6) LIMIT IN Anywhere (v6)",
      "11: 80,443/tcp (v6) ALLOW IN Anywhere (v6)",
    ]);
    expect(report.publishedByDockerNotByProject).toEqual([{ hostAddress: null, hostPorts: "9443", protocol: "tcp", destination: "172.17.0.2:9443", iptablesLine: 16, source: "iptables-save" }]);
    expect(report.summary).toEqual({ reachable: 1, leaks: 1, internal: 4, unexpected: 0 });
  });

  it("colours the leak red when colour is on", () => {
    const run = runCli(["exposure", ...firewall, "--color"], { cwd: fixed });
    const leakLine = run.stdout.split("\n").find((line) => line.includes("compose.override.yaml:6"));
    expect(leakLine!.startsWith("\u001b[31m")).toBe(true);
    expect(runCli(["exposure", ...firewall], { cwd: fixed }).stdout).not.toContain("\u001b[");
  });

  it("reads ufw's intent from iptables-save alone", () => {
    const run = runCli(["exposure", "--iptables-save", "server/iptables-save.txt", "--format", "json"], { cwd: fixed });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.reachable[0]!.firewall).toEqual({ status: "leak", detail: "iptables-save (ufw chains) has no rule allowing 5432/tcp; Docker's own rules let it past" });
  });

  it("holds the line with --expect: exit 1 and the port named, in Markdown for a pull request", () => {
    const run = runCli(["exposure", ...firewall, "--expect", "22,80,443", "--format", "markdown"], { cwd: fixed });
    expect(run.status).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["### compose-lint exposure: `.`", "", "Files: `compose.yaml`, `compose.override.yaml`"]);
    expect(lines).toContain("#### Reachable from outside the host (1)");
    expect(lines).toContain("| Service | Address | Host port | Container | Protocol | Published at | Why | Firewall |");
    expect(lines).toContain(
      "| db | `0.0.0.0`, `::` | 5432 | 5432 | tcp | `compose.override.yaml:6` | no host IP: every interface, 0.0.0.0 and [::] | **reachable although the firewall does not allow it (ufw status has no rule allowing 5432/tcp; Docker's own rules let it past); published now (iptables-save line 15)** |",
    );
    expect(lines).toContain("- iptables-save line 16: every address 9443/tcp → 172.17.0.2:9443");
    expect(lines.at(-2)).toBe(
      "1 reachable from outside, 4 internal, 1 reachable although the firewall does not allow it. Beyond the expected 22, 80, 443: db 5432/tcp (compose.override.yaml:6).",
    );

    const withoutFirewall = runCli(["exposure", "--format", "markdown"], { cwd: fixed });
    expect(withoutFirewall.status).toBe(0);
    expect(withoutFirewall.stdout).toContain("| Service | Address | Host port | Container | Protocol | Published at | Why |\n");
    expect(withoutFirewall.stdout).toContain("| frontend | `127.0.0.1` | 5500 | 80 | tcp | `compose.yaml:51` | loopback only: this host alone |\n");

    expect(runCli(["exposure", "--expect", "22,80,443,5432/tcp"], { cwd: fixed }).status).toBe(0);
    expect(runCli(["exposure", "--expect", "22,80,443,5432/udp"], { cwd: fixed }).status).toBe(1);
  });

  it("takes the expected ports from the config file", () => {
    const cwd = makeProject({
      "compose.yaml": 'services:\n  web:\n    image: nginx:1.27\n    ports: ["443:443", "8080:80"]\n',
      ".compose-lint.yaml": "exposure:\n  expect: [443]\n",
    });
    const run = runCli(["exposure", "--format", "json"], { cwd });
    expect(run.status).toBe(1);
    // A config of only exposure settings turns no rule on, which the audit does not need: nothing to say.
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.expected).toEqual(["443"]);
    expect(report.unexpected!.map((entry) => entry.hostPorts)).toEqual(["8080"]);
  });

  it("calls a port that ufw allows only from one network a leak, and names a random host port", () => {
    const cwd = makeProject({
      "compose.yaml": 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432", "6000"]\n',
      "ufw.txt": "Status: active\n\nTo                         Action      From\n--                         ------      ----\n5432/tcp                   ALLOW IN    10.0.0.0/8\n",
    });
    const report = JSON.parse(runCli(["exposure", "--ufw-status", "ufw.txt", "--format", "json"], { cwd }).stdout) as JsonReport;
    expect(report.reachable.map((entry) => [entry.hostPorts, entry.firewall])).toEqual([
      [null, { status: "leak", detail: "ufw status has no rule allowing a random host port (tcp); Docker's own rules let it past" }],
      ["5432", { status: "leak", detail: "ufw status allows 5432/tcp only from 10.0.0.0/8 (line 5); Docker's own rules let everyone in" }],
    ]);
  });

  it("explains host networks, DOCKER-USER filters, variables and internal networks", () => {
    const cwd = makeProject({
      "compose.yaml": `services:
  monitor:
    image: prom/node-exporter:v1.8.2
    network_mode: host
  db:
    image: postgres:16
    ports: ["5432:5432"]
  app:
    image: example/app:1
    ports: ["\${BIND}:8000:8000"]
  worker:
    image: example/worker:1
    networks: [jobs]
    ports: ["9000:9000"]
networks:
  jobs:
    internal: true
`,
      "iptables.txt": "*filter\n:DOCKER-USER - [0:0]\n-A DOCKER-USER -p tcp -m conntrack --ctorigdstport 5432 -j DROP\n-A DOCKER-USER -j RETURN\nCOMMIT\n",
    });
    const run = runCli(["exposure", "--iptables-save", "iptables.txt", "--format", "json", "--expect", "8000"], { cwd });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.reachable.map((entry) => [entry.service, entry.reason, entry.hostPorts, entry.firewall?.status, entry.unexpected])).toEqual([
      ["monitor", "host-network", null, "host-input", true],
      ["db", "all-interfaces", "5432", "filtered", undefined],
      ["app", "unset-variable", "8000", undefined, false],
    ]);
    expect(report.internal.map((entry) => [entry.service, entry.reason])).toEqual([["worker", "internal-network"]]);
    // The host network's ports cannot be checked against --expect.
    expect(run.status).toBe(1);
  });

  it("reports each folder given as its own project", () => {
    const run = runCli(["exposure", "--format", "json", "examples/booking-platform", "examples/booking-platform/fixed"], { cwd: repoRoot });
    const reports = JSON.parse(run.stdout) as JsonReport[];
    expect(reports.map((report) => [report.project.directory, report.summary.reachable])).toEqual([
      ["examples/booking-platform", 4],
      ["examples/booking-platform/fixed", 1],
    ]);
  });

  it("uses -f files, .env and profiles as lint does", () => {
    const cwd = makeProject({
      "base.yaml": 'services:\n  app:\n    image: example/app:1\n    ports: ["${BIND:-127.0.0.1}:8000:8000"]\n  debug:\n    image: example/debug:1\n    profiles: [debug]\n    ports: ["9229:9229"]\n',
      "prod.yaml": "services:\n  app:\n    environment: [MODE=prod]\n",
      ".env": "BIND=0.0.0.0\n",
    });
    const report = JSON.parse(runCli(["exposure", "-f", "base.yaml", "-f", "prod.yaml", "--format", "json", "--profile", "prod"], { cwd }).stdout) as JsonReport;
    expect(report.project.files).toEqual(["base.yaml", "prod.yaml"]);
    expect(report.reachable.map((entry) => [entry.service, entry.reason, entry.hostAddresses])).toEqual([["app", "all-ipv4", ["0.0.0.0"]]]);
    const withDebug = JSON.parse(runCli(["exposure", "-f", "base.yaml", "--format", "json"], { cwd, env: { BIND: "127.0.0.1" } }).stdout) as JsonReport;
    expect(withDebug.reachable.map((entry) => entry.service)).toEqual(["debug"]);
  });

  it("gives usage errors and broken projects a clear message", () => {
    const cwd = makeProject({ "compose.yaml": "services:\n  web:\n    image: [unclosed\n" });
    const broken = runCli(["exposure"], { cwd });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^compose\.yaml:\d+:\d+: Parsing error: .+\ncompose-lint: the project does not load, so its exposure cannot be reported\n$/);
    expect(runCli(["exposure", "--ufw-status", "nope.txt"], { cwd: fixed })).toMatchObject({ status: 2, stderr: "compose-lint: --ufw-status nope.txt: no such file\nRun \"compose-lint --help\" for usage.\n" });
    const notDocker = makeProject({ "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n", "saved.txt": "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n" });
    expect(runCli(["exposure", "--iptables-save", "saved.txt"], { cwd: notDocker }).stderr).toBe(
      "compose-lint: saved.txt has no DOCKER chains: is it from the Docker host?\n",
    );
    expect(runCli(["exposure", "--format", "sarif"], { cwd: fixed }).stderr).toContain('exposure --format takes table, json, markdown, html, not "sarif"');
    expect(runCli(["exposure", "--expect", "http"], { cwd: fixed }).stderr).toContain('--expect takes ports such as 22,80,443 or 8000-8010/tcp, not "http"');
    expect(runCli(["--expect", "22"], { cwd: fixed }).stderr).toContain("--expect goes with the exposure command");
    expect(runCli(["exposure", "empty"], { cwd: makeProject({ "empty/README": "" }) })).toMatchObject({ status: 2, stderr: "compose-lint: No compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml in empty\n" });
  });
});

describe("iptables -L listings and --firewall", () => {
  // The story's commands on the host of examples/booking-platform/fixed: iptables 1.8.9 prints
  // protocols as numbers with -n; -v adds counters and the interfaces.
  const natListing = `Chain DOCKER (2 references)
target     prot opt source               destination
RETURN     0    --  0.0.0.0/0            0.0.0.0/0
RETURN     0    --  0.0.0.0/0            0.0.0.0/0
DNAT       6    --  0.0.0.0/0            127.0.0.1            tcp dpt:5500 to:172.18.0.5:80
DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:5432 to:172.18.0.2:5432
DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:9443 to:172.17.0.2:9443
`;
  const dockerUserListing = `Chain DOCKER-USER (1 references)
 pkts bytes target     prot opt in     out     source               destination
   14   840 DROP       tcp  --  eth0   *       0.0.0.0/0            0.0.0.0/0            ctstate NEW ctorigdstport 5432
    3   180 REJECT     tcp  --  *      *      !10.0.0.0/8           0.0.0.0/0            tcp dpt:6379 reject-with icmp-port-unreachable
 1203   98K RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0
`;

  it("reads the nat DOCKER chain, DOCKER-USER with -v, ranges, udp and ip6tables' blank opt column", () => {
    const nat = parseIptablesList(`${natListing}DNAT       17   --  0.0.0.0/0            0.0.0.0/0            udp dpt:51820 to:172.18.0.6:51820
DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpts:8000:8010 to:172.18.0.7:8000-8010
`, "nat.txt");
    expect(nat.hasDocker).toBe(true);
    expect(nat.published.map((item) => [item.hostAddress, item.hostPorts, item.protocol, item.destination, item.line, item.source])).toEqual([
      ["127.0.0.1", { start: 5500, end: 5500 }, "tcp", "172.18.0.5:80", 5, "nat.txt"],
      [undefined, { start: 5432, end: 5432 }, "tcp", "172.18.0.2:5432", 6, "nat.txt"],
      [undefined, { start: 9443, end: 9443 }, "tcp", "172.17.0.2:9443", 7, "nat.txt"],
      [undefined, { start: 51820, end: 51820 }, "udp", "172.18.0.6:51820", 8, "nat.txt"],
      [undefined, { start: 8000, end: 8010 }, "tcp", "172.18.0.7:8000-8010", 9, "nat.txt"],
    ]);
    const ipv6 = parseIptablesList(`Chain DOCKER (2 references)
target     prot opt source               destination
DNAT       tcp      ::/0                 ::1                  tcp dpt:5500 to:[fd00::5]:80
DNAT       tcp      ::/0                 ::/0                 tcp dpt:5432 to:[fd00::2]:5432
`, "nat6.txt");
    expect(ipv6.published.map((item) => [item.hostAddress, item.hostPorts.start, item.destination])).toEqual([
      ["::1", 5500, "[fd00::5]:80"],
      [undefined, 5432, "[fd00::2]:5432"],
    ]);
    const user = parseIptablesList(dockerUserListing, "docker-user.txt");
    expect(user.dockerUser.map((rule) => [rule.action, rule.hostPorts, rule.containerPorts, rule.protocol, rule.conditions, rule.line])).toEqual([
      ["DROP", { start: 5432, end: 5432 }, undefined, "tcp", ["-i eth0"], 3],
      ["REJECT", undefined, { start: 6379, end: 6379 }, "tcp", ["! -s 10.0.0.0/8"], 4],
      ["RETURN", undefined, undefined, undefined, [], 5],
    ]);
  });

  it("recognises each listing by what it holds", () => {
    expect(readFirewallListing("Status: active\n", "a")?.kind).toBe("ufw");
    expect(readFirewallListing("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", "b")?.kind).toBe("iptables");
    expect(readFirewallListing(natListing, "c")?.kind).toBe("iptables");
    expect(readFirewallListing("table inet filter {\n}\n", "d")?.kind).toBe("iptables");
    expect(readFirewallListing("public (active)\n  target: default\n", "e")?.kind).toBe("ufw");
    expect(readFirewallListing("flush ruleset\n", "f")).toBeUndefined();
  });

  it("--firewall takes the story's listings and gives the verdicts --iptables-save gives", () => {
    const read = (file: string) => readFileSync(path.join(fixed, file), "utf8");
    const cwd = makeProject({
      "compose.yaml": read("compose.yaml"),
      "compose.override.yaml": read("compose.override.yaml"),
      "ufw.txt": read("server/ufw-status.txt"),
      "save.txt": read("server/iptables-save.txt"),
      "nat.txt": natListing,
      "docker-user.txt": dockerUserListing.replace(/^.*DROP.*\n/m, "").replace(/^.*REJECT.*\n/m, ""),
      "nft.txt": "flush ruleset\n",
    });
    const listed = runCli(["exposure", "--firewall", "ufw.txt", "--firewall", "nat.txt", "--firewall", "docker-user.txt", "--format", "json"], { cwd });
    const saved = runCli(["exposure", "--ufw-status", "ufw.txt", "--iptables-save", "save.txt", "--format", "json"], { cwd });
    expect(listed.stderr).toBe("");
    const verdicts = (stdout: string) => (JSON.parse(stdout) as JsonReport).reachable.map((entry) => [entry.service, entry.firewall?.status, entry.publishedNow ? `line ${entry.publishedNow.iptablesLine}` : entry.publishedNow]);
    expect(verdicts(saved.stdout)).toEqual([["db", "leak", "line 15"]]);
    expect(verdicts(listed.stdout)).toEqual([["db", "leak", "line 6"]]);
    expect(runCli(["exposure", "--firewall", "nat.txt"], { cwd }).stdout).toContain("published now (nat.txt line 6)");
    // The DROP in DOCKER-USER filters the leak; the listing is named where the verdict comes from.
    writeFileSync(path.join(cwd, "docker-user.txt"), dockerUserListing);
    const filtered = JSON.parse(runCli(["exposure", "--firewall", "ufw.txt", "--firewall", "nat.txt", "--firewall", "docker-user.txt", "--format", "json"], { cwd }).stdout) as JsonReport;
    expect(filtered.reachable[0]?.firewall).toEqual({ status: "filtered", detail: "DOCKER-USER DROPs it when -i eth0 (docker-user.txt line 3)" });
    expect(runCli(["exposure", "--firewall", "nft.txt"], { cwd })).toMatchObject({
      status: 2,
      stderr: 'compose-lint: --firewall nft.txt: not a listing compose-lint reads (the output of "ufw status", "iptables-save", "iptables -L CHAIN -n", "nft list ruleset" or "firewall-cmd --list-all-zones")\nRun "compose-lint --help" for usage.\n',
    });
    expect(runCli(["exposure", "--firewall", "ufw.txt", "--ufw-status", "ufw.txt"], { cwd }).stderr).toContain("ufw.txt and ufw.txt both say what the firewall allows (ufw status or firewalld): give one");
  });
});

describe("nftables and firewalld", () => {
  it("reads iptables-nft's translation and the tables of Docker's own nftables backend, IPv4 and IPv6", () => {
    const translated = parseNftRuleset(readFileSync(path.join(fixed, "server/nft-ruleset.txt"), "utf8"), "nft.txt");
    expect(translated.hasDocker).toBe(true);
    expect(translated.published.map((item) => [item.hostAddress, item.hostPorts.start, item.protocol, item.destination, item.line])).toEqual([
      ["127.0.0.1", 5500, "tcp", "172.18.0.5:80", 10],
      [undefined, 5432, "tcp", "172.18.0.2:5432", 11],
      [undefined, 9443, "tcp", "172.17.0.2:9443", 12],
    ]);
    expect(translated.dockerUser.map((rule) => [rule.action, rule.conditions, rule.line])).toEqual([["RETURN", [], 22]]);
    const dropped = parseNftRuleset('table ip filter {\n\tchain DOCKER-USER {\n\t\tiifname "eth0" meta l4proto tcp ct original proto-dst 5432 counter packets 14 bytes 840 drop\n\t\tcounter packets 1203 bytes 98000 return\n\t}\n}\n', "user.nft");
    expect(dropped.dockerUser.map((rule) => [rule.action, rule.hostPorts, rule.protocol, rule.conditions])).toEqual([
      ["DROP", { start: 5432, end: 5432 }, "tcp", ["-i eth0"]],
      ["RETURN", undefined, undefined, []],
    ]);
    // Docker 29's backend (moby's nftablesdoc): DNAT in nat-prerouting-and-output, no DOCKER-USER;
    // the administrator's drops live in a table of their own on the forward hook.
    const native = parseNftRuleset(`table ip6 docker-bridges {
	chain nat-prerouting-and-output {
		iifname != "br-5f2c8e1a9d3b" tcp dport 5432 counter packets 0 bytes 0 dnat to [fd00:1::2]:5432 comment "DNAT"
		ip6 daddr ::1 iifname != "br-5f2c8e1a9d3b" tcp dport 5500 counter packets 0 bytes 0 dnat to [fd00:1::5]:80 comment "DNAT"
	}
	chain raw-PREROUTING {
		type filter hook prerouting priority raw; policy accept;
		ip6 daddr fd00:1::2 iifname != "br-5f2c8e1a9d3b" counter packets 0 bytes 0 drop comment "DROP DIRECT ACCESS"
	}
}
table ip docker-bridges {
	chain nat-prerouting-and-output {
		iifname != "br-5f2c8e1a9d3b" udp dport 51820 counter packets 0 bytes 0 dnat to 172.18.0.6:51820 comment "DNAT"
		iifname != "br-5f2c8e1a9d3b" tcp dport 8000-8010 counter packets 0 bytes 0 dnat to 172.18.0.7:8000-8010 comment "DNAT"
	}
}
table ip my-table {
	chain my-filter-forward {
		type filter hook forward priority filter; policy accept;
		iifname "eth0" ip saddr != 192.0.2.0/24 counter packets 0 bytes 0 drop
		iifname "eth0" tcp dport 8080 counter packets 0 bytes 0 accept
	}
}
`, "nft6.txt");
    expect(native.published.map((item) => [item.hostAddress, item.hostPorts, item.protocol, item.destination])).toEqual([
      [undefined, { start: 5432, end: 5432 }, "tcp", "[fd00:1::2]:5432"],
      ["::1", { start: 5500, end: 5500 }, "tcp", "[fd00:1::5]:80"],
      [undefined, { start: 51820, end: 51820 }, "udp", "172.18.0.6:51820"],
      [undefined, { start: 8000, end: 8010 }, "tcp", "172.18.0.7:8000-8010"],
    ]);
    expect(native.dockerUser.map((rule) => [rule.action, rule.conditions, rule.protocol])).toEqual([["DROP", ["-i eth0", "! -s 192.0.2.0/24"], undefined]]);
  });

  it("reads firewalld's zones: the facing zone's services, ports and rich rules, never Docker's own zone", () => {
    const status = parseFirewalldZones(readFileSync(path.join(fixed, "server/firewalld-zones.txt"), "utf8"));
    expect(status.label).toBe("firewalld (zone public)");
    expect(status.rules.map((rule) => [rule.ports?.map((port) => port.start), rule.protocol, rule.from, rule.text])).toEqual([
      [[546], "udp", "Anywhere", "service dhcpv6-client"],
      [[22], "tcp", "Anywhere", "service ssh"],
      [[80], "tcp", "Anywhere", "port 80/tcp"],
      [[443], "tcp", "Anywhere", "port 443/tcp"],
      [[5432], "tcp", "10.0.0.0/8", 'rule family="ipv4" source address="10.0.0.0/8" port port="5432" protocol="tcp" accept'],
    ]);
    const unknown = parseFirewalldZones(
      'public (active)\n  target: default\n  interfaces: eth0\n  services: ssh my-app\n  ports: 60000-61000/udp\n  rich rules: \n\trule family="ipv6" port port="8443" protocol="tcp" accept\n\trule family="ipv4" source address="192.0.2.0/24" drop\n',
    );
    expect(unknown.ignored).toEqual([{ line: 4, text: "service my-app (zone public)" }]);
    expect(unknown.rules.map((rule) => [rule.ports?.[0], rule.protocol, rule.ipv6])).toEqual([
      [{ start: 22, end: 22 }, "tcp", false],
      [{ start: 60000, end: 61000 }, "udp", false],
      [{ start: 8443, end: 8443 }, "tcp", true],
    ]);
  });

  it("checks the project against firewalld and nftables: the rich rule for 10.0.0.0/8 does not stop Docker", () => {
    const run = runCli(["exposure", "--firewall", "server/firewalld-zones.txt", "--firewall", "server/nft-ruleset.txt", "--format", "json"], { cwd: fixed });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.reachable.map((entry) => [entry.service, entry.firewall, entry.publishedNow])).toEqual([
      [
        "db",
        { status: "leak", detail: "firewalld (zone public) allows 5432/tcp only from 10.0.0.0/8 (line 34); Docker's own rules let everyone in" },
        { iptablesLine: 11, source: "server/nft-ruleset.txt" },
      ],
    ]);
  });
});

describe("what was seen: a scan from outside and the host's sockets", () => {
  it("reads nmap's XML and grepable output, and ss -tlnpu with and without the Netid column", () => {
    const xml = parseNmapXml(readFileSync(path.join(fixed, "server/nmap-scan.xml"), "utf8"), "scan.xml");
    expect(xml.map((port) => [port.port, port.protocol, port.state, port.address, port.detail, port.line])).toEqual([
      [22, "tcp", "open", "203.0.113.10", "ssh", 12],
      [80, "tcp", "open", "203.0.113.10", "http", 13],
      [443, "tcp", "open", "203.0.113.10", "https", 14],
      [5432, "tcp", "open", "203.0.113.10", "postgresql", 15],
      [9443, "tcp", "open", "203.0.113.10", "tungsten-https", 16],
    ]);
    const grepable = parseNmapGrepable(
      "# Nmap 7.94 scan initiated as: nmap -Pn -sU -sS -p 22,53,5432 -oG scan.gnmap 2001:db8::10\nHost: 2001:db8::10 ()\tStatus: Up\nHost: 2001:db8::10 ()\tPorts: 22/open/tcp//ssh///, 53/open|filtered/udp//domain///, 5432/filtered/tcp//postgresql///\tIgnored State: closed (997)\n",
      "scan.gnmap",
    );
    expect(grepable.map((port) => [port.port, port.protocol, port.state, port.address])).toEqual([
      [22, "tcp", "open", "2001:db8::10"],
      [53, "udp", "open|filtered", "2001:db8::10"],
      [5432, "tcp", "filtered", "2001:db8::10"],
    ]);
    const sockets = parseSs(readFileSync(path.join(fixed, "server/ss-listening.txt"), "utf8"), "ss.txt");
    expect(sockets.map((port) => `${port.protocol} ${port.address}:${port.port} ${port.detail}`)).toEqual([
      "udp 127.0.0.53%lo:53 systemd-resolve",
      "tcp 127.0.0.53%lo:53 systemd-resolve",
      "tcp 0.0.0.0:22 sshd",
      "tcp 127.0.0.1:5500 docker-proxy",
      "tcp 0.0.0.0:5432 docker-proxy",
      "tcp 0.0.0.0:9443 docker-proxy",
      "tcp *:80 caddy",
      "tcp *:443 caddy",
      "tcp :::22 sshd",
      "tcp :::5432 docker-proxy",
    ]);
    const tcpOnly = parseSs("State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0      128          0.0.0.0:22        0.0.0.0:*\n", "ss-t.txt");
    expect(tcpOnly.map((port) => [port.protocol, port.port])).toEqual([["tcp", 22]]);
  });

  it("confirms the leak with the scan and the socket, and fails --expect on an open port no service of the project publishes", () => {
    const args = ["exposure", "--firewall", "server/ufw-status.txt", "--firewall", "server/iptables-save.txt", "--scan", "server/nmap-scan.xml", "--listening", "server/ss-listening.txt", "--expect", "22,80,443"];
    const run = runCli([...args, "--format", "json"], { cwd: fixed });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport & { openButNotPublishedByProject: Array<{ port: number; unexpected?: boolean; source: string; line: number }> };
    const db = report.reachable[0]!;
    expect(db.evidence).toEqual([
      { kind: "compose", file: "compose.override.yaml", line: 6 },
      { kind: "firewall", status: "leak", detail: "ufw status has no rule allowing 5432/tcp; Docker's own rules let it past" },
      { kind: "published-now", source: "iptables-save", line: 15 },
      { kind: "scan", state: "open", source: "server/nmap-scan.xml", line: 15 },
      { kind: "listening", address: "0.0.0.0", process: "docker-proxy", source: "server/ss-listening.txt", line: 6 },
    ]);
    expect(report.openButNotPublishedByProject.map((port) => [port.port, port.unexpected])).toEqual([
      [22, false],
      [80, false],
      [443, false],
      [9443, true],
    ]);
    const table = runCli(args, { cwd: fixed }).stdout;
    expect(table).toContain("Seen: nmap scan from server/nmap-scan.xml; ss -tlnpu from server/ss-listening.txt");
    expect(table).toContain("  9443/tcp open to the scan (server/nmap-scan.xml line 16: tungsten-https), beyond the expected ports");
    expect(table).toContain("Beyond the expected 22, 80, 443: db 5432/tcp (compose.override.yaml:6), 9443/tcp (server/nmap-scan.xml line 16: tungsten-https).");
  });

  it("says when the scan did not see a published port: filtered before the host", () => {
    const cwd = makeProject({
      "compose.yaml": 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
      "scan.gnmap": "Host: 203.0.113.10 ()\tPorts: 22/open/tcp//ssh///\tIgnored State: filtered (999)\n",
    });
    const report = JSON.parse(runCli(["exposure", "--scan", "scan.gnmap", "--format", "json"], { cwd }).stdout) as JsonReport;
    expect(report.reachable.map((entry) => [entry.service, entry.scan])).toEqual([["web", "not-seen"]]);
    expect(runCli(["exposure", "--scan", "compose.yaml"], { cwd })).toMatchObject({ status: 2, stderr: expect.stringContaining("--scan compose.yaml: not a port scan compose-lint reads") });
    expect(runCli(["--scan", "scan.gnmap"], { cwd }).stderr).toContain("--scan goes with the exposure command");
  });

  it("--from-host runs the read-only commands that exist, reads their outputs, and says which it could not run", () => {
    const bin = makeProject({
      ufw: `#!/bin/sh\nexec /bin/cat '${path.join(fixed, "server/ufw-status.txt")}'\n`,
      "iptables-save": `#!/bin/sh\nexec /bin/cat '${path.join(fixed, "server/iptables-save.txt")}'\n`,
      nft: "#!/bin/sh\necho 'Error: Could not process rule: Operation not permitted' >&2\nexit 1\n",
      ss: `#!/bin/sh\nexec /bin/cat '${path.join(fixed, "server/ss-listening.txt")}'\n`,
      "firewall-cmd": `#!/bin/sh\nexec /bin/cat '${path.join(fixed, "server/firewalld-zones.txt")}'\n`,
    });
    for (const name of ["ufw", "iptables-save", "nft", "ss", "firewall-cmd"]) chmodSync(path.join(bin, name), 0o755);
    const run = runCli(["exposure", "--from-host", "--format", "json"], { cwd: fixed, env: { PATH: bin } });
    expect(run.stderr).toBe(
      "compose-lint: read on this host: ss -tlnpu, ufw status verbose, iptables-save; not read: ip6tables-save (not installed), nft list ruleset (Error: Could not process rule: Operation not permitted), firewall-cmd --list-all-zones (ufw status verbose is read instead)\n",
    );
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.reachable.map((entry) => [entry.service, entry.firewall?.status, entry.publishedNow?.iptablesLine, entry.listening])).toEqual([["db", "leak", 15, true]]);
  });
});

describe("several listings of one host", () => {
  it("counts a DNAT rule once when iptables-save and nft list ruleset both show it", () => {
    const run = runCli(["exposure", "--firewall", "server/iptables-save.txt", "--firewall", "server/nft-ruleset.txt", "--format", "json"], { cwd: fixed });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.publishedByDockerNotByProject.map((item) => [item.hostPorts, item.iptablesLine])).toEqual([["9443", 16]]);
  });
});

describe("ip6tables-save", () => {
  it("reads IPv6 DNAT rules, a loopback bind and a DOCKER-USER drop", () => {
    const save = parseIptablesSave(`# Generated by ip6tables-save v1.8.9 (nf_tables)
*nat
:DOCKER - [0:0]
-A DOCKER -d ::1/128 ! -i br-5f2c8e1a9d3b -p tcp -m tcp --dport 5500 -j DNAT --to-destination [fd00:1::5]:80
-A DOCKER ! -i br-5f2c8e1a9d3b -p tcp -m tcp --dport 5432 -j DNAT --to-destination [fd00:1::2]:5432
COMMIT
*filter
:DOCKER-USER - [0:0]
-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 5432 -j DROP
-A DOCKER-USER -j RETURN
COMMIT
`);
    expect(save.published.map((item) => [item.hostAddress, item.hostPorts.start, item.destination])).toEqual([
      ["::1", 5500, "[fd00:1::5]:80"],
      [undefined, 5432, "[fd00:1::2]:5432"],
    ]);
    expect(save.dockerUser.map((rule) => [rule.action, rule.hostPorts?.start, rule.conditions])).toEqual([
      ["DROP", 5432, ["-i eth0"]],
      ["RETURN", undefined, []],
    ]);
  });
});
