import { isIP as nodeIsIP } from "node:net";
import { describe, expect, it } from "vitest";
import { parseHostAddress } from "./address.js";
import { isIP } from "./ip.js";
import { resolveInterpolation } from "./interpolation.js";
import { parseLongPort, parseShortPort } from "./ports.js";

function short(text: string) {
  const parsed = parseShortPort(text);
  if (!parsed.ok) return { error: parsed.error };
  const { spec, ipSlot } = parsed;
  return {
    ip: spec.hostIp.written,
    scope: spec.hostIp.address?.scope,
    host: spec.hostPorts ? [spec.hostPorts.start, spec.hostPorts.end] : undefined,
    container: spec.containerPorts ? [spec.containerPorts.start, spec.containerPorts.end] : undefined,
    protocol: spec.protocol,
    slot: ipSlot.kind,
  };
}

describe("short syntax (ports-spec §1)", () => {
  it.each([
    ["80", { ip: "", scope: undefined, host: undefined, container: [80, 80], protocol: "tcp", slot: "absent" }],
    ["8000:8000", { ip: "", scope: undefined, host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "absent" }],
    ["127.0.0.1:8000:8000", { ip: "127.0.0.1", scope: "loopback", host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["127.0.0.1::8000", { ip: "127.0.0.1", scope: "loopback", host: undefined, container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["0.0.0.0:8000:8000", { ip: "0.0.0.0", scope: "unspecified", host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["[::1]:8000:8000", { ip: "[::1]", scope: "loopback", host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["::1:8000:8000", { ip: "::1", scope: "loopback", host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["[::]:8000:8000", { ip: "[::]", scope: "unspecified", host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["192.168.1.10:8000:8000", { ip: "192.168.1.10", scope: "specific", host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["6060:6060/udp", { ip: "", scope: undefined, host: [6060, 6060], container: [6060, 6060], protocol: "udp", slot: "absent" }],
    ["8000-8010:8000-8010", { ip: "", scope: undefined, host: [8000, 8010], container: [8000, 8010], protocol: "tcp", slot: "absent" }],
    ["12400-12500:1240", { ip: "", scope: undefined, host: [12400, 12500], container: [1240, 1240], protocol: "tcp", slot: "absent" }],
    [":8000:8000", { ip: "", scope: undefined, host: [8000, 8000], container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["::8000", { ip: "", scope: undefined, host: undefined, container: [8000, 8000], protocol: "tcp", slot: "field" }],
    ["::::80", { ip: "::", scope: "unspecified", host: undefined, container: [80, 80], protocol: "tcp", slot: "field" }],
    ["::ffff:127.0.0.1:80:80", { ip: "::ffff:127.0.0.1", scope: "loopback", host: [80, 80], container: [80, 80], protocol: "tcp", slot: "field" }],
    ["80/SCTP", { ip: "", scope: undefined, host: undefined, container: [80, 80], protocol: "sctp", slot: "absent" }],
  ])("%s", (text, expected) => {
    expect(short(text)).toEqual(expected);
  });

  it.each([
    ["8000-8001:9000-9003", "host range 8000-8001 and container range 9000-9003 differ in size"],
    ["80-81:8080-8082", "host range 80-81 and container range 8080-8082 differ in size"],
    ["127.0.0.1:8000", 'invalid host port "127.0.0.1"'],
    ["[::1]:8000", 'invalid host IP "[:"'],
    ["abc:80", 'invalid host port "abc"'],
    ["80:abc", 'invalid container port "abc"'],
    ["70000:80", 'invalid host port "70000" (ports are 0 to 65535)'],
    ["65536:80", 'invalid host port "65536" (ports are 0 to 65535)'],
    ["8010-8000:80", 'invalid host port "8010-8000" (the range runs backwards)'],
    ["1.2.3:80:80", 'invalid host IP "1.2.3"'],
    ["localhost:8000:8000", 'invalid host IP "localhost"'],
    ["80/xyz", 'invalid protocol "xyz"'],
  ])("%s is rejected", (text, error) => {
    expect(short(text)).toEqual({ error });
  });

  it("applies interpolation defaults before parsing", () => {
    expect(short("${PORT:-8000}:8000")).toMatchObject({ ip: "", host: [8000, 8000], slot: "absent" });
    expect(short("${BIND:-127.0.0.1}:8000:8000")).toMatchObject({ ip: "127.0.0.1", scope: "loopback", slot: "variable" });
    expect(short("${BIND-127.0.0.1}:8000:8000")).toMatchObject({ ip: "127.0.0.1", scope: "loopback", slot: "variable" });
    expect(short("${BIND}:8000:8000")).toMatchObject({ ip: "", scope: undefined, slot: "variable" });
    expect(short("${PORTS:-8000:8000}")).toMatchObject({ host: [8000, 8000], slot: "opaque" });
    const bare = parseShortPort("${BIND}:8000:8000");
    expect(bare.ok && bare.spec.hostIp.unresolvedVariable?.name).toBe("BIND");
    const container = parseShortPort("8000:${APP_PORT:-80}");
    expect(container.ok && container.spec.containerPortInterpolated).toBe(true);
    const host = parseShortPort("${HOST_PORT:-8000}:80");
    expect(host.ok && host.spec.containerPortInterpolated).toBe(false);
  });
});

describe("long syntax (ports-spec §2)", () => {
  it("reads target, published, host_ip and protocol", () => {
    const parsed = parseLongPort({ target: 80, published: "8000-8010", host_ip: "127.0.0.1", protocol: "udp" });
    expect(parsed.ok && parsed.spec).toMatchObject({
      hostIp: { written: "127.0.0.1", address: { scope: "loopback", family: 4 } },
      hostPorts: { start: 8000, end: 8010 },
      containerPorts: { start: 80, end: 80 },
      protocol: "udp",
    });
  });

  it.each([
    [{ published: 80 }, "`target` (the container port) is required"],
    [{ target: 80, host_ip: "localhost" }, 'invalid host_ip "localhost" (a bare IP address is required)'],
    [{ target: 80, host_ip: "[::1]" }, 'invalid host_ip "[::1]" (a bare IP address is required)'],
    [{ target: 70000 }, 'invalid target "70000" (ports are 0 to 65535)'],
    [{ target: 80, protocol: "icmp" }, 'invalid protocol "icmp"'],
  ])("%j is rejected", (fields, error) => {
    expect(parseLongPort(fields)).toEqual({ ok: false, error });
  });
});

describe("addresses", () => {
  it.each([
    ["0.0.0.0", 4, "unspecified"],
    ["127.1.2.3", 4, "loopback"],
    ["10.0.0.1", 4, "specific"],
    ["::", 6, "unspecified"],
    ["0:0:0:0:0:0:0:0", 6, "unspecified"],
    ["::1", 6, "loopback"],
    ["0:0:0:0:0:0:0:1", 6, "loopback"],
    ["::ffff:127.0.0.1", 6, "loopback"],
    ["::ffff:0.0.0.0", 6, "unspecified"],
    ["fe80::1", 6, "specific"],
    ["[::1]", 6, "loopback"],
  ])("%s", (text, family, scope) => {
    expect(parseHostAddress(text)).toMatchObject({ family, scope });
  });

  it("rejects names", () => {
    expect(parseHostAddress("localhost")).toBeUndefined();
  });

  it("reads IP literals as node:net does (core runs in the browser too, so it has its own)", () => {
    const vectors = ["127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "::", "::1", "fe80::1%eth0", "fe80::1%", "2001:db8::1", "::ffff:127.0.0.1", "[::1]", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "localhost", "", "gg::1", "1::2::3", ":::", "::1.2.3.256"];
    expect(vectors.map((vector) => [vector, isIP(vector)])).toEqual(vectors.map((vector) => [vector, nodeIsIP(vector)]));
  });
});

describe("interpolation", () => {
  it("resolves defaults, nested defaults and $$ escapes", () => {
    expect(resolveInterpolation("${A:-x}-${B-y}-${C}-$$D-$E").resolved).toBe("x-y--$D-");
    expect(resolveInterpolation("${A:-${B:-z}}").resolved).toBe("z");
    expect(resolveInterpolation("${A:?must be set}").resolved).toBe("");
  });
});
