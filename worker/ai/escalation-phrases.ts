/**
 * Phrases with which a visitor asks for a person instead of the bot (English and Thai).
 * The ConversationDO escalates on them before the bot answers; the AI engine
 * reuses them for its `human_request` intent.
 */
export const HUMAN_REQUEST_PHRASES = {
  en: [
    "human",
    "agent",
    "real person",
    "live person",
    "live agent",
    "talk to someone",
    "speak to someone",
    "talk to a person",
    "speak to a person",
    "customer service",
    "representative",
    "operator",
    "support staff",
  ],
  th: [
    "คุยกับคน",
    "ขอคุยกับคน",
    "ขอคุยกับเจ้าหน้าที่",
    "คุยกับเจ้าหน้าที่",
    "ติดต่อเจ้าหน้าที่",
    "เจ้าหน้าที่",
    "พนักงาน",
    "แอดมิน",
    "ขอสายคน",
    "คนจริง",
  ],
} as const;

const EN_PATTERN = new RegExp(`\\b(${HUMAN_REQUEST_PHRASES.en.map((p) => p.replace(/ /g, "\\s+")).join("|")})s?\\b`, "i");

/** True when the text asks to talk to a person. Thai has no word spaces, so Thai phrases match as substrings. */
export function asksForHuman(text: string): boolean {
  if (EN_PATTERN.test(text)) return true;
  return HUMAN_REQUEST_PHRASES.th.some((p) => text.includes(p));
}

/** Alias of `asksForHuman` for the intent and escalation rules. */
export const isHumanRequest = asksForHuman;
