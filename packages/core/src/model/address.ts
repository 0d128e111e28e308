import { isIP } from "./ip.js";

export type AddressScope = "unspecified" | "loopback" | "specific";

export interface HostAddress {
  /** As written, brackets removed. */
  text: string;
  family: 4 | 6;
  scope: AddressScope;
}

/** Parses a host IP as Docker does (brackets tolerated in short syntax); undefined if not an IP. */
export function parseHostAddress(written: string): HostAddress | undefined {
  const text = written.startsWith("[") && written.endsWith("]") ? written.slice(1, -1) : written;
  const family = isIP(text);
  if (family === 4) return { text, family, scope: ipv4Scope(text) };
  if (family === 6) return { text, family, scope: ipv6Scope(text) };
  return undefined;
}

function ipv4Scope(text: string): AddressScope {
  const octets = text.split(".").map(Number);
  if (octets.every((octet) => octet === 0)) return "unspecified";
  return octets[0] === 127 ? "loopback" : "specific";
}

function ipv6Scope(text: string): AddressScope {
  const groups = expandIpv6(text);
  if (!groups) return "specific";
  const leadingZero = groups.slice(0, 5).every((group) => group === 0);
  if (leadingZero && groups[5] === 0 && groups[6] === 0 && groups[7] === 0) return "unspecified";
  if (leadingZero && groups[5] === 0 && groups[6] === 0 && groups[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address decides.
  if (leadingZero && groups[5] === 0xffff) {
    const first = (groups[6]! >> 8) & 0xff;
    if (groups[6] === 0 && groups[7] === 0) return "unspecified";
    return first === 127 ? "loopback" : "specific";
  }
  return "specific";
}

/** Eight 16-bit groups of an IPv6 address (already validated by `isIP`). */
function expandIpv6(text: string): number[] | undefined {
  let address = text.split("%")[0]!;
  const lastColon = address.lastIndexOf(":");
  const tail = address.slice(lastColon + 1);
  if (tail.includes(".")) {
    const octets = tail.split(".").map(Number);
    const high = ((octets[0]! << 8) | octets[1]!).toString(16);
    const low = ((octets[2]! << 8) | octets[3]!).toString(16);
    address = `${address.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const [head, rest] = address.split("::") as [string, string | undefined];
  const headGroups = head ? head.split(":") : [];
  const restGroups = rest ? rest.split(":") : [];
  const missing = 8 - headGroups.length - restGroups.length;
  if (rest === undefined && missing !== 0) return undefined;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill("0"), ...restGroups];
  return groups.map((group) => Number.parseInt(group, 16));
}

/** How an address is written inside a short-syntax port entry. */
export function formatAddressForShortSyntax(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}
