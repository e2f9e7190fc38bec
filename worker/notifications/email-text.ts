import type { NotificationKind } from "./kinds";
import { escapeHtml } from "../lib/html";

type Lang = "en" | "th";

const SUBJECTS: Record<Lang, Record<NotificationKind, (who: string) => string>> = {
  en: {
    mention: (who) => `${who} mentioned you in a conversation`,
    assignment: (who) => `A conversation with ${who} was assigned to you`,
    escalation: (who) => `${who} is waiting for a person`,
    new_conversation: (who) => `New conversation from ${who}`,
    offline_message: (who) => `Offline message from ${who}`,
    failed_delivery: () => `A message could not be delivered`,
    daily_digest: () => `Your daily summary`,
  },
  th: {
    mention: (who) => `${who} กล่าวถึงคุณในบทสนทนา`,
    assignment: (who) => `บทสนทนากับ ${who} ถูกมอบหมายให้คุณ`,
    escalation: (who) => `${who} กำลังรอเจ้าหน้าที่`,
    new_conversation: (who) => `บทสนทนาใหม่จาก ${who}`,
    offline_message: (who) => `ข้อความฝากจาก ${who}`,
    failed_delivery: () => `ส่งข้อความไม่สำเร็จ`,
    daily_digest: () => `สรุปประจำวัน`,
  },
};

const LINES: Record<Lang, { open: string; settings: string; unsubscribe: string }> = {
  en: { open: "Open the conversation", settings: "You receive this because of your notification settings. Change them", unsubscribe: "Stop these emails" },
  th: { open: "เปิดบทสนทนา", settings: "คุณได้รับอีเมลนี้ตามการตั้งค่าการแจ้งเตือนของคุณ เปลี่ยนการตั้งค่า", unsubscribe: "หยุดรับอีเมลประเภทนี้" },
};

/**
 * A notification as an email in the member's language: plain text and HTML, a
 * link to the conversation, one to the settings and a one-click unsubscribe
 * from this kind of email (also as `List-Unsubscribe` for mail clients' button).
 */
export function notificationEmail(
  env: Pick<Env, "APP_URL">,
  ev: { kind: NotificationKind; actorName: string; excerpt: string; conversationId: string | null },
  to: { locale: string | null },
  unsubscribe: string,
): { subject: string; text: string; html: string; headers: Record<string, string> } {
  const lang: Lang = to.locale === "th" ? "th" : "en";
  const base = (env.APP_URL ?? "").replace(/\/+$/, "");
  const link = `${base}/inbox${ev.conversationId ? `/${ev.conversationId}` : ""}`;
  const settings = `${base}/account/notifications`;
  const subject = SUBJECTS[lang][ev.kind](ev.actorName);
  const l = LINES[lang];
  const text = `${subject}\n\n${ev.excerpt}\n\n${l.open}: ${link}\n\n--\n${l.settings}: ${settings}\n${l.unsubscribe}: ${unsubscribe}\n`;
  const html = `<p><strong>${escapeHtml(subject)}</strong></p><blockquote>${escapeHtml(ev.excerpt)}</blockquote><p><a href="${escapeHtml(link)}">${escapeHtml(l.open)}</a></p><hr><p style="color:#666;font-size:12px">${escapeHtml(l.settings)}: <a href="${escapeHtml(settings)}">${escapeHtml(settings)}</a> · <a href="${escapeHtml(unsubscribe)}">${escapeHtml(l.unsubscribe)}</a></p>`;
  return { subject, text, html, headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } };
}
