import { defineMessages } from "./define";

export default defineMessages({
  en: {
    "messenger.steps":
      "In the Meta app dashboard (developers.facebook.com) add Messenger to your app, generate a Page access token for your Facebook Page and copy the app secret (App settings → Basic). MiniChat checks both with Meta and subscribes the app to the Page's messages. After connecting, add the webhook URL and verify token below under Webhooks (Page: messages, messaging_postbacks).",
    "messenger.instagramSteps":
      "Your Instagram professional account must be linked to a Facebook Page. In the Meta app dashboard add Instagram messaging, generate the Page's access token and copy the app secret (App settings → Basic). After connecting, add the webhook URL and verify token below under Webhooks (Instagram: messages, messaging_postbacks).",
    "messenger.pageToken": "Page access token",
    "messenger.appSecret": "App secret",
    "messenger.verifyToken": "Verify token",
    "messenger.verifyTokenOnce": "Copy it now: it is shown only once. Paste the webhook URL and this verify token in the app dashboard under Webhooks, then subscribe to messages and messaging_postbacks.",
    "messenger.setMeta": "Add this URL as the callback URL under Webhooks in the Meta app dashboard, with the verify token shown when you connected.",
  },
  th: {
    "messenger.steps":
      "ในแดชบอร์ดแอปของ Meta (developers.facebook.com) เพิ่ม Messenger ให้แอป สร้าง Page access token ของเพจ Facebook และคัดลอก App secret (App settings → Basic) MiniChat จะตรวจทั้งสองค่ากับ Meta และให้แอปรับข้อความของเพจ หลังเชื่อมต่อแล้ว ให้ใส่ Webhook URL และ Verify token ด้านล่างในส่วน Webhooks (Page: messages, messaging_postbacks)",
    "messenger.instagramSteps":
      "บัญชี Instagram แบบมืออาชีพต้องเชื่อมกับเพจ Facebook ในแดชบอร์ดแอปของ Meta เพิ่มการส่งข้อความ Instagram สร้าง access token ของเพจ และคัดลอก App secret (App settings → Basic) หลังเชื่อมต่อแล้ว ให้ใส่ Webhook URL และ Verify token ด้านล่างในส่วน Webhooks (Instagram: messages, messaging_postbacks)",
    "messenger.pageToken": "Page access token",
    "messenger.appSecret": "App secret",
    "messenger.verifyToken": "Verify token",
    "messenger.verifyTokenOnce": "คัดลอกตอนนี้ เพราะจะแสดงเพียงครั้งเดียว วาง Webhook URL และ Verify token นี้ในแดชบอร์ดแอปส่วน Webhooks แล้วสมัครรับ messages และ messaging_postbacks",
    "messenger.setMeta": "ใส่ URL นี้เป็น Callback URL ในส่วน Webhooks ของแดชบอร์ดแอป Meta พร้อม Verify token ที่แสดงตอนเชื่อมต่อ",
  },
});
