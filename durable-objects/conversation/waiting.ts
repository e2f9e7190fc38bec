/** The visitor languages the object has lines for (the Worker's visitor strings use the same codes). */
type VisitorLang = "en" | "th";

/** How long an escalated visitor waits for a person before being told so honestly and the team is alerted again, unless the chatbot sets its own limit. */
export const ESCALATION_WAIT_MS = 5 * 60_000;

/** The chatbot's `escalation_wait_minutes` (1–60) as the conversation's setting; the default when unset or out of range. */
export function escalationWaitMsOf(minutes: number | null | undefined): number {
  return typeof minutes === "number" && Number.isInteger(minutes) && minutes >= 1 && minutes <= 60 ? minutes * 60_000 : ESCALATION_WAIT_MS;
}

const TEXT: Record<VisitorLang, { withEmail: string; withoutEmail: string }> = {
  en: {
    withEmail: "I'm sorry — nobody from our team has been able to pick this up yet. We've alerted them again. You don't need to wait here: we'll reply by email, and I can still answer questions meanwhile.",
    withoutEmail: "I'm sorry — nobody from our team has been able to pick this up yet. We've alerted them again. If you'd rather not wait, leave your email address here and we'll reply by email; I can still answer questions meanwhile.",
  },
  th: {
    withEmail: "ขออภัยค่ะ ตอนนี้ยังไม่มีเจ้าหน้าที่ว่างรับเรื่อง เราแจ้งทีมงานอีกครั้งแล้ว ไม่ต้องรอที่นี่ก็ได้ค่ะ เราจะตอบกลับทางอีเมล ระหว่างนี้ถามคำถามอื่นได้เลยนะคะ",
    withoutEmail: "ขออภัยค่ะ ตอนนี้ยังไม่มีเจ้าหน้าที่ว่างรับเรื่อง เราแจ้งทีมงานอีกครั้งแล้ว หากไม่สะดวกรอ ฝากอีเมลไว้ที่นี่ได้เลย เราจะตอบกลับทางอีเมล ระหว่างนี้ถามคำถามอื่นได้เลยนะคะ",
  },
};

const ON_CHANNEL: Record<VisitorLang, string> = {
  en: "I'm sorry — nobody from our team has been able to pick this up yet. We've alerted them again; they'll reply right here, so you don't need to wait in the chat.",
  th: "ขออภัยค่ะ ตอนนี้ยังไม่มีเจ้าหน้าที่ว่างรับเรื่อง เราแจ้งทีมงานอีกครั้งแล้ว เจ้าหน้าที่จะตอบกลับในแชทนี้ ไม่ต้องรอหน้าจอค่ะ",
};

/** The honest line for a visitor nobody has picked up: on the web, offering to continue by email. */
export function unansweredEscalationText(lang: VisitorLang, channel: string, emailKnown = false): string {
  if (channel !== "web") return ON_CHANNEL[lang] ?? ON_CHANNEL.en;
  const t = TEXT[lang] ?? TEXT.en;
  return emailKnown ? t.withEmail : t.withoutEmail;
}
