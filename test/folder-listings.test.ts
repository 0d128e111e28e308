import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverFiles, FolderListings } from "@compose-lint/core/node";
import { makeProject } from "./helpers.js";

describe("FolderListings", () => {
  it("answers as existsSync does: files, folders, links to either, dangling links and missing names", () => {
    const root = makeProject({ "compose.yaml": "services: {}\n", "sub/.env": "A=1\n", ".git/HEAD": "ref\n" });
    symlinkSync("compose.yaml", path.join(root, "linked.yaml"));
    symlinkSync("sub", path.join(root, "linked-folder"));
    symlinkSync("missing.yaml", path.join(root, "docker-compose.yml"));
    const { exists } = new FolderListings();
    const asked = [
      "compose.yaml",
      "compose.yml",
      "linked.yaml",
      "linked-folder",
      "docker-compose.yml",
      ".git",
      "sub",
      "sub/.env",
      "sub/compose.yaml",
      "no-such-folder/compose.yaml",
      "compose.yaml/inside-a-file",
    ].map((name) => path.join(root, name));
    expect(asked.map(exists)).toEqual(asked.map((file) => existsSync(file)));
    expect(asked.map(exists)).toEqual([true, false, true, true, false, true, true, true, false, false, false]);
  });

  it("reads each folder once: what appears later is not seen within the run", () => {
    const root = makeProject({ "compose.yaml": "services: {}\n" });
    const { exists } = new FolderListings();
    expect(exists(path.join(root, ".env"))).toBe(false);
    writeFileSync(path.join(root, ".env"), "A=1\n");
    // The folder was listed at the first question: a run sees the folder as it was then.
    expect(exists(path.join(root, ".env"))).toBe(false);
    expect(new FolderListings().exists(path.join(root, ".env"))).toBe(true);
  });

  it("takes the listings discovery read, so the planner's questions read no folder again", async () => {
    const root = makeProject({ "app/compose.yaml": "services: {}\n", "other/docker-compose.yml": "services: {}\n" });
    const listings = new FolderListings();
    const found = await discoverFiles([root], root, listings);
    expect(found.map((file) => path.relative(root, file.path))).toEqual(["app/compose.yaml", "other/docker-compose.yml"]);
    // Created after discovery: answered from discovery's listing of the folder, not from the disk.
    writeFileSync(path.join(root, "app/compose.override.yaml"), "services: {}\n");
    expect(listings.exists(path.join(root, "app/compose.override.yaml"))).toBe(false);
    expect(listings.exists(path.join(root, "app/compose.yaml"))).toBe(true);
    // A folder discovery did not walk is listed when first asked about.
    mkdirSync(path.join(root, "later"));
    writeFileSync(path.join(root, "later/compose.yaml"), "services: {}\n");
    expect(listings.exists(path.join(root, "later/compose.yaml"))).toBe(true);
  });

  it("asks the disk for a relative path", () => {
    const root = makeProject({ "compose.yaml": "services: {}\n" });
    const { exists } = new FolderListings();
    const relative = path.relative(process.cwd(), path.join(root, "compose.yaml"));
    expect(exists(relative)).toBe(true);
    expect(exists(`${relative}.missing`)).toBe(false);
  });
});
