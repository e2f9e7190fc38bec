import { defineMessages } from "./define";

export default defineMessages({
  en: {
    "common.save": "Save",
    "common.cancel": "Cancel",
    "common.delete": "Delete",
    "common.loading": "Loading…",
    "common.language": "Language",
    "common.back": "Back",
    "errors.NOT_FOUND": "Not found.",
    "errors.FORBIDDEN": "You don't have permission to do that.",
    "errors.VALIDATION_ERROR": "Some fields are not valid.",
    "errors.RATE_LIMITED": "Too many requests. Try again in a moment.",
  },
  th: {
    "common.save": "บันทึก",
    "common.cancel": "ยกเลิก",
    "common.delete": "ลบ",
    "common.loading": "กำลังโหลด…",
    "common.language": "ภาษา",
    "common.back": "กลับ",
    "errors.NOT_FOUND": "ไม่พบข้อมูล",
    "errors.FORBIDDEN": "คุณไม่มีสิทธิ์ทำรายการนี้",
    "errors.VALIDATION_ERROR": "ข้อมูลบางช่องไม่ถูกต้อง",
    "errors.RATE_LIMITED": "มีคำขอมากเกินไป โปรดลองอีกครั้งในอีกสักครู่",
  },
});
