/**
 * Values the Worker hands a Durable Object in internal request headers (the
 * identity of an authenticated socket). Header values must be ASCII, and names
 * are not (a Thai agent or visitor name), so the JSON travels base64url-encoded.
 */
export function encodeInternalHeader(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The value of `encodeInternalHeader`, or null when the header is missing or not one of ours. */
export function decodeInternalHeader<T>(header: string | null): T | null {
  if (!header) return null;
  try {
    const binary = atob(header.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    return null;
  }
}
