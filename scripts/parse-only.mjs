// The bench's baseline: a process that reads the named files and parses each with `yaml`, nothing
// more. yaml's own duplicate-key check is off, as in compose-lint's parse: it compares every key of
// a mapping with every other (seconds for a mapping of 20,000 keys), which would flatter the ratios.
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";

for (const file of process.argv.slice(2)) parseDocument(readFileSync(file, "utf8"), { lineCounter: new LineCounter(), uniqueKeys: false });
