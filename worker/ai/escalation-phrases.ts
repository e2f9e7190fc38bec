/**
 * Phrases with which a visitor asks for a person instead of the bot (English and Thai).
 * `wantsHuman` (human-request.ts) builds the one detector on them that the
 * ConversationDO, the intent and the escalation rules all use.
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
