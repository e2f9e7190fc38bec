import { sendEmail } from "../notify/email";
import { resolvePreferences, type PreferenceChanges } from "./kinds";
import { unsubscribeUrl } from "./unsubscribe";
import { escapeHtml } from "../lib/html";

const DAY_MS = 86_400_000;

/** What a workspace's day looked like (the 24 hours before the run). */
export interface DigestFigures {
  started: number;
  offline: number;
  escalated: number;
  resolved: number;
  ratings: number;
  averageRating: number | null;
  /** conversations waiting for a person right now */
  waitingNow: number;
}

interface Member {
  workspace_id: string;
  workspace: string;
  user_id: string;
  email: string;
  name: string;
  locale: string | null;
  prefs: string | null;
}

/**
 * The daily digest: each active inbox member (owner, admin, agent) who turned
 * it on (`daily_digest` × email, off by default) gets yesterday's figures of
 * their workspace — conversations started, offline messages, escalations,
 * resolved, ratings — and how many wait for a person now, with a link to the
 * inbox and a one-click unsubscribe. Idempotent per member and day (the
 * send's id), so a repeated run sends nothing twice. Returns how many were sent.
 */
export async function sendDailyDigests(env: Env, now = new Date()): Promise<number> {
  const { results } = await env.DB.prepare(
    `SELECT m.workspace_id, w.name AS workspace, u.id AS user_id, u.email, u.name, u.locale, p.prefs
     FROM notification_preferences p
     JOIN memberships m ON m.workspace_id = p.workspace_id AND m.user_id = p.user_id AND m.status = 'active' AND m.role IN ('owner', 'admin', 'agent')
     JOIN users u ON u.id = p.user_id
     JOIN workspaces w ON w.id = p.workspace_id AND w.deleted_at IS NULL
     WHERE json_extract(p.prefs, '$.daily_digest.email') = 1`,
  ).all<Member>();
  const until = now.toISOString();
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const day = since.slice(0, 10);
  const figures = new Map<string, DigestFigures>();
  let sent = 0;
  for (const m of results) {
    if (!m.email || !resolvePreferences(parse(m.prefs)).daily_digest.email) continue;
    let f = figures.get(m.workspace_id);
    if (!f) figures.set(m.workspace_id, (f = await digestFigures(env, m.workspace_id, since, until)));
    const unsubscribe = await unsubscribeUrl(env, { workspaceId: m.workspace_id, userId: m.user_id, kind: "daily_digest" });
    const mail = digestEmail(env, { workspace: m.workspace, day, locale: m.locale, figures: f, unsubscribe });
    await sendEmail(env, { workspaceId: m.workspace_id, to: m.email, ...mail }, { id: `digest_${m.workspace_id}_${m.user_id}_${day}` });
    sent++;
  }
  return sent;
}

/** A workspace's figures between `since` and `until` (ISO timestamps), read from the events the conversations recorded. */
export async function digestFigures(env: Env, workspaceId: string, since: string, until: string): Promise<DigestFigures> {
  const row = await env.DB.prepare(
    `SELECT
       sum(type = 'created') AS started,
       sum(type = 'created' AND json_extract(data, '$.offline') = 1) AS offline,
       sum(type = 'status_changed' AND to_status = 'escalated') AS escalated,
       sum(type = 'status_changed' AND to_status = 'resolved') AS resolved,
       sum(type = 'rated') AS ratings,
       avg(CASE WHEN type = 'rated' THEN json_extract(data, '$.rating') END) AS average_rating
     FROM conversation_events
     WHERE workspace_id = ?1 AND type IN ('created', 'status_changed', 'rated') AND created_at >= ?2 AND created_at < ?3`,
  )
    .bind(workspaceId, since, until)
    .first<{ started: number | null; offline: number | null; escalated: number | null; resolved: number | null; ratings: number | null; average_rating: number | null }>();
  const waiting = await env.DB.prepare(`SELECT count(*) AS n FROM conversations WHERE workspace_id = ?1 AND status = 'escalated'`).bind(workspaceId).first<{ n: number }>();
  return {
    started: row?.started ?? 0,
    offline: row?.offline ?? 0,
    escalated: row?.escalated ?? 0,
    resolved: row?.resolved ?? 0,
    ratings: row?.ratings ?? 0,
    averageRating: row?.average_rating == null ? null : Math.round(row.average_rating * 10) / 10,
    waitingNow: waiting?.n ?? 0,
  };
}

type Lang = "en" | "th";

const TEXT: Record<Lang, { subject: (ws: string, day: string) => string; lines: (f: DigestFigures) => string[]; open: string; unsubscribe: string; settings: string }> = {
  en: {
    subject: (ws, day) => `${ws}: your daily summary for ${day}`,
    lines: (f) => [
      `Conversations started: ${f.started}${f.offline ? ` (${f.offline} offline messages)` : ""}`,
      `Handed to a person: ${f.escalated}`,
      `Resolved: ${f.resolved}`,
      `Ratings: ${f.ratings}${f.averageRating !== null ? ` (average ${f.averageRating} of 5)` : ""}`,
      `Waiting for a person now: ${f.waitingNow}`,
    ],
    open: "Open the inbox",
    unsubscribe: "Stop these emails",
    settings: "You receive this because you turned on the daily summary in your notification settings",
  },
  th: {
    subject: (ws, day) => `${ws}: สรุปประจำวันที่ ${day}`,
    lines: (f) => [
      `บทสนทนาใหม่: ${f.started}${f.offline ? ` (ข้อความฝาก ${f.offline})` : ""}`,
      `ส่งต่อให้เจ้าหน้าที่: ${f.escalated}`,
      `แก้ไขแล้ว: ${f.resolved}`,
      `คะแนนความพึงพอใจ: ${f.ratings}${f.averageRating !== null ? ` (เฉลี่ย ${f.averageRating} จาก 5)` : ""}`,
      `กำลังรอเจ้าหน้าที่ตอนนี้: ${f.waitingNow}`,
    ],
    open: "เปิดกล่องข้อความ",
    unsubscribe: "หยุดรับอีเมลประเภทนี้",
    settings: "คุณได้รับอีเมลนี้เพราะเปิดรับสรุปประจำวันในการตั้งค่าการแจ้งเตือน",
  },
};

export function digestEmail(
  env: Pick<Env, "APP_URL">,
  d: { workspace: string; day: string; locale: string | null; figures: DigestFigures; unsubscribe: string },
): { subject: string; text: string; html: string; headers: Record<string, string> } {
  const t = TEXT[d.locale === "th" ? "th" : "en"];
  const inbox = `${(env.APP_URL ?? "").replace(/\/+$/, "")}/inbox`;
  const subject = t.subject(d.workspace, d.day);
  const lines = t.lines(d.figures);
  const text = `${subject}\n\n${lines.join("\n")}\n\n${t.open}: ${inbox}\n\n--\n${t.settings}.\n${t.unsubscribe}: ${d.unsubscribe}\n`;
  const html =
    `<p><strong>${escapeHtml(subject)}</strong></p><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>` +
    `<p><a href="${escapeHtml(inbox)}">${escapeHtml(t.open)}</a></p><hr><p style="color:#666;font-size:12px">${escapeHtml(t.settings)}. <a href="${escapeHtml(d.unsubscribe)}">${escapeHtml(t.unsubscribe)}</a></p>`;
  return { subject, text, html, headers: { "List-Unsubscribe": `<${d.unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } };
}

function parse(raw: string | null): PreferenceChanges | null {
  try {
    return raw ? (JSON.parse(raw) as PreferenceChanges) : null;
  } catch {
    return null;
  }
}
