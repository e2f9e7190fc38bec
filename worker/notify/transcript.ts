import type { OutboundJobOf } from "../outbound/messages";
import { sendEmail } from "./email";
import { replyAddress } from "./continuation";
import { escapeHtml } from "../lib/html";

/** At most this many messages go into one transcript email (the newest are kept). */
const MAX_LINES = 300;

type Lang = "en" | "th";

const TEXT: Record<Lang, { subject: (bot: string) => string; intro: (bot: string) => string; you: string; team: string; reply: string; noReply: string; footer: string }> = {
  en: {
    subject: (bot) => `Your conversation with ${bot}`,
    intro: (bot) => `Here is a copy of your conversation with ${bot}.`,
    you: "You",
    team: "Team",
    reply: "Reply to this email to continue the conversation.",
    noReply: "Open the chat on our site to continue the conversation.",
    footer: "You receive this because the conversation was marked resolved.",
  },
  th: {
    subject: (bot) => `บทสนทนาของคุณกับ ${bot}`,
    intro: (bot) => `สำเนาบทสนทนาของคุณกับ ${bot}`,
    you: "คุณ",
    team: "ทีมงาน",
    reply: "ตอบกลับอีเมลนี้เพื่อคุยต่อในบทสนทนาเดิม",
    noReply: "เปิดแชทบนเว็บไซต์ของเราเพื่อคุยต่อ",
    footer: "คุณได้รับอีเมลนี้เพราะบทสนทนาถูกปิดเป็น “แก้ไขแล้ว”",
  },
};

interface Row {
  email: string | null;
  locale: string | null;
  behavior_settings: string | null;
  bot_name: string;
  time_zone: string | null;
}

interface Line {
  role: "visitor" | "bot" | "agent";
  author_name: string | null;
  text: string;
  created_at: string;
}

/**
 * The conversation's transcript to the visitor when it is resolved, if the
 * chatbot offers it (`behavior_settings.transcript_email`) and the visitor
 * gave an address. Visitor, bot and agent messages only (no internal notes or
 * system lines), in the visitor's language, plain text with an HTML
 * alternative and the signed reply-to address, so an answer continues the
 * same conversation. One email per resolution: the resolve event's id is the
 * send's idempotency key. An email conversation is not sent one: its thread
 * is already in the customer's mailbox.
 */
export async function emailTranscriptOnResolve(env: Env, job: OutboundJobOf<"conversation.activity">): Promise<void> {
  if (job.channel === "email") return;
  const resolved = job.events.find((e) => e.type === "status_changed" && e.to_status === "resolved");
  if (!resolved) return;
  const row = await env.DB.prepare(
    `SELECT v.email, v.locale, b.behavior_settings, b.name AS bot_name, json_extract(b.business_hours, '$.timezone') AS time_zone
     FROM conversations c JOIN visitors v ON v.id = c.visitor_id JOIN chatbots b ON b.id = c.chatbot_id
     WHERE c.id = ?1 AND c.workspace_id = ?2`,
  )
    .bind(job.conversation_id, job.workspace_id)
    .first<Row>();
  if (!row?.email || !wantsTranscript(row.behavior_settings)) return;
  const { results } = await env.DB.prepare(
    `SELECT role, author_name, text, created_at FROM messages
     WHERE conversation_id = ?1 AND workspace_id = ?2 AND role IN ('visitor', 'bot', 'agent') AND text <> ''
     ORDER BY seq DESC LIMIT ${MAX_LINES}`,
  )
    .bind(job.conversation_id, job.workspace_id)
    .all<Line>();
  const lines = results.reverse();
  if (!lines.some((l) => l.role === "visitor")) return;
  const lang = languageOf(lines, row.locale);
  const mail = transcriptEmail(lang, row.bot_name, lines, { replyTo: await replyAddress(env, job.conversation_id), timeZone: row.time_zone });
  await sendEmail(env, { workspaceId: job.workspace_id, to: row.email, ...mail }, { id: `transcript_${resolved.id}` });
}

function wantsTranscript(raw: string | null): boolean {
  try {
    return (JSON.parse(raw ?? "{}") as { transcript_email?: unknown }).transcript_email === true;
  } catch {
    return false;
  }
}

/** Thai when the visitor wrote Thai, else their browser's locale decides. */
function languageOf(lines: Line[], locale: string | null): Lang {
  const said = lines.filter((l) => l.role === "visitor").map((l) => l.text).join(" ");
  if (/[\u0E00-\u0E7F]/.test(said)) return "th";
  if (/[a-z]/i.test(said)) return "en";
  return locale?.toLowerCase().startsWith("th") ? "th" : "en";
}

export function transcriptEmail(
  lang: Lang,
  botName: string,
  lines: Line[],
  opts: { replyTo: string | null; timeZone: string | null },
): { subject: string; text: string; html: string; replyTo: string | null } {
  const t = TEXT[lang];
  const when = new Intl.DateTimeFormat(lang === "th" ? "th-TH" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: validZone(opts.timeZone) });
  const who = (l: Line) => (l.role === "visitor" ? t.you : l.role === "bot" ? botName : l.author_name || t.team);
  const stamp = (l: Line) => {
    const d = new Date(l.created_at);
    return Number.isNaN(d.getTime()) ? "" : when.format(d);
  };
  const next = opts.replyTo ? t.reply : t.noReply;
  const text = [
    t.intro(botName),
    "",
    ...lines.map((l) => `[${stamp(l)}] ${who(l)}:\n${l.text}\n`),
    next,
    "",
    "--",
    t.footer,
    "",
  ].join("\n");
  const html = [
    `<p>${escapeHtml(t.intro(botName))}</p>`,
    `<table style="border-collapse:collapse;font-family:sans-serif;font-size:14px">`,
    ...lines.map(
      (l) =>
        `<tr><td style="padding:6px 12px 6px 0;vertical-align:top;color:#555;white-space:nowrap"><strong>${escapeHtml(who(l))}</strong><br><small>${escapeHtml(stamp(l))}</small></td><td style="padding:6px 0;white-space:pre-wrap">${escapeHtml(l.text)}</td></tr>`,
    ),
    `</table>`,
    `<p>${escapeHtml(next)}</p>`,
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(t.footer)}</p>`,
  ].join("");
  return { subject: t.subject(botName), text, html, replyTo: opts.replyTo };
}

function validZone(zone: string | null): string {
  if (!zone) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}
