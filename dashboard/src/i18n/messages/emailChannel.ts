import { defineMessages } from "./define";

export default defineMessages({
  en: {
    "emailChannel.label": "Email",
    "emailChannel.steps": "Customers keep writing to your support address. Connect it here, then forward that mailbox to the inbound address shown on the channel. New emails open conversations in the inbox, the bot and your team answer by email in the same thread. Email has no 24-hour reply window.",
    "emailChannel.supportAddress": "Support address customers write to",
    "emailChannel.fromName": "Sender name for replies (optional)",
    "emailChannel.resendKey": "Resend API key (optional)",
    "emailChannel.resendKeyHint": "With your own key, replies are sent from your support address (its domain verified at Resend). Without one, they are sent from MiniChat's address with your sender name, and answers still come back here.",
    "emailChannel.forwardTo": "Forward {address} to:",
    "emailChannel.forwardSteps": "In Gmail: Settings → Forwarding → Add a forwarding address (the confirmation email appears in the inbox here). In Google Workspace, Microsoft 365 or your host: a forwarding rule to this address.",
    "emailChannel.repliesFrom": "Replies are sent as {from}",
    "emailChannel.noDomain": "This installation does not receive email yet (EMAIL_REPLY_DOMAIN).",
    "errors.EMAIL_RECEIVING_NOT_CONFIGURED": "This installation does not receive email yet. Ask the administrator to route a domain to MiniChat (EMAIL_REPLY_DOMAIN).",
    "errors.EMAIL_SENDING_NOT_CONFIGURED": "Replies could not be sent from this installation. Add a Resend API key for your domain.",
  },
  th: {
    "emailChannel.label": "อีเมล",
    "emailChannel.steps": "ลูกค้ายังคงเขียนถึงอีเมลฝ่ายบริการของคุณได้ตามเดิม เชื่อมต่ออีเมลนั้นที่นี่ แล้วตั้งค่าส่งต่อ (forward) กล่องจดหมายนั้นไปยังที่อยู่ขาเข้าที่แสดงบนช่องทาง อีเมลใหม่จะเปิดการสนทนาในกล่องข้อความ บอทและทีมของคุณตอบกลับทางอีเมลในเธรดเดียวกัน อีเมลไม่มีกรอบเวลาตอบกลับ 24 ชั่วโมง",
    "emailChannel.supportAddress": "อีเมลฝ่ายบริการที่ลูกค้าเขียนถึง",
    "emailChannel.fromName": "ชื่อผู้ส่งสำหรับการตอบกลับ (ไม่บังคับ)",
    "emailChannel.resendKey": "Resend API key (ไม่บังคับ)",
    "emailChannel.resendKeyHint": "หากใช้คีย์ของคุณเอง การตอบกลับจะส่งจากอีเมลฝ่ายบริการของคุณ (ต้องยืนยันโดเมนที่ Resend แล้ว) หากไม่ใช้ จะส่งจากที่อยู่ของ MiniChat พร้อมชื่อผู้ส่งของคุณ และคำตอบของลูกค้าจะกลับมาที่นี่เช่นเดิม",
    "emailChannel.forwardTo": "ส่งต่อ {address} ไปที่:",
    "emailChannel.forwardSteps": "ใน Gmail: การตั้งค่า → การส่งต่อ → เพิ่มที่อยู่สำหรับการส่งต่อ (อีเมลยืนยันจะปรากฏในกล่องข้อความที่นี่) ใน Google Workspace, Microsoft 365 หรือผู้ให้บริการอีเมลของคุณ: ตั้งกฎส่งต่อไปยังที่อยู่นี้",
    "emailChannel.repliesFrom": "การตอบกลับส่งในนาม {from}",
    "emailChannel.noDomain": "ระบบนี้ยังไม่ได้ตั้งค่ารับอีเมล (EMAIL_REPLY_DOMAIN)",
    "errors.EMAIL_RECEIVING_NOT_CONFIGURED": "ระบบนี้ยังไม่ได้ตั้งค่ารับอีเมล โปรดให้ผู้ดูแลระบบกำหนดโดเมนที่ส่งอีเมลเข้า MiniChat (EMAIL_REPLY_DOMAIN)",
    "errors.EMAIL_SENDING_NOT_CONFIGURED": "ระบบนี้ส่งอีเมลตอบกลับไม่ได้ โปรดเพิ่ม Resend API key สำหรับโดเมนของคุณ",
  },
});
