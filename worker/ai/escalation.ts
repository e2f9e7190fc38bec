import type { EscalationReason } from "./types";
import type { SentimentResult } from "./sentiment";
import { wantsHuman as isHumanRequest } from "./human-request";
import { words } from "../knowledge/text/segment";

/**
 * Escalation rules that do not depend on retrieval (story 4.2): an explicit
 * request for a person, frustration, a billing dispute, a legal demand, and a
 * request that needs the visitor's own records (which the bot cannot see).
 * Calm billing and privacy questions are not escalations: only disputes and
 * demands are.
 */
export interface EscalationInput {
  message: string;
  history: { role: "visitor" | "bot" | "agent"; text: string }[];
  sentiment: SentimentResult;
  frustrationDetection: boolean;
  explicitRequest: boolean;
}

const BILLING_DISPUTE = [
  /\b(charge ?back|dispute (the|this|a) (charge|payment)|unauthori[sz]ed (charge|payment))\b/i,
  // a demand for money back; "can I get a refund for …?" is a policy question the knowledge may answer
  /\b(want|need|demand|give me|expect|asking for|request(ing)?)\b[^.?!]{0,30}\b(a |my |full |the )?(refund|money back)\b/i,
  /\brefund (it|me|this|that|my|the)\b/i,
  /\b(charged|billed|took (money|payment)|taken)\b[^.?!]{0,40}\b(twice|double|two times|again|after (i )?cancel\w*|without (my )?(permission|consent))\b/i,
  /\b(cancel+ed|canceled)\b[^.?!]{0,60}\b(still|but)\b[^.?!]{0,30}\b(charg\w*|bill\w*|took|take|taken)\b/i,
  /\b(double|duplicate) (charge|payment|billing)\b/i,
  /(ขอ|ต้องการ|อยากได้)เงินคืน|คืนเงิน(ให้|ด้วย)|ถูกเก็บเงิน(ซ้ำ|สองครั้ง)|ตัดเงิน(ซ้ำ|สองครั้ง)/,
];

const LEGAL = [
  /\b(lawyer|attorney|solicitor|lawsuit|legal action|sue|suing|court|litigation|illegal|unlawful)\b/i,
  /\bright to (be forgotten|erasure)\b/i,
  /\b(gdpr|ccpa|dsar|data protection)\b[^.?!]{0,40}\b(article \d+|request(ing)?|demand\w*|erase|erasure|delete|deletion|copy of)\b/i,
  /\bsubject access request\b/i,
  /\b(erase|delete|remove|wipe)\b[^.?!]{0,30}\b(all )?(my |the )?personal (data|information)\b/i,
  /\b(personal data|personal information)\b[^.?!]{0,40}\b(erased|deleted|removed|copy)\b/i,
  /\b(regulator|data protection authority|ombudsman)\b/i,
  /ทนาย|ฟ้องร้อง|ดำเนินคดี|ลบข้อมูลส่วนบุคคล|พ\.ร\.บ\.คุ้มครองข้อมูล|pdpa/i,
];

/** Requests about the visitor's own records or past contacts, which the bot cannot look up. */
const PERSONAL_RECORD = [
  /\b(status|update) (of|on) (my|the) (ticket|case|request|order|complaint|email)\b/i,
  /\b(ticket|case) (i|we) (emailed|sent|opened|submitted|filed)\b/i,
  /\bwhich (email|e-mail|address|account|username|card|plan)\b[^.?!]{0,30}\bdid (i|we)\b/i,
  /\bwhat (email|e-mail|username|account)\b[^.?!]{0,20}\bdid (i|we) (use|sign)/i,
];

/** Work on the visitor's own site or other products, not about this product. */
const OFF_PRODUCT = [
  /\b(fix|debug|style|redesign|build|write)\b[^.?!]{0,30}\b(css|theme|layout|stylesheet|my (site|website)'?s? (design|code))\b/i,
];

export function isFrustrated(input: EscalationInput): boolean {
  const { sentiment, message, history } = input;
  const negative = sentiment.score <= -0.15;
  if (sentiment.emotions.includes("frustrated") && negative) return true;
  if (sentiment.label === "very_negative" && (sentiment.emotions.length > 0 || /!|\b[A-Z]{4,}\b/.test(message))) return true;
  // a repeated complaint: the visitor says nearly the same thing again, unhappily
  if (negative) {
    const now = new Set(words(message));
    for (const h of history.slice(-6)) {
      if (h.role !== "visitor") continue;
      const prev = new Set(words(h.text));
      const inter = [...now].filter((w) => prev.has(w)).length;
      const union = new Set([...now, ...prev]).size;
      if (union > 0 && inter / union >= 0.6) return true;
    }
  }
  return false;
}

export function ruleEscalation(input: EscalationInput): EscalationReason | null {
  const m = input.message;
  if (LEGAL.some((re) => re.test(m))) return "legal";
  if (BILLING_DISPUTE.some((re) => re.test(m))) return "billing_dispute";
  if (input.explicitRequest && isHumanRequest(m)) return "explicit_request";
  if (input.frustrationDetection && isFrustrated(input)) return "frustration";
  if (PERSONAL_RECORD.some((re) => re.test(m)) || OFF_PRODUCT.some((re) => re.test(m))) return "out_of_scope";
  return null;
}
