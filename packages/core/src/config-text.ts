// A config's text read into its object, with where each key is for located errors. Kept apart
// from reading the file so that the browser playground reads its config text the same way.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { ConfigError, validateConfigObject, type ConfigObject, type LocateInConfig } from "./config.js";

/** A config read: its object and where in the text each key is, for located errors. */
export interface LoadedConfig {
  config: ConfigObject;
  locate?: LocateInConfig;
}

/** Reads a YAML (or, with `json`, JSON) config text; errors name `where` with line and column. */
export function parseConfigText(text: string, where: string, json: boolean): LoadedConfig {
  text = text.replace(/^\uFEFF/, "");
  const lineCounter = new LineCounter();
  let value: unknown;
  if (json) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(describeJsonError(where, text, (error as Error).message));
    }
  }
  // JSON is YAML too: one parse gives the positions of both kinds of file.
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = document.errors[0];
  if (first && value === undefined) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(`${where}:${line}:${col}: invalid YAML: ${first.message.split("\n")[0]}`);
  }
  // A key's position is its own (`rulez:`); a list item's is the item's.
  const locate: LocateInConfig = (keys) => {
    if (first || keys.length === 0) return undefined;
    const parent = keys.length === 1 ? document.contents : document.getIn(keys.slice(0, -1), true);
    const last = keys[keys.length - 1];
    let node: unknown;
    if (isMap(parent)) node = parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(last))?.key;
    else if (isSeq(parent) && typeof last === "number") node = parent.items[last];
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return `${line}:${col}`;
  };
  return { config: validateConfigObject(value ?? document.toJS() ?? {}, where, locate), locate };
}

/** "Unexpected token } in JSON at position 37" as file:line:column and the part a person needs. */
function describeJsonError(where: string, text: string, message: string): string {
  const position = /at position (\d+)/.exec(message);
  const reason = message.replace(/ in JSON at position \d+.*$/, "").replace(/, "[^]*$/, "");
  if (!position) return `${where}: invalid JSON: ${reason}`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${where}:${line}:${column}: invalid JSON: ${reason}`;
}
