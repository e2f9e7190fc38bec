/** URL normalisation and link filtering for the crawler. */

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref)$/i;

/** Absolute http(s) URL without fragment, default port or tracking parameters; null if not crawlable. */
export function normalizeUrl(href: string, base?: string): string | null {
  let url: URL;
  try {
    url = base ? new URL(href, base) : new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  url.username = "";
  url.password = "";
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.search = url.searchParams.toString() ? `?${url.searchParams.toString()}` : "";
  return url.toString();
}

const bareHost = (host: string) => host.toLowerCase().replace(/^www\./, "");

/** Same site: same host, ignoring a leading `www.`. */
export function isSameSite(a: string, b: string): boolean {
  try {
    return bareHost(new URL(a).hostname) === bareHost(new URL(b).hostname);
  } catch {
    return false;
  }
}

/**
 * A pattern is a regular expression when written `/…/` and using regex
 * syntax (`^$\\()[]{}|+?`), else a glob where
 * `*` matches anything. Patterns starting with `http` match the whole URL,
 * others the path (with query).
 */
export function compilePattern(pattern: string): { test(url: URL): boolean } {
  const p = pattern.trim();
  const whole = /^https?:/i.test(p);
  let re: RegExp;
  if (isRegexPattern(p)) re = new RegExp(p.slice(1, -1));
  else re = new RegExp(`^${p.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return { test: (url) => re.test(whole ? url.toString() : url.pathname + url.search) };
}

const isRegexPattern = (p: string) => p.length > 2 && p.startsWith("/") && p.endsWith("/") && /[\^$\\()[\]{}|+?]/.test(p.slice(1, -1));

/** A readable message for an invalid pattern, or null when it compiles. */
export function validatePattern(pattern: string): string | null {
  try {
    compilePattern(pattern);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : "Invalid pattern";
  }
}

export interface LinkFilter {
  seed: string;
  sameSite: boolean;
  include: string[];
  exclude: string[];
}

export function linkFilter(f: LinkFilter): (url: string) => boolean {
  const include = f.include.map(compilePattern);
  const exclude = f.exclude.map(compilePattern);
  return (raw) => {
    const url = new URL(raw);
    if (f.sameSite && !isSameSite(raw, f.seed)) return false;
    if (include.length && !include.some((p) => p.test(url))) return false;
    if (exclude.some((p) => p.test(url))) return false;
    return true;
  };
}
