// node:net's isIP for the browser build, which core uses to read host IPs in port entries. IPv4 as
// Node reads it (four decimal parts, no leading zeros); IPv6 by the URL parser, plus a zone index.
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

export function isIPv6(text: string): boolean {
  const [address, zone] = text.split("%", 2);
  if (!address || !address.includes(":") || zone === "" || /[^0-9a-fA-F:.]/.test(address)) return false;
  try {
    new URL(`http://[${address}]/`);
    return true;
  } catch {
    return false;
  }
}

export function isIP(text: string): 0 | 4 | 6 {
  return isIPv4(text) ? 4 : isIPv6(text) ? 6 : 0;
}
