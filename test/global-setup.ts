// The commands the tests start keep their compile cache in a folder of the test run's own: the
// developer's cache is left as their own runs wrote it, and no test depends on what it holds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), "compose-lint-test-cache-"));
  process.env["NODE_COMPILE_CACHE"] = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
