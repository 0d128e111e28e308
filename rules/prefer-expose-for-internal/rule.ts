import {
  createRule,
  objectOption,
  FRONT_DOOR_IMAGE_NAMES,
  FRONT_DOOR_PORTS,
  formatPortRange,
  imageMatches,
  INTERNAL_IMAGE_NAMES,
  nodeRange,
  portExposure,
  prevailingQuote,
  ruleDocsUrl,
  serviceReferences,
  type ComposeModel,
  type Edit,
  type Fixer,
  type MapEntry,
  type PortEntry,
  type QuoteStyle,
  type ServiceModel,
  type SourceText,
} from "@compose-lint/core";
import { describePort, leadingVariable } from "../lib/ports.js";
import { isMap, isScalar, isSeq, Scalar, type Node } from "yaml";

export type Options = [
  {
    /** More image names (last path part, e.g. "my-queue") to treat as internal. */
    internalImages: string[];
    /** Services to leave alone. */
    ignoreServices: string[];
    fixMode: "fix" | "suggestion";
  },
];

type MessageIds = "preferExpose" | "moveToExpose";

export default createRule<MessageIds, Options>({
  id: "prefer-expose-for-internal",
  meta: {
    type: "suggestion",
    docs: {
      description: "Prefer `expose:` over `ports:` for services only other containers use",
      category: "exposure",
      recommended: true,
      url: ruleDocsUrl("prefer-expose-for-internal"),
    },
    defaultSeverity: "warn",
    grade: "medium",
    references: [
      { title: "CIS Docker Benchmark 5.8: Ensure that only needed ports are open on the container", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "Compose Specification: expose", url: "https://docs.docker.com/reference/compose-file/services/#expose" },
    ],
    fixable: "code",
    fixKind: "exposure",
    fixSummary: { one: "1 service no longer publishes its ports (moved to expose:)", other: "{{count}} services no longer publish their ports (moved to expose:)" },
    hasSuggestions: true,
    schema: [
      objectOption({
        internalImages: { type: "array", items: { type: "string", minLength: 1 } },
        ignoreServices: { type: "array", items: { type: "string" } },
        fixMode: { enum: ["fix", "suggestion"] },
      }),
    ],
    messages: {
      preferExpose:
        'Service "{{service}}" is internal ({{evidence}}) but publishes {{ports}} on the host. Containers on the same network reach it by service name without any published port; move the ports to `expose:`.',
      moveToExpose: "Move {{ports}} to `expose:`.",
    },
  },
  defaultOptions: [{ internalImages: [], ignoreServices: [], fixMode: "fix" }],
  create(context) {
    const [{ internalImages, ignoreServices, fixMode }] = context.options;
    const internalNames = [...INTERNAL_IMAGE_NAMES, ...internalImages.map((name) => name.toLowerCase())];
    return {
      end() {
        const model = context.model;
        const publishing = model.services.filter(
          (service): service is ServiceModel & { portsEntry: MapEntry } => service.portsEntry !== undefined && service.ports.length > 0 && !ignoreServices.includes(service.name) && !service.networkMode,
        );
        // Who uses whom reads every environment value: only worth it when a service publishes.
        if (publishing.length === 0) return;
        const references = serviceReferences(model);
        for (const service of publishing) {
          const evidence = internalEvidence(service, model, internalNames, references.get(service.name) ?? []);
          if (!evidence) continue;
          const ports = service.ports.map(describePort).join(", ");
          const fix = (fixer: Fixer) => moveToExposeFix(fixer, service, prevailingQuote(service.ports.map((port) => port.node)));
          // Never take away what is already safe: an entry on loopback (or a configurable bind that
          // defaults to it, or a variable that may hold one) gives the host access on purpose. Only
          // when every entry reaches beyond the host does --fix move them; otherwise moving them is
          // the editor's suggestion, and no-all-interface-publish binds the leaking entries to loopback.
          const unattended = fixMode === "fix" && service.ports.every((port) => reachesBeyondHost(port, service, model) && !leadingVariable(port));
          context.report({
            node: service.portsEntry.keyNode,
            messageId: "preferExpose",
            data: { service: service.name, evidence, ports, value: "ports" },
            ...(unattended ? { fix } : { suggest: [{ messageId: "moveToExpose" as const, data: { ports }, fix }] }),
          });
        }
      },
    };
  },
});

/** Why the service looks internal, or undefined when it does not (or is the front door). */
function internalEvidence(
  service: ServiceModel,
  model: ComposeModel,
  internalNames: readonly string[],
  references: ReadonlyArray<{ from: ServiceModel; kind: string }>,
): string | undefined {
  const image = service.image?.value;
  if (imageMatches(image, internalNames)) return `image "${image}" is a datastore or broker`;
  if (references.length === 0 || imageMatches(image, FRONT_DOOR_IMAGE_NAMES)) return undefined;
  const isFrontDoor = service.ports.some((port) => {
    const ranges = [port.spec?.hostPorts, port.spec?.containerPorts];
    return ranges.some((range) => range && FRONT_DOOR_PORTS.some((front) => front >= range.start && front <= range.end));
  });
  if (isFrontDoor) return undefined;
  // A loopback binding is a deliberate choice for host access (a host-level proxy, admin tools).
  const publishedBeyondLoopback = service.ports.some((port) => reachesBeyondHost(port, service, model));
  if (!publishedBeyondLoopback) return undefined;
  const first = references[0]!;
  const more = references.length > 1 ? ` and ${references.length - 1} more` : "";
  return `"${first.from.name}" uses it via ${first.kind}${more}`;
}

/** Whether an entry can be reached from beyond the host (not loopback, not unpublished, not invalid). */
function reachesBeyondHost(port: PortEntry, service: ServiceModel, model: ComposeModel): boolean {
  const reach = portExposure(port, service, model).reach;
  return reach !== "loopback" && reach !== "not-published" && reach !== "invalid";
}

/** The `expose:` form of a port entry: container port, plus the protocol unless TCP. */
function exposeValue(port: PortEntry): string | undefined {
  const spec = port.spec;
  if (!spec || !spec.containerPorts || spec.containerPortInterpolated) return undefined;
  return formatPortRange(spec.containerPorts) + (spec.protocol === "tcp" ? "" : `/${spec.protocol}`);
}

/**
 * Turns `ports:` into `expose:`. Without an `expose:` key, the key is renamed and each entry
 * rewritten in place, so comments between entries stay. With one, the new values are appended
 * to it and the `ports:` block is removed.
 */
function moveToExposeFix(fixer: Fixer, service: ServiceModel, quote: QuoteStyle): Edit[] | null {
  const source = fixer.source;
  const portsEntry = service.portsEntry;
  if (!portsEntry || portsEntry.shared || !isSeq(portsEntry.node)) return null;
  if (service.ports.length !== portsEntry.node.items.length || service.ports.some((port) => port.shared)) return null;
  // In a project, `ports:` merged from several files has no one place to rewrite.
  if (!fixer.owns(portsEntry.node) || service.ports.some((port) => !fixer.owns(port.node))) return null;
  const values: string[] = [];
  for (const port of service.ports) {
    const value = exposeValue(port);
    if (value === undefined) return null;
    values.push(value);
  }
  if (!fixer.indentationIsSpaces(portsEntry.node)) return null;

  const exposeEntry = service.exposeEntry;
  if (!exposeEntry) {
    if (new Set(values).size !== values.length) return null; // `expose` items must be unique
    const rename = renameKey(fixer, portsEntry.keyNode, "expose");
    if (!rename) return null;
    // An empty edit at the end of the list makes this fix span every entry, so that no other
    // rule's edit to an entry lands in the same pass (ESLint's range-locking idiom).
    const edits: Edit[] = [rename, fixer.insertAt(nodeRange(portsEntry.node)[1], "")];
    for (const [index, port] of service.ports.entries()) {
      const edit = rewriteEntry(fixer, source, port, values[index]!, quote);
      if (edit === null) return null;
      if (edit) edits.push(edit);
    }
    return edits;
  }

  if (exposeEntry.shared || !isSeq(exposeEntry.node) || exposeEntry.node.items.length === 0 || !fixer.owns(exposeEntry.node)) return null;
  const existing = new Set(service.expose.map((entry) => entry.text));
  const added = [...new Set(values)].filter((value) => !existing.has(value));
  const removal = fixer.removeBlockPair(portsEntry.keyNode, portsEntry.node);
  if (!removal) return null;
  const edits: Edit[] = [removal];
  if (added.length > 0) {
    const append = appendToSeq(fixer, source, exposeEntry.node, added.map((value) => formatExposeItem(value, quote)));
    if (!append) return null;
    edits.push(append);
  }
  return edits;
}

function formatExposeItem(value: string, quote: QuoteStyle): string {
  return quote === "single" ? `'${value}'` : `"${value}"`;
}

function renameKey(fixer: Fixer, key: Node, name: string): Edit | null {
  if (!isScalar(key)) return null;
  return fixer.replaceScalarWith(key, name, "double");
}

/** Rewrites an entry as its expose value; undefined when it already reads that way (`- 5432`). */
function rewriteEntry(fixer: Fixer, source: SourceText, port: PortEntry, value: string, quote: QuoteStyle): Edit | null | undefined {
  const node = port.node;
  if (isScalar(node)) {
    if (String(node.value) === value) return undefined;
    if (node.type === Scalar.PLAIN && /^\d+$/.test(value)) return fixer.replaceRange(nodeRange(node), value);
    return fixer.replaceScalarWith(node, value, quote);
  }
  if (isMap(node) && !node.flow) {
    // The mapping becomes one scalar; its inner comments go with it.
    const [start, end] = nodeRange(node);
    if (source.text.slice(start, end).includes("#")) return null;
    return fixer.replaceRange([start, end], formatExposeItem(value, quote));
  }
  if (isMap(node)) return fixer.replaceRange(nodeRange(node), formatExposeItem(value, quote));
  return null;
}

function appendToSeq(fixer: Fixer, source: SourceText, seq: Node, items: string[]): Edit | null {
  if (!isSeq(seq)) return null;
  const [start, end] = nodeRange(seq);
  if (seq.flow) {
    if (source.text[end - 1] !== "]") return null;
    const inner = source.text.slice(start + 1, end - 1).trim();
    return fixer.insertAt(end - 1, (inner === "" ? "" : ", ") + items.join(", "));
  }
  const indent = " ".repeat(source.columnOf(start));
  const lineEnd = source.lineEnd(end);
  return fixer.insertAt(lineEnd, items.map((item) => `${source.eol}${indent}- ${item}`).join(""));
}
