import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { isHostPath, parseVolume } from "./volumes.js";

/** The mount of a one-item `volumes:` list, read with an optional environment. */
function mount(entry: string, variables: Record<string, string> = {}) {
  const document = parseDocument(`- ${JSON.stringify(entry)}\n`);
  const node = (document.contents as { items: unknown[] }).items[0] as never;
  return parseVolume({ node, shared: false }, document as never, { get: (name) => variables[name] });
}

describe("volumes", () => {
  it("tells a host path from a volume name as Compose does: by the first character", () => {
    for (const path of [".env", ".config/app", ".", "..", "./data", "../data", "/srv", "~", "~/data", "C:\\data", "c:/data", "\\\\.\\pipe\\docker_engine", "${HOME}/data"]) {
      expect(isHostPath(path), path).toBe(true);
    }
    for (const name of ["data", "db-data", "data.v1", "my_volume", "x.env"]) expect(isHostPath(name), name).toBe(false);
  });

  it("splits a short entry at the colons outside ${...}", () => {
    expect(mount("${DATA:-./data}:/data:ro")).toMatchObject({ source: "${DATA:-./data}", target: "/data", readOnly: true, type: "bind" });
    expect(mount("C:\\data:/data")).toMatchObject({ source: "C:\\data", target: "/data", type: "bind" });
    expect(mount(".env:/src/.env:ro")).toMatchObject({ source: ".env", target: "/src/.env", type: "bind" });
  });

  it("reads the type of a short entry from its source once interpolated; a source nothing sets stays a path", () => {
    expect(mount("${VOLUME:-data}:/data")).toMatchObject({ source: "${VOLUME:-data}", sourceName: "data", type: "volume" });
    expect(mount("${VOLUME}:/data")).toMatchObject({ type: "bind", sourceName: undefined });
    expect(mount("${VOLUME}:/data", { VOLUME: "data" })).toMatchObject({ type: "volume", sourceName: "data" });
    expect(mount("${VOLUME:-data}:/data", { VOLUME: "/srv/data" })).toMatchObject({ type: "bind", sourceName: "/srv/data" });
  });
});
