import { findChatbotRow, rowToChatbot } from "../chatbots/store";
import { getDb } from "../db/client";

/**
 * Which hosts a bot answer may link to: the tenant's own knowledge (crawled
 * pages and sources, the pages behind the passages used, links written in
 * those passages) and the chatbot's allowed origins. Any other link in an
 * answer is neutralised by `safety.ts`, so a prompt injection hidden in a
 * document or a question cannot turn the answer into an exfiltration link.
 */
export interface LinkPolicy {
  /** exact host names (lower case) */
  hosts: ReadonlySet<string>;
  /** `example.com` for an allowed origin `https://*.example.com` (matches subdomains only) */
  wildcardParents: readonly string[];
}

export const NO_LINKS: LinkPolicy = { hosts: new Set(), wildcardParents: [] };

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi;

export function hostOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol === "mailto:") return url.pathname.split("@")[1]?.toLowerCase() ?? null;
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Hosts named by URLs inside a piece of text (links written in knowledge passages). */
export function hostsInText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const host = hostOf(m[0]);
    if (host) out.push(host);
  }
  return out;
}

export function linkPolicy(hosts: Iterable<string | null | undefined>, allowedOrigins: readonly string[] = []): LinkPolicy {
  const set = new Set<string>();
  for (const h of hosts) if (h) set.add(h.toLowerCase().replace(/^www\./, ""));
  const wildcardParents: string[] = [];
  for (const o of allowedOrigins) {
    const m = /^https?:\/\/(\*\.)?([^/:]+)/i.exec(o);
    if (!m) continue;
    if (m[1]) wildcardParents.push(m[2]!.toLowerCase());
    else set.add(m[2]!.toLowerCase().replace(/^www\./, ""));
  }
  return { hosts: set, wildcardParents };
}

export function isLinkAllowed(policy: LinkPolicy, href: string): boolean {
  const host = hostOf(href);
  if (!host) return false;
  const bare = host.replace(/^www\./, "");
  if (policy.hosts.has(bare)) return true;
  return policy.wildcardParents.some((p) => host.endsWith(`.${p}`));
}

/**
 * The link policy of one chatbot for one turn: its allowed origins, its
 * crawled sources and pages, and the passages the answer is built from.
 */
export async function linkPolicyFor(
  env: Env,
  scope: { workspaceId: string; chatbotId: string },
  passages: readonly { url: string | null; text: string }[],
): Promise<LinkPolicy> {
  const hosts: (string | null)[] = [];
  for (const p of passages) {
    if (p.url) hosts.push(hostOf(p.url));
    hosts.push(...hostsInText(p.text));
  }
  const [sources, pages, bot] = await Promise.all([
    env.DB.prepare(`select url from url_sources where workspace_id = ?1 and chatbot_id = ?2 limit 500`).bind(scope.workspaceId, scope.chatbotId).all<{ url: string }>(),
    env.DB.prepare(`select distinct url from chunks where workspace_id = ?1 and chatbot_id = ?2 and url is not null limit 2000`)
      .bind(scope.workspaceId, scope.chatbotId)
      .all<{ url: string }>(),
    findChatbotRow(getDb(env), scope.workspaceId, scope.chatbotId).catch(() => undefined),
  ]);
  for (const r of sources.results) hosts.push(hostOf(r.url));
  for (const r of pages.results) hosts.push(hostOf(r.url));
  return linkPolicy(hosts, bot ? rowToChatbot(bot).allowed_origins : []);
}
