import { words } from "../knowledge/text/segment";

/**
 * Lexicon sentiment (PRD 5.5.5) for EN and TH: a score in -1..1, a label on
 * the five-point scale and emotion tags (frustrated, urgent, …). Negation
 * ("not good") flips the next sentiment word; shouting and "!!" intensify.
 */
export type SentimentLabel = "very_negative" | "negative" | "neutral" | "positive" | "very_positive";

export interface SentimentResult {
  label: SentimentLabel;
  score: number;
  emotions: string[];
}

const NEG: Record<string, number> = {
  bad: 1, terrible: 2, awful: 2, horrible: 2, worst: 2, useless: 2, broken: 1, angry: 2, upset: 2, annoyed: 1.5, annoying: 1.5,
  frustrated: 2, frustrating: 2, disappointed: 1.5, disappointing: 1.5, ridiculous: 2, unacceptable: 2, hate: 2, sucks: 2, poor: 1,
  wrong: 1, fail: 1, failed: 1, failing: 1, problem: 0.5, issue: 0.3, slow: 0.7, scam: 2.5, fraud: 2.5, stupid: 2, waste: 1.5,
  done: 0.5, fed: 1, sick: 1, tired: 1, pointless: 2, nothing: 0.6, never: 0.6, again: 0.3, still: 0.5, doesn: 0.3, not: 0.2,
  แย่: 2, ห่วย: 2.5, โกรธ: 2, หงุดหงิด: 2, ผิดหวัง: 1.5, ไม่พอใจ: 2, เสีย: 1, ช้า: 0.7, โกง: 2.5, เบื่อ: 1.5, รำคาญ: 1.5, พัง: 1.5, ปัญหา: 0.5,
};
const POS: Record<string, number> = {
  good: 1, great: 1.5, excellent: 2, amazing: 2, awesome: 2, love: 2, perfect: 2, thanks: 1, thank: 1, helpful: 1.5, happy: 1.5,
  nice: 1, wonderful: 2, fantastic: 2, appreciate: 1.5, glad: 1, works: 0.5, solved: 1, easy: 0.7,
  ดี: 1, เยี่ยม: 2, ขอบคุณ: 1, ชอบ: 1.5, ประทับใจ: 2, สุดยอด: 2, ดีมาก: 2, ง่าย: 0.7,
};
const NEGATORS = new Set(["not", "no", "never", "isn't", "isnt", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "ไม่"]);

export function analyzeSentiment(text: string): SentimentResult {
  const ws = words(text);
  let score = 0;
  const emotions = new Set<string>();
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const negated = i > 0 && NEGATORS.has(ws[i - 1]!);
    if (NEG[w] !== undefined) score += negated ? 0.3 * NEG[w]! : -NEG[w]!;
    else if (POS[w] !== undefined) score += negated ? -POS[w]! : POS[w]!;
  }
  const letters = text.replace(/[^A-Za-z]/g, "");
  const shouting = letters.length >= 8 && letters.replace(/[^A-Z]/g, "").length / letters.length > 0.7;
  const capsWords = (text.match(/\b[A-Z]{4,}\b/g) ?? []).filter((w) => !/^(HTML|HTTP|HTTPS|JSON|GDPR|UTM|CSV|API|URL|SMTP|PDF)$/.test(w));
  const bangs = (text.match(/!{2,}/g) ?? []).length;
  if (score < 0 && (shouting || capsWords.length > 0)) score -= 1;
  if (score < 0 && bangs > 0) score -= 0.5;
  if (/\b(frustrat|fed up|so done|had enough|sick of|keep (sending|getting|telling)|over and over|third time|(\d+|again and again) times|still (not|no|doesn|zero|nothing|broken))/i.test(text)) {
    emotions.add("frustrated");
    score -= 1;
  }
  if (/\b(urgent|asap|immediately|right now|emergency)\b|ด่วน/i.test(text)) emotions.add("urgent");
  if (/\b(angry|furious|outraged|unacceptable)\b|โกรธ/i.test(text)) emotions.add("angry");
  if (/\b(confus|don't understand|dont understand|unclear)\b|งง/i.test(text)) emotions.add("confused");
  if (score > 0 && /\b(thank|thanks|appreciate)\b|ขอบคุณ/i.test(text)) emotions.add("grateful");
  // squash into -1..1, saturating around ±4 points of evidence
  const normalized = Math.max(-1, Math.min(1, score / 4));
  const s = Math.round(normalized * 100) / 100;
  const label: SentimentLabel = s <= -0.5 ? "very_negative" : s <= -0.15 ? "negative" : s >= 0.5 ? "very_positive" : s >= 0.15 ? "positive" : "neutral";
  return { label, score: s, emotions: [...emotions] };
}
