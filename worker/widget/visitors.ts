import { loadUaLibs } from "../lazy";
import { AppError, forbidden } from "../lib/errors";
import { sha256Hex, timingSafeEqual } from "../lib/crypto";
import { newId, nowIso, randomToken } from "../lib/ids";
import { ipHashOf } from "./ip-bans";

/** Quiet time after which a returning visitor starts a new visit. */
const VISIT_GAP_MS = 30 * 60 * 1000;

export interface VisitRequest {
  chatbotId: string;
  workspaceId: string;
  visitorId?: string | undefined;
  visitorSecret?: string | undefined;
  page: { url: string; title?: string | undefined; referrer?: string | undefined };
  locale?: string | undefined;
  userAgent: string | null;
  cf: { country?: string | null; city?: string | null } | null;
  /** The keyed hash of the client's network (`ipHashOf`), remembered so an agent can ban it; null keeps the last one known. */
  ipHash?: string | null;
}

interface VisitorRow {
  id: string;
  secret_hash: string;
  banned_at: string | null;
  name: string | null;
}

/**
 * Starts or resumes a visitor. A new visitor gets a random secret (returned once,
 * stored hashed); a returning one must present it. Records the page, referrer,
 * browser/OS/device and location of this visit.
 */
export async function upsertVisitor(env: Pick<Env, "DB">, req: VisitRequest): Promise<{ id: string; secret: string | null; name: string | null }> {
  const now = nowIso();
  const ua = req.userAgent ? new (await loadUaLibs()).UAParser(req.userAgent).getResult() : null;
  const browser = ua?.browser.name ?? null;
  const os = ua?.os.name ?? null;
  const device = ua ? (ua.device.type ?? "desktop") : null;
  const entry = JSON.stringify({ url: req.page.url, title: req.page.title ?? null, at: now });
  if (req.visitorId) {
    const row = await env.DB.prepare(`SELECT id, secret_hash, banned_at, name FROM visitors WHERE id = ?1 AND chatbot_id = ?2`)
      .bind(req.visitorId, req.chatbotId)
      .first<VisitorRow>();
    const presented = req.visitorSecret ? await sha256Hex(req.visitorSecret) : "";
    if (!row || !timingSafeEqual(presented, row.secret_hash)) {
      throw new AppError(401, "INVALID_VISITOR", "This visitor could not be resumed; start a new session without visitor_id");
    }
    if (row.banned_at) throw forbidden("This visitor has been blocked", "VISITOR_BANNED");
    await env.DB.prepare(
      // a visit is a return after 30 quiet minutes (the usual analytics session), so the
      // widget renewing its token mid-visit counts nothing; the same page is not re-listed
      `UPDATE visitors SET visit_count = visit_count + (CASE WHEN last_seen_at < ?12 THEN 1 ELSE 0 END), last_seen_at = ?1, current_page = ?2,
         page_history = CASE WHEN current_page IS ?2 THEN page_history
           ELSE json_insert(CASE WHEN json_array_length(page_history) >= 50 THEN json_remove(page_history, '$[0]') ELSE page_history END, '$[#]', json(?3)) END,
         referrer = COALESCE(?4, referrer), browser = COALESCE(?5, browser), os = COALESCE(?6, os), device = COALESCE(?7, device),
         country = COALESCE(?8, country), city = COALESCE(?9, city), locale = COALESCE(?10, locale), last_ip_hash = COALESCE(?13, last_ip_hash)
       WHERE id = ?11`,
    )
      .bind(now, req.page.url, entry, req.page.referrer || null, browser, os, device, req.cf?.country ?? null, req.cf?.city ?? null, req.locale ?? null, row.id, new Date(Date.now() - VISIT_GAP_MS).toISOString(), req.ipHash ?? null)
      .run();
    return { id: row.id, secret: null, name: row.name };
  }
  const id = newId("vis");
  const secret = randomToken(40);
  await env.DB.prepare(
    `INSERT INTO visitors (id, workspace_id, chatbot_id, secret_hash, current_page, page_history, landing_page, referrer, browser, os, device,
       country, city, locale, visit_count, first_seen_at, last_seen_at, last_ip_hash)
     VALUES (?1, ?2, ?3, ?4, ?5, json_array(json(?6)), ?5, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14, ?14, ?15)`,
  )
    .bind(id, req.workspaceId, req.chatbotId, await sha256Hex(secret), req.page.url, entry, req.page.referrer || null, browser, os, device,
      req.cf?.country ?? null, req.cf?.city ?? null, req.locale ?? null, now, req.ipHash ?? null)
    .run();
  return { id, secret, name: null };
}

/**
 * The visitor behind a token, refusing a banned visitor and a banned network
 * (`ip`: the client address of this request). Every visitor route goes
 * through here, so a ban applies to all of them at once.
 */
export async function requireActiveVisitor(env: Pick<Env, "DB" | "JWT_SECRET">, workspaceId: string, visitorId: string, ip: string | null = null) {
  const row = await visitorStanding(env, workspaceId, visitorId, ip);
  if (!row) throw new AppError(401, "INVALID_TOKEN", "Unknown visitor");
  if (row.banned_at || row.network_banned) throw forbidden("This visitor has been blocked", "VISITOR_BANNED");
  return row;
}

/** The ban part of requireActiveVisitor alone: routes that answer 404 for someone else's resource keep doing so. */
export async function assertVisitorNotBanned(env: Pick<Env, "DB" | "JWT_SECRET">, workspaceId: string, visitorId: string, ip: string | null = null) {
  const row = await visitorStanding(env, workspaceId, visitorId, ip);
  if (row && (row.banned_at || row.network_banned)) throw forbidden("This visitor has been blocked", "VISITOR_BANNED");
}

async function visitorStanding(env: Pick<Env, "DB" | "JWT_SECRET">, workspaceId: string, visitorId: string, ip: string | null) {
  const ipHash = await ipHashOf(env, workspaceId, ip);
  return env.DB.prepare(
    `SELECT id, name, email, banned_at, locale, current_page,
       (?3 IS NOT NULL AND EXISTS (SELECT 1 FROM visitor_ip_bans b WHERE b.workspace_id = ?2 AND b.ip_hash = ?3 AND b.expires_at > ?4)) AS network_banned
     FROM visitors WHERE id = ?1 AND workspace_id = ?2`,
  )
    .bind(visitorId, workspaceId, ipHash, new Date().toISOString())
    .first<{ id: string; name: string | null; email: string | null; banned_at: string | null; locale: string | null; current_page: string | null; network_banned: number }>();
}

/** Saves what the visitor typed into the pre-chat or offline form. */
export async function saveVisitorContact(
  env: Pick<Env, "DB">,
  visitorId: string,
  contact: { name?: string | undefined; email?: string | undefined; phone?: string | undefined; custom?: Record<string, unknown> | undefined },
) {
  await env.DB.prepare(
    `UPDATE visitors SET name = COALESCE(?1, name), email = COALESCE(?2, email), phone = COALESCE(?3, phone),
       custom_attributes = json_patch(custom_attributes, ?4) WHERE id = ?5`,
  )
    .bind(contact.name ?? null, contact.email ?? null, contact.phone ?? null, JSON.stringify(contact.custom ?? {}), visitorId)
    .run();
}

/** A visitor's recent open conversations, for the widget to resume. */
export async function openConversationsOf(env: Pick<Env, "DB">, workspaceId: string, visitorId: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, status, last_message_preview, last_message_at, created_at FROM conversations
     WHERE visitor_id = ?1 AND workspace_id = ?2 AND status IN ('active','waiting','escalated','agent_handling')
     ORDER BY created_at DESC LIMIT 5`,
  )
    .bind(visitorId, workspaceId)
    .all<{ id: string; status: string; last_message_preview: string | null; last_message_at: string | null; created_at: string }>();
  return results;
}
