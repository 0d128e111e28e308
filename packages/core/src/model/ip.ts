// The IP literals Compose accepts as a host IP, read as node:net's isIP reads them. Written here
// rather than imported from node:net: core also runs in the browser (the playground), and loading
// node:net (and the streams under it) costs a command-line start ~4 ms.
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Four decimal parts, no leading zeros. */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** Any form the URL parser takes inside brackets, plus a zone index (`fe80::1%eth0`). */
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
