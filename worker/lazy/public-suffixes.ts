/** The Public Suffix List (ICANN and private sections): only saving widget origins needs it (see worker/lazy.ts). */
import { getPublicSuffix } from "tldts";

/** Whether `host` is itself a public suffix (anyone can register a name directly below it). */
export function isPublicSuffix(host: string): boolean {
  const suffix = getPublicSuffix(host, { allowPrivateDomains: true });
  return suffix === null || suffix === host;
}
