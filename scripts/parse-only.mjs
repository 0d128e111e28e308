// The bench's baseline: a process that reads the named files and parses each with `yaml`, nothing more.
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";

for (const file of process.argv.slice(2)) parseDocument(readFileSync(file, "utf8"), { lineCounter: new LineCounter() });
