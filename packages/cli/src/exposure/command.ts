import { statSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import { exposureEntries, Linter } from "@compose-lint/core";
import { composeFilesFor, defaultComposeFiles, PathError, readLintableFile, type ConfigResolver, type ProjectPlan } from "@compose-lint/core/node";
import { parseExpectedPorts, UsageError, type CliOptions } from "../args.js";
import type { CliIo } from "../main.js";
import { writeUserFile } from "../paths.js";
import { explicitProject, projectLoader } from "../projects.js";
import { auditExposure, type FirewallInputs } from "./audit.js";
import { mergeIptables, parseIptablesSave, parseUfwStatus, readFirewallListing, type IptablesSave, type UfwStatus } from "./firewall.js";
import { formatJson, formatMarkdown, formatTable, type ExposureReport } from "./format.js";

/**
 * `compose-lint exposure`: every port of a project reachable from outside the host, where it is
 * published and why, checked against the firewall's intent. Exit 1 when `--expect` is exceeded
 * or the project does not load; 2 for usage errors.
 */
export async function exposureCommand(options: CliOptions, io: CliIo, resolver: ConfigResolver, useColor: boolean): Promise<number> {
  const exposure = options.exposure!;
  const plans = exposurePlans(options, io);
  const { inputs, sources } = firewallInputs(exposure, io);
  const colors = pc.createColors(useColor);
  const outputs: string[] = [];
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
      firewall: { ufw: inputs.ufw?.file, iptables: inputs.iptables?.file, sources },
      audit,
    };
    outputs.push(options.format === "json" ? formatJson(report, io.cwd) : options.format === "markdown" ? formatMarkdown(report, io.cwd) : formatTable(report, io.cwd, colors));
    if (audit.entries.some((entry) => entry.unexpected)) failed = true;
  }
  const text = options.format === "json" && outputs.length !== 1 ? `[${outputs.map((output) => output.trimEnd()).join(",\n")}]\n` : outputs.join("\n");
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
function firewallInputs(exposure: NonNullable<CliOptions["exposure"]>, io: CliIo): { inputs: FirewallInputs; sources: string[] } {
  const inputs: FirewallInputs = {};
  const ufw: Array<{ file: string; status: UfwStatus }> = [];
  const iptables: Array<{ file: string; save: IptablesSave }> = [];
  const sources: string[] = [];
  if (exposure.ufwStatus) ufw.push({ file: exposure.ufwStatus, status: parseUfwStatus(readInput(exposure.ufwStatus, "--ufw-status", io)) });
  if (exposure.iptablesSave) iptables.push({ file: exposure.iptablesSave, save: parseIptablesSave(readInput(exposure.iptablesSave, "--iptables-save", io)) });
  for (const file of exposure.firewall) {
    const listing = readFirewallListing(readInput(file, "--firewall", io), file);
    if (!listing) throw new UsageError(`--firewall ${file}: not a listing compose-lint reads (the output of "ufw status", "iptables-save" or "iptables -L CHAIN -n")`);
    if (listing.kind === "ufw") ufw.push({ file, status: listing.status });
    else iptables.push({ file, save: listing.save });
  }
  for (const item of ufw) sources.push(`ufw status from ${item.file}`);
  for (const item of iptables) sources.push(`${item.save.format} from ${item.file}`);
  if (ufw.length > 1) throw new UsageError(`${ufw.map((item) => item.file).join(" and ")} are both "ufw status" listings: give one`);
  if (ufw[0]) inputs.ufw = ufw[0];
  if (iptables.length > 0) {
    const save = mergeIptables(iptables.map((item) => item.save));
    const files = iptables.map((item) => item.file).join(", ");
    if (!save.hasDocker) io.stderr(`compose-lint: ${files} ${iptables.length === 1 ? "has no DOCKER chains: is it" : "have no DOCKER chains: are they"} from the Docker host?\n`);
    inputs.iptables = { file: files, save };
  }
  return { inputs, sources };
}

function readInput(file: string, option: string, io: CliIo): string {
  const result = readLintableFile(path.resolve(io.cwd, file));
  if (!result.ok) throw new UsageError(`${option} ${file}: ${result.reason}`);
  return result.text;
}
