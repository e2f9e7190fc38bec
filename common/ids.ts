const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Random base62 string of `length` characters from the platform CSPRNG. */
export function randomToken(length = 32): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}

/** Prefixed random id, e.g. `newId("cb")` → `cb_4f9Q…` (20 random chars, ~119 bits). */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(20)}`;
}

export const nowIso = () => new Date().toISOString();
