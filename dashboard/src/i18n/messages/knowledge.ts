import { defineMessages } from "./define";

/** The Knowledge page's frame and tab names. */
export default defineMessages({
  en: {
    "knowledge.title": "Knowledge",
    "knowledge.subtitle": "Documents, websites and FAQs your bot answers from.",
    "knowledge.chatbot": "Chatbot",
    "knowledge.tab.documents": "Documents",
    "knowledge.tab.urls": "Websites",
    "knowledge.tab.faqs": "FAQs",
    "knowledge.tab.test": "Test",
    "knowledge.tab.gaps": "Gaps",
    "knowledge.noChatbot": "No chatbot yet",
    "knowledge.belongsBefore": "Knowledge belongs to a chatbot.",
    "knowledge.createOne": "Create one",
    "knowledge.belongsAfter": "first.",
  },
  th: {
    "knowledge.title": "ฐานความรู้",
    "knowledge.subtitle": "เอกสาร เว็บไซต์ และคำถามที่พบบ่อยที่บอทใช้ตอบ",
    "knowledge.chatbot": "แชทบอท",
    "knowledge.tab.documents": "เอกสาร",
    "knowledge.tab.urls": "เว็บไซต์",
    "knowledge.tab.faqs": "คำถามที่พบบ่อย",
    "knowledge.tab.test": "ทดสอบ",
    "knowledge.tab.gaps": "คำถามที่ยังตอบไม่ได้",
    "knowledge.noChatbot": "ยังไม่มีแชทบอท",
    "knowledge.belongsBefore": "ความรู้ต้องอยู่กับแชทบอท",
    "knowledge.createOne": "สร้างแชทบอท",
    "knowledge.belongsAfter": "ก่อน",
  },
});
