import { wantsHuman as isHumanRequest } from "./human-request";

/**
 * Rule-based intent detection (PRD 5.5.4) for EN and TH. Rules are ordered
 * from most to least specific; the first match wins with its confidence.
 */
export const INTENTS = [
  "password_reset", "account_creation", "login_issue", "account_deletion",
  "billing_question", "subscription_upgrade", "subscription_cancel", "refund_request", "payment_issue",
  "technical_issue", "feature_question", "integration_help", "bug_report",
  "pricing_inquiry", "feature_request", "product_comparison",
  "general_question", "greeting", "gratitude", "complaint", "speak_to_human", "unknown",
] as const;
export type PrdIntent = (typeof INTENTS)[number];

const RULES: [PrdIntent, RegExp, number][] = [
  ["refund_request", /\b(refund|money back|chargeback|charge back|reimburse)|คืนเงิน|เงินคืน/i, 0.9],
  ["password_reset", /\b(reset|forgot|forgotten|change|lost)\b.{0,20}\bpassword\b|\bpassword\b.{0,20}\b(reset|forgot)|ลืมรหัสผ่าน|รีเซ็ตรหัส/i, 0.9],
  ["account_deletion", /\b(delete|close|remove|erase)\b.{0,20}\b(my )?(account|data|personal data)\b|right to be forgotten|ลบบัญชี|ลบข้อมูล/i, 0.85],
  ["login_issue", /\b(can'?t|cannot|unable to|won'?t let me)\b.{0,20}\b(log ?in|sign ?in|access)\b|\b(log ?in|sign ?in|2fa|two.factor|authenticator)\b.{0,30}\b(problem|issue|error|fail|stuck|locked)|เข้าสู่ระบบไม่ได้|ล็อกอินไม่ได้/i, 0.8],
  ["account_creation", /\b(sign ?up|register|create (an |my )?account|activation (code|email))\b|สมัครสมาชิก|สร้างบัญชี/i, 0.75],
  ["subscription_cancel", /\b(cancel|unsubscribe|stop (paying|my subscription)|end my subscription)\b|ยกเลิก/i, 0.85],
  ["subscription_upgrade", /\b(upgrade|downgrade|switch (plan|tier)s?|change (my )?(plan|tier))\b|อัปเกรด/i, 0.8],
  ["payment_issue", /\b(card|payment)\b.{0,30}\b(declined|failed|rejected|not (go|going) through|error)|\b(charged twice|double charged|overcharged)\b|ชำระเงินไม่ได้|บัตรไม่ผ่าน/i, 0.85],
  ["pricing_inquiry", /\b(price|pricing|cost|how much|cheaper|discount|plan|tier)s?\b|ราคา|เท่าไหร่|เท่าไร|ส่วนลด/i, 0.7],
  ["billing_question", /\b(invoice|billing|billed|receipt|vat|tax|payment method|pay with|charge)s?\b|ใบเสร็จ|ใบแจ้งหนี้|ชำระ/i, 0.75],
  ["product_comparison", /\b(vs|versus|compared? (to|with)|difference between|better than)\b|เปรียบเทียบ|ต่างกัน/i, 0.7],
  ["feature_request", /\b(feature request|would be (nice|great)|please add|you should add|wish (you|it) (had|could))\b|อยากให้มี/i, 0.75],
  ["bug_report", /\b(bug|crash(es|ed)?|glitch)\b|บั๊ก/i, 0.75],
  ["integration_help", /\b(integrat\w*|plugin|wordpress|shopify|wix|webflow|api|webhook|snippet|script|install\w*|embed\w*|sdk|okta|sso|zapier)\b/i, 0.7],
  ["technical_issue", /\b(not (working|showing|tracking|loading)|doesn'?t work|broken|error|fail(s|ed|ing)?|nothing (shows|appears)|never (show|arrive)|isn'?t (working|showing))\b|ใช้งานไม่ได้|ไม่ทำงาน|ผิดพลาด/i, 0.7],
  ["complaint", /\b(terrible|awful|worst|useless|unacceptable|ridiculous|disappointed|complain\w*)\b|ห่วย|แย่มาก|ผิดหวัง/i, 0.7],
];

export function detectIntent(message: string): { intent: PrdIntent; confidence: number } {
  const text = message.trim();
  if (isHumanRequest(text)) return { intent: "speak_to_human", confidence: 0.95 };
  const short = text.length <= 40;
  if (short && /^(hi|hello|hey|good (morning|afternoon|evening)|howdy|สวัสดี)\b/i.test(text)) return { intent: "greeting", confidence: 0.9 };
  if (short && /\b(thanks|thank you|thx|cheers|appreciate it)\b|ขอบคุณ/i.test(text)) return { intent: "gratitude", confidence: 0.9 };
  for (const [intent, re, confidence] of RULES) if (re.test(text)) return { intent, confidence };
  if (/\?|^(how|what|where|when|why|which|who|can|could|do|does|is|are|will|should)\b|ไหม|มั้ย|อย่างไร|ยังไง|อะไร|ที่ไหน|เมื่อไหร่|ทำไม/i.test(text)) {
    return { intent: /\b(feature|option|setting|support|possible|way to)\b/i.test(text) ? "feature_question" : "general_question", confidence: 0.6 };
  }
  if (text.split(/\s+/).length >= 4) return { intent: "general_question", confidence: 0.4 };
  return { intent: "unknown", confidence: 0.2 };
}
