/// <reference lib="dom" />
// The playground's state in the URL's fragment, so that a link reproduces it: the Compose text and
// the config, as JSON, deflated and base64url-encoded. The fragment never reaches a server.

export interface PlaygroundState {
  compose: string;
  config: string;
}

const PREFIX = "#s=";

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const output = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, compose: state.compose, config: state.config }));
  return PREFIX + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The state in a fragment, or undefined when there is none or it cannot be read (a truncated link). */
export async function decodeState(hash: string): Promise<PlaygroundState | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw")));
    const value = JSON.parse(json) as { v?: unknown; compose?: unknown; config?: unknown };
    if (value.v !== 1 || typeof value.compose !== "string" || typeof value.config !== "string") return undefined;
    return { compose: value.compose, config: value.config };
  } catch {
    return undefined;
  }
}
