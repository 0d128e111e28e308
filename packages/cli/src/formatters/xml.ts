/** Characters XML 1.0 does not allow at all, not even as a character reference. */
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text without the characters XML 1.0 forbids (for CDATA, where nothing else needs escaping). */
export function withoutForbiddenXmlCharacters(text: string): string {
  return text.replace(NOT_IN_XML, "");
}

/**
 * Escapes text for an XML attribute or element. Tabs and line breaks become character references:
 * a parser reads a raw one in an attribute as a space (a file name `a\nb` would come back `a b`).
 */
export function escapeXml(text: string): string {
  return withoutForbiddenXmlCharacters(text).replace(/[<>&"'\t\n\r]/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" })[char]!);
}
