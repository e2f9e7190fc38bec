/**
 * Allowed-origin patterns for the widget: exact origins
 * (`https://shop.example.com`, `http://127.0.0.1:8787`) or a wildcard subdomain
 * (`https://*.example.com`, which matches `https://a.example.com` and
 * `https://a.b.example.com` but not `https://example.com`). A wildcard never
 * sits directly on a public suffix (`https://*.github.io`, `*.co.uk`): that
 * would let any stranger's site use the widget. That check needs the Public
 * Suffix List, which is large, so it runs only when a configuration is saved
 * (`./origin-suffixes.ts`); parsing here checks the shape.
 */

const PATTERN_RE =
  /^(https?):\/\/(\*\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i;

interface ParsedPattern {
  scheme: string;
  wildcard: boolean;
  host: string;
  port: string;
}

const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443" };

function parsePattern(value: string): ParsedPattern | null {
  const m = PATTERN_RE.exec(value.trim());
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  const wildcard = Boolean(m[2]);
  const host = m[3].toLowerCase();
  const port = m[4] ?? "";
  if (port && (Number(port) < 1 || Number(port) > 65535)) return null;
  // a wildcard needs a dotted name as its base (whether that base is registrable is checked on save)
  if (wildcard && (!host.includes(".") || host.startsWith("["))) return null;
  return { scheme, wildcard, host, port: port === DEFAULT_PORTS[scheme] ? "" : port };
}

export function isValidOriginPattern(value: string): boolean {
  return parsePattern(value) !== null;
}

/** The base host of a wildcard pattern (`example.com` for `https://*.example.com`), else null. */
export function wildcardBase(value: string): string | null {
  const p = parsePattern(value);
  return p?.wildcard ? p.host : null;
}

/** Canonical form: lower case, no trailing slash, no default port. Invalid input is returned unchanged. */
export function normalizeOriginPattern(value: string): string {
  const p = parsePattern(value);
  if (!p) return value;
  return `${p.scheme}://${p.wildcard ? "*." : ""}${p.host}${p.port ? `:${p.port}` : ""}`;
}

/** Normalises and de-duplicates a list of patterns, keeping the first occurrence's order. */
export function normalizeOriginList(values: readonly string[]): string[] {
  return [...new Set(values.map(normalizeOriginPattern))];
}

/** The origin (scheme://host[:port]) of a URL such as APP_URL, or null. */
export { originOf } from "./origin-of";

/**
 * Whether a page at `origin` (the browser's `Origin` header) may use this
 * chatbot's widget. A missing or opaque origin ("null") is never allowed.
 */
export function isOriginAllowed(chatbot: { allowed_origins: readonly string[] }, origin: string | null | undefined): boolean {
  if (!origin || origin === "null") return false;
  const page = parsePattern(origin);
  if (!page || page.wildcard) return false;
  for (const raw of chatbot.allowed_origins) {
    const allowed = parsePattern(raw);
    if (!allowed || allowed.scheme !== page.scheme || allowed.port !== page.port) continue;
    if (!allowed.wildcard && allowed.host === page.host) return true;
    if (allowed.wildcard && page.host.endsWith(`.${allowed.host}`)) return true;
  }
  return false;
}
