import { HUMAN_REQUEST_PHRASES } from "./escalation-phrases";

/**
 * Whether a visitor asks for a person. Extends the shared phrase list with
 * patterns for longer requests ("can I talk to an actual person", "set up a
 * call with your sales team"); single generic words from the list ("agent",
 * "human") count only when they are most of the message, so a question about
 * a "user agent" is not a request for a person.
 */
const PATTERNS: RegExp[] = [
  /\b(talk|speak|chat|connect|transfer|put)\b[^.?!]{0,40}\b(human|person|people|agent|someone|somebody|representative|rep|operator|staff|support team|manager|supervisor|sales( team)?|real (one|person))\b/i,
  /\b(real|actual|live) (human|person|agent|people)\b/i,
  /\bhuman (agent|support|being)\b/i,
  /\b(not|no more|stop talking to) (a |the )?(bot|robot|machine|ai)\b/i,
  /\b(call|phone call|meeting|demo) with (someone|somebody|a person|your (sales|support)( team)?)\b/i,
  /\bset up a call\b/i,
  /(ขอ|ต้องการ|อยาก)(คุย|สาย|ติดต่อ)?(กับ)?(เจ้าหน้าที่|พนักงาน|แอดมิน|คนจริง)/,
  /โอน(สาย)?ไป(ยัง|หา)?(เจ้าหน้าที่|พนักงาน)/,
  /ไม่(อยาก|เอา)คุยกับ(บอท|หุ่นยนต์)/,
];

const MULTI_WORD = [...HUMAN_REQUEST_PHRASES.en.filter((p) => p.includes(" ")), ...HUMAN_REQUEST_PHRASES.th.filter((p) => p.length > 6)];

export function wantsHuman(text: string): boolean {
  if (PATTERNS.some((re) => re.test(text))) return true;
  const lower = text.toLowerCase();
  if (MULTI_WORD.some((p) => lower.includes(p)) && !/\b(customer service|live agent)\b.*\?\s*$/i.test(text.trim()) ) return true;
  // a very short message that is just "agent", "human please", …
  const wordsOnly = lower.replace(/[^a-z\u0E00-\u0E7F ]/g, " ").trim().split(/\s+/).filter(Boolean);
  return wordsOnly.length <= 3 && wordsOnly.some((w) => ["human", "agent", "person", "operator", "representative", "เจ้าหน้าที่", "แอดมิน"].includes(w));
}
