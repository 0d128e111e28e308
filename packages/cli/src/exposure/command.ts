import { statSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import { exposureEntries, Linter, serviceNetworkNames } from "@compose-lint/core";
import { composeFilesFor, defaultComposeFiles, PathError, readLintableFile, type ConfigResolver, type ProjectPlan } from "@compose-lint/core/node";
import { parseExpectedPorts, UsageError, type CliOptions } from "../args.js";
import type { CliIo } from "../main.js";
import { writeUserFile } from "../paths.js";
import { explicitProject, projectLoader } from "../projects.js";
import { auditExposure, type FirewallInputs } from "./audit.js";
import { mergeIptables, parseIptablesSave, parseUfwStatus, readFirewallListing, type IptablesSave, type UfwStatus } from "./firewall.js";
import { readFromHost } from "./from-host.js";
import { parseSs, readObservation, type Observation } from "./observed.js";
import { formatJson, formatMarkdown, formatTable, type ExposureReport } from "./format.js";
import { formatHtml } from "./html.js";

/**
 * `compose-lint exposure`: every port of a project reachable from outside the host, where it is
 * published and why, checked against the firewall's intent. Exit 1 when `--expect` is exceeded
 * or the project does not load; 2 for usage errors.
 */
export async function exposureCommand(options: CliOptions, io: CliIo, resolver: ConfigResolver, useColor: boolean): Promise<number> {
  const exposure = options.exposure!;
  const plans = exposurePlans(options, io);
  const { inputs, sources, observed } = firewallInputs(exposure, io);
  const colors = pc.createColors(useColor);
  const outputs: string[] = [];
  const reports: ExposureReport[] = [];
  let failed = false;
  for (const plan of plans) {
    const fileConfig = await resolver.forFile(plan.files[0]!);
    const project = projectLoader(plan, options, io.cwd, io.env)();
    if (!project.model) {
      // The project does not load: say where, as lint does, rather than report on half of it.
      const results = new Linter(fileConfig.registry).verifyProject(project, fileConfig.config);
      for (const result of results) {
        for (const message of result.messages.filter((item) => item.fatal)) {
          io.stderr(`${path.relative(io.cwd, result.path) || result.path}:${message.line}:${message.column}: ${message.message}\n`);
        }
      }
      io.stderr("compose-lint: the project does not load, so its exposure cannot be reported\n");
      failed = true;
      continue;
    }
    for (const problem of project.problems.filter((item) => item.severity === 2)) {
      io.stderr(`compose-lint: ${path.relative(io.cwd, problem.file.path)}: ${problem.message}\n`);
    }
    const configured = fileConfig.config.exposureExpect;
    const expected = exposure.expect ?? (configured ? parseExpectedPorts(configured.join(",")) : undefined);
    const audit = auditExposure(exposureEntries(project), inputs, expected);
    const report: ExposureReport = {
      directory: path.relative(io.cwd, project.directory) || ".",
      files: project.composeFiles.map((file) => path.relative(io.cwd, file.path)),
      profiles: project.profiles,
      firewall: { ufw: inputs.ufw?.file, iptables: inputs.iptables?.file, sources, observed },
      audit,
      networks: Object.fromEntries(project.model.services.map((service) => [service.name, serviceNetworkNames(service)])),
    };
    reports.push(report);
    if (options.format !== "html") outputs.push(options.format === "json" ? formatJson(report, io.cwd) : options.format === "markdown" ? formatMarkdown(report, io.cwd) : formatTable(report, io.cwd, colors));
    if (audit.entries.some((entry) => entry.unexpected) || audit.unaccounted.some((port) => port.unexpected)) failed = true;
  }
  // One page (or one JSON value) holds every project.
  const text =
    options.format === "html" ? formatHtml(reports, io.cwd) : options.format === "json" && outputs.length !== 1 ? `[${outputs.map((output) => output.trimEnd()).join(",\n")}]\n` : outputs.join("\n");
  if (options.outputFile) await writeUserFile(path.resolve(io.cwd, options.outputFile), text, "the report");
  else io.stdout(text);
  return failed ? 1 : 0;
}

/** `-f` files or COMPOSE_FILE; else each path is a project folder, or a Compose file with its folder's override. */
function exposurePlans(options: CliOptions, io: CliIo): ProjectPlan[] {
  const explicit = explicitProject(options, io.cwd, io.env);
  if (explicit) return [explicit];
  return (options.paths.length > 0 ? options.paths : ["."]).map((target) => {
    const absolute = path.resolve(io.cwd, target);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw new PathError(`No such file or directory: ${target}`);
    }
    if (!isDirectory) {
      // As linting loads it: a variant (compose.prod.yaml) after its folder's default file.
      const files = composeFilesFor(absolute);
      return { files, report: new Set(files), reason: files.length > 1 ? "the file with its folder's default file" : "a file on its own" };
    }
    const files = defaultComposeFiles(absolute);
    if (files.length === 0) throw new PathError(`No compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml in ${target}`);
    return { files, report: new Set(files), reason: "the folder's default file with its override" };
  });
}

/** The firewall listings given, by option: `--ufw-status`, `--iptables-save`, and `--firewall` recognised by content. */
function firewallInputs(exposure: NonNullable<CliOptions["exposure"]>, io: CliIo): { inputs: FirewallInputs; sources: string[]; observed: string[] } {
  const inputs: FirewallInputs = {};
  const ufw: Array<{ file: string; status: UfwStatus }> = [];
  const iptables: Array<{ file: string; save: IptablesSave }> = [];
  const observations: Observation[] = [];
  if (exposure.ufwStatus) ufw.push({ file: exposure.ufwStatus, status: parseUfwStatus(readInput(exposure.ufwStatus, "--ufw-status", io)) });
  if (exposure.iptablesSave) iptables.push({ file: exposure.iptablesSave, save: parseIptablesSave(readInput(exposure.iptablesSave, "--iptables-save", io)) });
  for (const file of exposure.firewall) {
    const listing = readFirewallListing(readInput(file, "--firewall", io), file);
    if (!listing) throw new UsageError(`--firewall ${file}: not a listing compose-lint reads (the output of "ufw status", "iptables-save", "iptables -L CHAIN -n", "nft list ruleset" or "firewall-cmd --list-all-zones")`);
    if (listing.kind === "ufw") ufw.push({ file, status: listing.status });
    else iptables.push({ file, save: listing.save });
  }
  for (const file of exposure.scan) {
    const observation = readObservation(readInput(file, "--scan", io), file);
    if (observation?.kind !== "scan") throw new UsageError(`--scan ${file}: not a port scan compose-lint reads (nmap -oX or nmap -oG output)`);
    observations.push(observation);
  }
  for (const file of exposure.listening) {
    const observation = readObservation(readInput(file, "--listening", io), file);
    if (observation?.kind !== "listening") throw new UsageError(`--listening ${file}: not a socket listing compose-lint reads (the output of ss -tlnpu)`);
    observations.push(observation);
  }
  // Outputs read on this host are named by their command; files by what they hold.
  const readHere = exposure.fromHost ? readHost(io, { ufw, iptables, observations }) : new Set<string>();
  const named = (label: string, file: string) => (readHere.has(file) ? `${file} on this host` : `${label} from ${file}`);
  const sources = [...ufw.map((item) => named(item.status.label ?? "ufw status", item.file)), ...iptables.map((item) => named(item.save.format, item.file))];
  const observed = observations.map((observation) => named(observation.kind === "scan" ? "nmap scan" : "ss -tlnpu", observation.file));
  if (observations.length > 0) inputs.observations = observations;
  if (ufw.length > 1) throw new UsageError(`${ufw.map((item) => item.file).join(" and ")} both say what the firewall allows (ufw status or firewalld): give one`);
  if (ufw[0]) inputs.ufw = ufw[0];
  if (iptables.length > 0) {
    const save = mergeIptables(iptables.map((item) => item.save));
    const files = iptables.map((item) => item.file).join(", ");
    if (!save.hasDocker) io.stderr(`compose-lint: ${files} ${iptables.length === 1 ? "has no DOCKER chains: is it" : "have no DOCKER chains: are they"} from the Docker host?\n`);
    inputs.iptables = { file: files, save };
  }
  return { inputs, sources, observed };
}

/**
 * `--from-host`: the read-only commands that exist here, their outputs read as the files would be.
 * Says on stderr what it read and what it could not (not installed, needs root); returns what it read.
 */
function readHost(
  io: CliIo,
  into: { ufw: Array<{ file: string; status: UfwStatus }>; iptables: Array<{ file: string; save: IptablesSave }>; observations: Observation[] },
): Set<string> {
  const reading = readFromHost(io.env);
  const read: string[] = [];
  const intents: Array<{ file: string; status: UfwStatus }> = [];
  const tables: Array<{ file: string; save: IptablesSave }> = [];
  for (const output of reading.outputs) {
    if (output.kind === "listening") {
      into.observations.push({ kind: "listening", file: output.name, ports: parseSs(output.text, output.name) });
      read.push(output.name);
      continue;
    }
    const listing = readFirewallListing(output.text, output.name);
    if (!listing) reading.skipped.push({ name: output.name, reason: "printed something compose-lint does not read" });
    else if (listing.kind === "ufw") intents.push({ file: output.name, status: listing.status });
    else tables.push({ file: output.name, save: listing.save });
  }
  // One intent: the active firewall (an installed but inactive ufw says nothing).
  const given = into.ufw.length > 0;
  const intent = given ? undefined : (intents.find((candidate) => candidate.status.active) ?? intents[0]);
  for (const candidate of intents) {
    if (candidate === intent) {
      into.ufw.push(candidate);
      read.push(candidate.file);
    } else reading.skipped.push({ name: candidate.file, reason: given ? "a firewall listing was given" : `${intent!.file} is read instead` });
  }
  // On iptables-nft hosts, nft's ruleset repeats the rules iptables-save prints: read it only
  // when iptables has no Docker chains (Docker's own nftables backend, or no iptables at all).
  const iptablesHasDocker = tables.some((table) => table.save.format !== "nft list ruleset" && table.save.hasDocker);
  for (const table of tables) {
    if (table.save.format === "nft list ruleset" && iptablesHasDocker) {
      reading.skipped.push({ name: table.file, reason: "not needed: iptables-save shows Docker's rules" });
      continue;
    }
    into.iptables.push(table);
    read.push(table.file);
  }
  const skipped = reading.skipped.map((item) => `${item.name} (${item.reason})`);
  io.stderr(`compose-lint: read on this host: ${read.length > 0 ? read.join(", ") : "nothing"}${skipped.length > 0 ? `; not read: ${skipped.join(", ")}` : ""}\n`);
  return new Set(read);
}

function readInput(file: string, option: string, io: CliIo): string {
  const result = readLintableFile(path.resolve(io.cwd, file));
  if (!result.ok) throw new UsageError(`${option} ${file}: ${result.reason}`);
  return result.text;
}
