import type { EscalationReason } from "../types";
import type { VisitorLang } from "./language";

/**
 * Every bot and system text a visitor sees, in English and Thai, in one
 * place: small-talk replies, hand-off lines per escalation reason, fallbacks,
 * caveats, the system lines of the conversation and the source label.
 */
interface Strings {
  greeting: string;
  thanks: string;
  goodbye: string;
  acknowledge: string;
  handoff: Record<EscalationReason, string>;
  fallback: string;
  caveat: string;
  unsure: string;
  offerHuman: string;
  crossLingual: string;
  suggestHuman: string;
  talkToPerson: string;
  connecting: string;
  joined: (name: string) => string;
  turnFailed: string;
  sources: string;
}

const EN: Strings = {
  greeting: "Hi! How can I help you today?",
  thanks: "You're welcome! Is there anything else I can help with?",
  goodbye: "Thanks for chatting with us. Have a great day!",
  acknowledge: "Great! Let me know if there's anything else I can help with.",
  handoff: {
    explicit_request: "Of course — I'm connecting you with a member of our team now. They'll reply here shortly.",
    frustration: "I'm sorry this has been frustrating. I'm bringing in a member of our team to help you personally — they'll reply here shortly.",
    billing_dispute: "I'm sorry about the trouble with your payment. Billing disputes and refunds are handled by our team, so I'm passing this to a person who can look at your account. They'll reply here shortly.",
    legal: "Thank you for letting us know. Legal and data-protection requests are handled by our team directly, so I'm passing this on to a person now. They'll reply here shortly.",
    low_confidence: "I'm not sure I have the right answer for that. Let me connect you with a team member who can help.",
    repeated_failures: "I don't seem to be finding what you need, so I'm bringing in a member of our team. They'll reply here shortly.",
    out_of_scope: "That's outside what I can help with here, so I'm passing your question to a member of our team.",
    action_required: "That needs someone on our team to look into your account, so I'm passing this to a person now. They'll reply here shortly.",
    plan_limit: "Thanks for your message — a member of our team will answer you here shortly.",
  },
  fallback: "I'm not sure about that. Let me connect you with a team member.",
  caveat: "I think this answers your question, but please double-check:",
  unsure: "I'm not completely sure, but this may help:",
  offerHuman: "If this doesn't answer it, I can connect you with a member of our team.",
  crossLingual: "I may not have understood your question fully. Here is what I found — if it doesn't help, I can connect you with a member of our team.",
  suggestHuman: "We've been chatting for a while — would you like me to connect you with a member of our team?",
  talkToPerson: "Talk to a person",
  connecting: "Let me connect you with a member of our team.",
  joined: (name) => `${name} joined the conversation`,
  turnFailed: "Sorry, I couldn't answer that just now. Would you like to talk to a person?",
  sources: "Sources",
};

const TH: Strings = {
  greeting: "สวัสดีค่ะ มีอะไรให้ช่วยไหมคะ",
  thanks: "ยินดีค่ะ มีอะไรให้ช่วยอีกไหมคะ",
  goodbye: "ขอบคุณที่แวะมาคุยกันนะคะ ขอให้เป็นวันที่ดีค่ะ",
  acknowledge: "ได้เลยค่ะ ถ้ามีอะไรให้ช่วยเพิ่มเติม บอกได้เลยนะคะ",
  handoff: {
    explicit_request: "ได้เลยค่ะ กำลังติดต่อเจ้าหน้าที่ให้นะคะ เจ้าหน้าที่จะตอบกลับในแชทนี้เร็วๆ นี้ค่ะ",
    frustration: "ขออภัยที่ทำให้ไม่สะดวกนะคะ กำลังให้เจ้าหน้าที่มาช่วยดูแลโดยตรง เจ้าหน้าที่จะตอบกลับในแชทนี้เร็วๆ นี้ค่ะ",
    billing_dispute: "ขออภัยเรื่องปัญหาการชำระเงินนะคะ เรื่องการโต้แย้งค่าบริการและการคืนเงินดูแลโดยทีมงาน กำลังส่งต่อให้เจ้าหน้าที่ตรวจสอบบัญชีของคุณค่ะ",
    legal: "ขอบคุณที่แจ้งนะคะ คำขอด้านกฎหมายและข้อมูลส่วนบุคคลดูแลโดยทีมงานโดยตรง กำลังส่งต่อให้เจ้าหน้าที่ค่ะ",
    low_confidence: "ขออภัยค่ะ ยังไม่แน่ใจว่ามีคำตอบที่ถูกต้องสำหรับเรื่องนี้ ขอติดต่อเจ้าหน้าที่มาช่วยนะคะ",
    repeated_failures: "ดูเหมือนยังหาคำตอบที่ต้องการไม่เจอ กำลังให้เจ้าหน้าที่มาช่วยนะคะ เจ้าหน้าที่จะตอบกลับในแชทนี้เร็วๆ นี้ค่ะ",
    out_of_scope: "เรื่องนี้อยู่นอกเหนือสิ่งที่ช่วยได้ในแชทนี้ กำลังส่งคำถามต่อให้เจ้าหน้าที่นะคะ",
    action_required: "เรื่องนี้ต้องให้เจ้าหน้าที่ตรวจสอบบัญชีของคุณ กำลังส่งต่อให้เจ้าหน้าที่นะคะ เจ้าหน้าที่จะตอบกลับในแชทนี้เร็วๆ นี้ค่ะ",
    plan_limit: "ขอบคุณที่ติดต่อมานะคะ เจ้าหน้าที่จะตอบกลับในแชทนี้เร็วๆ นี้ค่ะ",
  },
  fallback: "ขออภัยค่ะ ยังไม่แน่ใจเรื่องนี้ ขอติดต่อเจ้าหน้าที่มาช่วยนะคะ",
  caveat: "คิดว่านี่น่าจะตอบคำถามได้ แต่รบกวนตรวจสอบอีกครั้งนะคะ:",
  unsure: "ไม่แน่ใจนัก แต่ข้อมูลนี้อาจช่วยได้ค่ะ:",
  offerHuman: "ถ้ายังไม่ตอบคำถาม สามารถให้เจ้าหน้าที่ช่วยต่อได้นะคะ",
  crossLingual: "อาจยังเข้าใจคำถามได้ไม่ครบ นี่คือข้อมูลที่พบค่ะ ถ้ายังไม่ตอบคำถาม สามารถให้เจ้าหน้าที่ช่วยต่อได้นะคะ",
  suggestHuman: "คุยกันมาสักพักแล้ว ต้องการให้เจ้าหน้าที่มาช่วยต่อไหมคะ",
  talkToPerson: "ขอคุยกับเจ้าหน้าที่",
  connecting: "กำลังติดต่อเจ้าหน้าที่ให้นะคะ",
  joined: (name) => `${name} เข้าร่วมการสนทนาแล้ว`,
  turnFailed: "ขออภัยค่ะ ตอนนี้ยังตอบไม่ได้ ต้องการคุยกับเจ้าหน้าที่ไหมคะ",
  sources: "แหล่งข้อมูล",
};

export function visitorStrings(lang: VisitorLang): Strings {
  return lang === "th" ? TH : EN;
}
