/**
 * The labelled phrasings the turn classifier learns from, written as templates
 * with slots (EN and TH) for each kind of message and expanded with a seeded
 * random generator, plus light noise (typos, no punctuation, lower case) so
 * the model sees messages the way visitors type them. Writes one JSONL file
 * per label to worker/ai/classifier/data/.
 */
import type { TurnLabel } from "../../worker/ai/classifier/labels";

export interface Example {
  text: string;
  label: TurnLabel;
  lang: "en" | "th";
  /** which template it came from (cross-validation can hold whole templates out) */
  group?: string;
}

type Slots = Record<string, string[]>;

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(template: string, slots: Slots, r: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const list = slots[k];
    if (!list) throw new Error(`no slot ${k}`);
    return list[Math.floor(r() * list.length)]!;
  });
}

function typo(text: string, r: () => number): string {
  const ws = text.split(" ");
  const idx = ws.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{5,}$/i.test(w));
  if (idx.length === 0) return text;
  const [w, i] = idx[Math.floor(r() * idx.length)]!;
  const p = 1 + Math.floor(r() * (w.length - 2));
  const kind = r();
  ws[i] = kind < 0.4 ? w.slice(0, p) + w.slice(p + 1) : kind < 0.75 ? w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2) : w.slice(0, p) + w[p] + w.slice(p);
  return ws.join(" ");
}

function noise(text: string, lang: "en" | "th", r: () => number): string {
  let t = text;
  if (lang === "en") {
    if (r() < 0.2) t = typo(t, r);
    if (r() < 0.3) t = t.toLowerCase();
    if (r() < 0.25) t = t.replace(/[?.!]+$/, "");
  } else {
    const enders = ["", "", "ค่ะ", "ครับ", "คะ", "นะคะ", "จ้า", "ครับผม"];
    if (r() < 0.4 && !/(ค่ะ|ครับ|คะ|จ้า|นะ)$/.test(t.replace(/[?\s]+$/, ""))) t = t.replace(/[?\s]*$/, "") + enders[Math.floor(r() * enders.length)]!;
    if (r() < 0.3) t = t.replace(/\?$/, "");
  }
  return t;
}

interface Spec {
  label: TurnLabel;
  lang: "en" | "th";
  templates: string[];
  slots?: Slots;
  count: number;
}

// ---------------------------------------------------------------- shared slots
const EN_PRODUCT_THINGS = [
  "my invoices", "the dashboard", "the chat widget", "my password", "two-factor login", "the API key", "my team members", "dark mode",
  "email notifications", "the weekly report", "a CSV export", "my billing address", "the tracking script", "my profile photo",
  "the mobile app", "saved replies", "the business hours", "my subscription", "the annual plan", "a custom domain", "the language setting",
  "my order", "the delivery date", "a gift card", "loyalty points", "the opening hours", "the menu", "a table booking", "the pickup time",
  "the shipping options", "the return window", "a discount code", "my cart", "the size guide", "the warranty", "store pickup",
];
const EN_VERBS = [
  "change", "reset", "turn off", "turn on", "set up", "find", "update", "download", "export", "cancel", "add", "remove", "share", "connect",
  "move", "edit", "rename", "schedule", "print", "use", "check", "restore", "switch",
];
const EN_QUESTION_T = [
  "how do I {verb} {thing}?", "how can I {verb} {thing}", "where do I {verb} {thing}?", "is there a way to {verb} {thing}?",
  "can I {verb} {thing} myself?", "what's the best way to {verb} {thing}?", "is it possible to {verb} {thing} from my phone?",
  "where can I find {thing}?", "does {thing} work on {platform}?", "what happens to {thing} if I {event}?", "do you support {feature}?",
  "can I pay with {pay}?", "do you accept {pay}?", "how long does {process} take?", "what time {time_q}?", "are you open on {day}?",
  "is {item} available in {variant}?", "how much is {item}?", "what does {term} mean on my {where}?", "why does {thing} show {symptom}?",
  "{thing} shows {symptom}, how do I fix it?", "I can't find where to {verb} {thing}", "I'm trying to {verb} {thing} but I can't see the option",
  "quick question: how do I {verb} {thing}?", "need help to {verb} {thing}", "any way to {verb} {thing} for everyone on my team?",
  "what's the limit on {limit}?", "do you ship to {place}?", "how much is shipping to {place}?", "do you have {item} in stock?",
  "is there a discount for {group}?", "what's included in the {plan} plan?", "can I try it before paying?", "how do I invite {who}?",
  "what's the difference between the {plan} and {plan} plans?", "do I get money back if I {billing_event}?",
  "what's your refund policy for {refund_thing}?", "if I {billing_event}, is the unused time refunded?", "can I get a refund for {refund_thing}?",
  "how do refunds work for {refund_thing}?", "when will I be billed after I {billing_event}?", "will I be charged if I {billing_event}?",
  "how do I get an invoice with my {invoice_field}?", "can I change the currency I'm billed in?", "do prices include {tax}?",
  "hi, {core}", "hello! {core}", "hey there, {core}", "good morning, {core}", "hi :) {core}",
  "my {thing2} isn't updating, what should I check?", "the page says {symptom2}, what does that mean?", "where is the setting for {setting}?",
  "does it work with {integration}?", "how do I connect it to {integration}?", "what format should {file} be in?", "is my data kept when I {event}?",
  "what's the max file size for {file}?", "how many {count_thing} can I have?", "can {who} see {thing}?", "how do I stop {annoyance}?",
  // calm privacy and compliance questions (not legal demands)
  "is your product {compliance} compliant?", "where is my data stored?", "do you use cookies?", "what's your data retention period?",
  "does {thing} collect personal data?", "can I sign your standard DPA online?", "do I need to mention you in my privacy policy?",
  "our {role} wants to know how you handle {privacy_topic}", "is {privacy_topic} covered in your docs?", "how do you handle {privacy_topic} for EU visitors?",
  "can I download all my {data_kind} as a spreadsheet?", "how do I get a full export of my {data_kind}?", "can I keep a copy of my {data_kind} for our records?",
  // usage, limits and charges asked calmly
  "what happens if we go over the {limit_kind} limit this month?", "will I pay extra if traffic spikes?", "are there overage fees for {limit_kind}?",
  "how is the monthly price calculated?", "when does my billing month reset?", "does the price change if I add {count_thing}?",
  "I got an email about my {limit_kind} limit, what does it mean?", "is there a cap on {limit_kind} per month?",
  // comparisons, periods, reports
  "how do I compare {period2} with {period2}?", "can I see {metric} for {period2} next to {period2}?", "how do I show {metric} by {dimension}?",
  "where can I see {metric} per {dimension}?", "can I filter {metric} by {dimension}?", "how do I track {metric} for each {dimension}?",
  "can I split {metric} by currency?", "what counts as {metric}?", "why is {metric} different from my other tool?",
  // agencies, clients, ownership
  "how do I hand a site over to a {who}?", "can a {who} pay for their own account?", "how do I transfer ownership of a {thing3} to a {who}?",
  "can I manage several {count_thing} for my {who2}?", "I built a {thing3} for a {who2}, how do they get access?",
  // troubleshooting told as a situation, often with technical or official-sounding words (still a question the docs answer)
  "my {site_thing} uses {site_setup} and {thing4} {stays_wrong}", "{thing4} {stays_wrong} since I {site_change}", "we {site_change} and now {thing4} {stays_wrong}",
  "I have {site_setup} on my {site_thing}, will the script still work?", "does {site_setup} block the tracking?", "is {site_setup} a problem for {thing4}?",
  "{thing4} {stays_wrong}, could {site_setup} be the reason?", "after adding {site_setup}, {thing4} {stays_wrong}", "what do I add to {site_setup} so {thing4} works?",
  // payments that did not go through, asked calmly
  "my {card} {pay_problem} when I {pay_action}", "why does my {card} {pay_problem}?", "the payment {pay_fail} but my {card} is fine, what should I try?",
  "{pay_action} didn't work, the {card} {pay_problem}", "what can I do if my {card} {pay_problem}?", "which cards can I use if my {card} {pay_problem}?",
  "I want to {pay_action} but the payment {pay_fail}", "how do I update the {card} on my account?", "my {card} expired, where do I put the new one?",
  // moving from another tool, old data, history
  "can my {old_data} from {old_tool} come over?", "we used {old_tool} for years, can we bring the {old_data}?", "will my {old_data} from {year} still be there after we switch?",
  "is there a way to move {old_data} from {old_tool} into my account?", "do I lose my {old_data} if I stop using {old_tool}?", "how far back can I import {old_data}?",
  // how things are counted
  "are {count_unit} counted separately?", "is {count_unit} counted as {count_as}?", "does a {count_unit} count as {count_as}?", "how do you count {count_unit}?",
  "my {site_thing} has {count_unit}, how are they counted?", "do {count_unit} show up as {count_as} in the stats?", "why are {count_unit} counted as {count_as}?",
];
const EN_CORE = [
  "how do I change my password?", "do you deliver on weekends?", "can I pay by bank transfer?", "where do I see my invoices?",
  "what are your opening hours today?", "is the widget free on all plans?", "can I export my data?", "how do I add a teammate?",
  "do you have oat milk?", "how long is delivery?", "is there a student discount?", "can I change my plan later?",
];
const EN_SLOTS: Slots = {
  verb: EN_VERBS, thing: EN_PRODUCT_THINGS, thing2: ["report", "counter", "chart", "inbox", "order status", "balance", "stock level"],
  platform: ["Android", "iPhone", "Safari", "Firefox", "Windows", "a Mac", "tablets", "WordPress", "Shopify"],
  event: ["downgrade", "pause my account", "switch plans", "change my email", "remove a teammate", "move to a new domain", "stop paying", "end the trial"],
  feature: ["single sign-on", "custom fields", "webhooks", "multiple languages", "Thai language", "file uploads", "scheduled reports", "gift wrapping", "same-day delivery", "subscriptions", "bulk orders"],
  pay: ["PayPal", "Apple Pay", "a credit card", "bank transfer", "cash on delivery", "PromptPay", "crypto", "a company card", "QR code"],
  process: ["delivery", "the refund", "account verification", "the export", "setup", "a domain check", "shipping abroad", "the data import"],
  time_q: ["do you open", "do you close on Fridays", "does the kitchen close", "is the last order", "does support start", "does the cafe open on holidays"],
  day: ["Sundays", "public holidays", "Songkran", "Christmas day", "Saturday mornings", "New Year's Eve"],
  item: ["the dark roast", "the medium bag", "the starter plan", "the blue mug", "the pro plan", "a 1kg bag", "the gift box", "the grinder"],
  variant: ["decaf", "a bigger size", "green", "whole bean", "ground", "a yearly option", "a smaller pack"],
  term: ["bounce rate", "unique visitors", "pending", "on hold", "sessions", "net revenue", "conversion", "processing"],
  where: ["dashboard", "receipt", "order page", "statement", "report", "invoice"],
  symptom: ["zero", "an old number", "a red badge", "a warning", "a blank page", "the wrong timezone", "duplicates"],
  symptom2: ["pending verification", "limit reached", "not installed", "out of stock", "awaiting payment"],
  limit: ["team seats", "file uploads", "websites per account", "messages per month", "items per order", "API requests"],
  place: ["Chiang Mai", "Singapore", "Europe", "the US", "Phuket", "my office", "Japan"],
  group: ["students", "non-profits", "bulk orders", "yearly billing", "teachers", "startups"],
  plan: ["free", "starter", "business", "pro", "team", "enterprise"],
  who: ["a colleague", "my accountant", "a new admin", "a client", "my manager", "a freelancer"],
  billing_event: ["downgrade mid-year", "cancel before renewal", "switch to monthly", "cancel in the first week", "remove seats", "change plans halfway through the month"],
  refund_thing: ["damaged items", "a late delivery", "an annual plan", "unused months", "a wrong size", "beans that arrived broken", "a cancelled order", "an order that never arrived"],
  invoice_field: ["company name", "VAT number", "tax ID", "billing address", "purchase order number"],
  tax: ["VAT", "sales tax", "delivery", "service charge"],
  core: EN_CORE,
  setting: ["email alerts", "data retention", "the widget colour", "time zone", "currency", "sound notifications", "auto-replies"],
  integration: ["Slack", "Google Sheets", "Zapier", "Shopify", "WordPress", "Line", "HubSpot", "Stripe"],
  file: ["the logo", "uploaded documents", "a product image", "the import file", "the FAQ file"],
  count_thing: ["websites", "chatbots", "seats", "saved replies", "locations", "addresses"],
  annoyance: ["the daily emails", "the popup", "the notification sound", "marketing emails", "the reminder messages"],
  compliance: ["GDPR", "CCPA", "PDPA", "SOC 2", "HIPAA", "ISO 27001"],
  role: ["privacy officer", "lawyer", "IT team", "compliance person", "DPO", "boss"],
  privacy_topic: ["cookie consent", "IP addresses", "data deletion", "personal data", "data processing", "visitor privacy", "GDPR requests from our users"],
  data_kind: ["data", "stats", "reports", "raw events", "orders", "contacts", "chat history"],
  limit_kind: ["pageview", "message", "storage", "seat", "API", "order"],
  period2: ["this month", "last month", "last year", "this week", "the same month last year", "Q1", "yesterday", "last 30 days"],
  metric: ["revenue", "visitors", "signups", "conversions", "orders", "page views", "sales", "clicks"],
  dimension: ["campaign", "country", "page", "device", "source", "currency", "product", "referrer"],
  thing3: ["website", "online store", "project", "dashboard", "account"],
  who2: ["client", "customer", "agency client", "franchise", "partner"],
  site_thing: ["site", "shop", "blog", "web app", "landing page", "store", "single-page app", "docs site"],
  site_setup: ["a content security policy", "a strict CSP header", "a cookie banner", "a firewall", "an ad blocker", "a caching plugin", "Cloudflare in front", "a proxy", "a privacy policy page", "a consent manager", "server-side rendering", "a CDN"],
  thing4: ["nothing", "no visits", "the counter", "the chart", "the widget", "the script", "the stats", "tracking", "the events", "the goals"],
  stays_wrong: ["is recorded", "shows up", "stays at zero", "doesn't load", "isn't working", "shows nothing", "stopped updating", "looks empty"],
  site_change: ["moved to a new host", "added a security header", "changed our theme", "switched to a new domain", "updated the plugin", "turned on caching", "rebuilt the site"],
  card: ["card", "credit card", "debit card", "company card", "bank card", "payment method"],
  pay_problem: ["keeps getting declined", "was refused", "doesn't go through", "gets rejected", "shows an error", "fails every time"],
  pay_action: ["upgrade", "pay the first invoice", "renew", "start the subscription", "switch to yearly", "add seats"],
  pay_fail: ["failed", "was declined", "didn't go through", "bounced", "is stuck"],
  old_data: ["old stats", "history", "old reports", "past data", "archived numbers", "previous years' data", "old contacts"],
  old_tool: ["Google Analytics", "our old tool", "the previous provider", "a spreadsheet", "Universal Analytics", "another service"],
  year: ["2018", "2019", "2021", "last year", "a few years ago"],
  count_unit: ["pages with a # in the URL", "subdomains", "URL parameters", "bots", "my own visits", "returning visitors", "visitors on two devices", "page reloads", "visits from an iframe", "hash routes"],
  count_as: ["a new visitor", "a separate page", "a pageview", "one visit", "the same page", "a bounce"],
};

const TH_QUESTION_T = [
  "{th_thing}ต้อง{th_verb}ยังไง", "{th_verb}{th_thing}ได้ที่ไหน", "อยาก{th_verb}{th_thing} ต้องทำยังไง", "{th_verb}{th_thing}ได้ไหม",
  "รับ{th_pay}ไหม", "จ่ายด้วย{th_pay}ได้ไหม", "ชำระผ่าน{th_pay}ได้หรือเปล่า", "{th_day}เปิดไหม", "ร้าน{th_time}", "ส่ง{th_place}ไหม",
  "ค่าส่ง{th_place}เท่าไหร่", "{th_item}ราคาเท่าไหร่", "มี{th_item}ไหม", "{th_item}มีแบบ{th_variant}ไหม", "ส่งของใช้เวลากี่วัน",
  "ถ้า{th_event} ข้อมูลยังอยู่ไหม", "แพ็กเกจ{th_plan}มีอะไรบ้าง", "มีส่วนลดสำหรับ{th_group}ไหม", "{th_thing}อยู่ตรงไหน",
  "ทำไม{th_thing}ขึ้น{th_symptom}", "ขอถามหน่อย {th_core}", "สวัสดีค่ะ {th_core}", "สวัสดีครับ {th_core}", "หวัดดี {th_core}",
  "ถ้า{th_billing}จะได้เงินคืนไหม", "นโยบายคืนเงินสำหรับ{th_refund}เป็นยังไง", "ขอคืนเงินสำหรับ{th_refund}ได้ไหม", "{th_refund}คืนเงินได้ไหม",
  "ถ้า{th_billing}จะโดนเก็บเงินไหม", "ใบกำกับภาษีขอได้ยังไง", "ราคารวม VAT หรือยัง", "เชื่อมกับ{th_integration}ได้ไหม",
  "รองรับภาษาไทยไหม", "ใช้บนมือถือได้ไหม", "เพิ่มสมาชิกในทีมยังไง", "เปลี่ยนรหัสผ่านยังไง", "ลืมรหัสผ่านทำไงดี", "ดูใบแจ้งหนี้ได้ที่ไหน",
  "how to {th_verb}{th_thing}", "{th_thing} {th_verb}ยังไงคะ", "จองโต๊ะล่วงหน้าได้ไหม", "มีที่จอดรถไหม", "มีเมนูวีแกนไหม", "ปิดกี่โมง",
  "ดู{th_metric}แยกตาม{th_dim}ได้ไหม", "เปรียบเทียบ{th_metric}เดือนนี้กับเดือนที่แล้วยังไง", "ถ้าใช้เกินโควตาเดือนนี้จะโดนค่าใช้จ่ายเพิ่มไหม",
  "ข้อมูลเก็บไว้ที่ไหน", "รองรับ PDPA ไหม", "ส่งออกข้อมูลทั้งหมดเป็นไฟล์ได้ไหม", "โอนบัญชีให้ลูกค้าได้ไหม", "ทำไม{th_metric}ไม่ตรงกับอีกระบบ",
  "{th_metric}นับยังไง", "ตั้งค่าโหมดมืดได้ไหม", "ใช้คีย์ลัดอะไรได้บ้าง", "ตั้งเป้าหมายยังไง", "เพิ่มโน้ตบนกราฟได้ไหม",
  "บัตร{th_pay_problem} ต้องทำยังไง", "จ่ายเงินไม่ผ่าน บัตรใช้ได้ปกติ", "เปลี่ยนบัตรที่ใช้จ่ายยังไง", "ใช้{th_setup}แล้ว{th_wrong}", "ติด{th_setup} สคริปต์ยังใช้ได้ไหม",
  "ข้อมูลเก่าจาก{th_old}ย้ายมาได้ไหม", "{th_count}นับแยกกันไหม", "{th_count}นับเป็นผู้เข้าชมใหม่หรือเปล่า", "ย้ายเว็บไปโฮสต์ใหม่แล้ว{th_wrong}",
];
const TH_CORE = ["รับบัตรเครดิตไหม", "เปิดกี่โมง", "ส่งต่างจังหวัดไหม", "เปลี่ยนแพ็กเกจยังไง", "มีกาแฟดีแคฟไหม", "ดาวน์โหลดใบเสร็จได้ที่ไหน", "ใช้ฟรีได้กี่วัน"];
const TH_SLOTS: Slots = {
  th_thing: ["รหัสผ่าน", "ใบเสร็จ", "แดชบอร์ด", "วิดเจ็ตแชท", "อีเมลแจ้งเตือน", "รายงาน", "ที่อยู่จัดส่ง", "แพ็กเกจ", "บัญชี", "โลโก้", "ภาษา", "เวลาทำการ", "คำสั่งซื้อ", "บัตรของขวัญ", "แต้มสะสม"],
  th_verb: ["เปลี่ยน", "ตั้งค่า", "ยกเลิก", "ดาวน์โหลด", "เพิ่ม", "ลบ", "แก้ไข", "ดู", "ปิด", "เปิด", "ส่งออก", "ใช้"],
  th_pay: ["พร้อมเพย์", "บัตรเครดิต", "โอนผ่านธนาคาร", "เก็บเงินปลายทาง", "ทรูมันนี่", "QR code", "PayPal", "บัตรเดบิต"],
  th_day: ["วันอาทิตย์", "วันหยุดนักขัตฤกษ์", "ช่วงสงกรานต์", "วันปีใหม่", "เสาร์อาทิตย์"],
  th_time: ["เปิดกี่โมงคะ", "ปิดกี่โมง", "เปิดวันไหนบ้าง", "เปิดทุกวันไหม", "เปิดถึงกี่ทุ่ม"],
  th_place: ["ต่างจังหวัด", "เชียงใหม่", "ต่างประเทศ", "ภูเก็ต", "ถึงออฟฟิศ", "ในกรุงเทพ"],
  th_item: ["กาแฟคั่วเข้ม", "เมล็ดกาแฟ 1 กิโล", "แพ็กเกจโปร", "แก้วมัค", "ชุดของขวัญ", "เครื่องบด", "ชาเขียว", "แพ็กเกจรายปี"],
  th_variant: ["ดีแคฟ", "บดแล้ว", "ไซส์ใหญ่", "รายเดือน", "ถุงเล็ก"],
  th_event: ["ดาวน์เกรด", "หยุดใช้ชั่วคราว", "เปลี่ยนอีเมล", "ย้ายโดเมน", "หมดช่วงทดลองใช้"],
  th_plan: ["ฟรี", "สตาร์ทเตอร์", "โปร", "ธุรกิจ", "รายปี"],
  th_group: ["นักเรียน", "องค์กรไม่แสวงกำไร", "การสั่งจำนวนมาก", "สมาชิกรายปี"],
  th_symptom: ["เป็นศูนย์", "ข้อผิดพลาด", "หน้าว่าง", "เวลาไม่ตรง", "ข้อมูลซ้ำ"],
  th_core: TH_CORE,
  th_billing: ["ดาวน์เกรดกลางปี", "ยกเลิกก่อนต่ออายุ", "เปลี่ยนเป็นรายเดือน", "ลดจำนวนที่นั่ง"],
  th_refund: ["สินค้าเสียหาย", "ของที่ส่งช้า", "แพ็กเกจรายปี", "เมล็ดกาแฟที่แตก", "ออเดอร์ที่ยกเลิก"],
  th_integration: ["LINE", "Shopify", "Google Sheets", "Slack", "WordPress"],
  th_metric: ["ยอดขาย", "จำนวนผู้เข้าชม", "รายได้", "ยอดสั่งซื้อ", "คลิก"],
  th_dim: ["แคมเปญ", "ประเทศ", "หน้าเว็บ", "อุปกรณ์", "สกุลเงิน"],
  th_pay_problem: ["ถูกปฏิเสธ", "จ่ายไม่ผ่าน", "ขึ้นข้อผิดพลาด", "ตัดเงินไม่ได้"],
  th_setup: ["ไฟร์วอลล์", "ตัวบล็อกโฆษณา", "แบนเนอร์คุกกี้", "ปลั๊กอินแคช", "Cloudflare", "CSP"],
  th_wrong: ["ไม่มีข้อมูลขึ้น", "ยอดเป็นศูนย์", "สถิติไม่อัปเดต", "วิดเจ็ตไม่แสดง"],
  th_old: ["Google Analytics", "ระบบเดิม", "ไฟล์ Excel", "ผู้ให้บริการเก่า"],
  th_count: ["ซับโดเมน", "หน้าที่มี # ใน URL", "การเข้าเว็บของตัวเอง", "บอท", "การรีเฟรชหน้า"],
};

// ---------------------------------------------------------------- small talk
const EN_SMALLTALK = [
  "hi", "hello", "hey", "hiya", "hi there", "hello there", "hey there", "good morning", "good afternoon", "good evening", "morning!", "yo",
  "hi!", "hello :)", "hey 👋", "howdy", "greetings", "hi team", "hello, anyone there?", "hey, is anyone here?", "hi, how are you?",
  "thanks", "thank you", "thanks a lot", "thank you so much", "thx", "ty", "cheers", "many thanks", "thanks, that helped", "great, thanks!",
  "perfect, thank you", "awesome thanks", "that's all, thanks", "appreciate it", "much appreciated", "thanks for the help", "got it, thanks",
  "ok thanks", "okay", "ok", "cool", "great", "nice", "sounds good", "alright", "got it", "understood", "makes sense", "that works",
  "bye", "goodbye", "see you", "see ya", "bye for now", "have a nice day", "have a good one", "take care", "talk later", "that's all for now",
  "no, that's everything", "nothing else, thanks", "all good now", "you're great", "nice bot", "lol", "haha ok", "ok bye", "thanks, bye!",
  "good night", "ok will do", "sure", "yes thanks", "no thanks", "nope, all set", "all sorted, thank you", "wonderful", "you rock",
];
const EN_SMALLTALK_T = ["{st}", "{st}!", "{st} {st2}", "{st}, {st2}", "{st} :)", "{st} 🙂", "{st} {addr}", "{st} {addr}!", "{st}, {addr} {st2}"];
const EN_ST_SLOTS: Slots = {
  st: ["hi", "hello", "hey", "thanks", "thank you", "ok", "great", "cool", "bye", "perfect", "awesome", "good morning", "cheers", "alright"],
  st2: ["thanks", "thank you", "bye", "see you", "have a nice day", "that's all", "all good", "take care", "much appreciated", "there"],
  addr: ["team", "admin", "folks", "guys", "everyone", "there", "friend", "support", "y'all", "mate"],
};
const TH_SMALLTALK = [
  "สวัสดี", "สวัสดีค่ะ", "สวัสดีครับ", "หวัดดี", "หวัดดีค่ะ", "หวัดดีครับ", "ดีค่ะ", "ดีครับ", "สวัสดีตอนเช้าค่ะ", "อรุณสวัสดิ์",
  "ขอบคุณ", "ขอบคุณค่ะ", "ขอบคุณครับ", "ขอบคุณมาก", "ขอบคุณมากค่ะ", "ขอบคุณมากครับ", "ขอบใจนะ", "ขอบคุณสำหรับข้อมูลค่ะ", "แต๊งกิ้ว",
  "โอเค", "โอเคค่ะ", "โอเคครับ", "ได้ค่ะ", "ได้ครับ", "เข้าใจแล้ว", "เข้าใจแล้วค่ะ", "รับทราบ", "รับทราบค่ะ", "ดีเลย", "เยี่ยมเลย",
  "บาย", "บายค่ะ", "ลาก่อน", "ไว้คุยกันใหม่", "แค่นี้ค่ะ", "แค่นี้แหละครับ", "ไม่มีอะไรแล้วค่ะ", "เรียบร้อยแล้ว ขอบคุณค่ะ",
  "สบายดีไหม", "มีใครอยู่ไหมคะ", "ฮัลโหล", "หวัดดีจ้า", "ขอบคุณจ้า", "โอเคจ้า", "555", "ครับ", "ค่ะ", "จ้า", "ราตรีสวัสดิ์",
];
const TH_SMALLTALK_T = ["{tst}", "{tst} {tst2}", "{tst}{tst2}", "{tst}{tst2}{taddr}", "{tst}{taddr}", "{tst}{taddr}{tst2}", "{tst} {taddr}"];
const TH_ST_SLOTS: Slots = {
  tst: ["สวัสดี", "หวัดดี", "ขอบคุณ", "โอเค", "ได้", "เข้าใจแล้ว", "บาย"],
  tst2: ["ค่ะ", "ครับ", "นะคะ", "จ้า", "มากค่ะ", "มากครับ", "นะ"],
  taddr: ["แอดมิน", "คุณแอดมิน", "ทีมงาน", "พี่ๆ", "น้อง", "ทางร้าน", "ทุกคน", "คุณ"],
};

// ---------------------------------------------------------------- explicit request
const EN_HUMAN_T = [
  "can I talk to a {person}?", "I'd like to speak with a {person}", "please connect me to a {person}", "get me a {person}", "{person} please",
  "is there a {person} I can chat with?", "I want a {person}, not a bot", "transfer me to a {person}", "put me through to a {person}",
  "can someone from {team} contact me?", "I need to talk to {team}", "let me speak to {team}", "I'd rather talk to a {person}",
  "are you a bot? I want a {person}", "stop, I want a {person}", "connect me with {team} please", "can a {person} take over?",
  "I prefer chatting with a {person}", "is anyone from {team} available?", "could you hand me over to a {person}?", "{person} now",
  "I need a {person} to help me with this", "can I get a callback from {team}?", "please have someone from {team} call me",
  "hello, can I get a {person} on this chat?", "I'd like to book a call with {team}", "talk to {team}", "speak to a {person}",
];
const EN_HUMAN_SLOTS: Slots = {
  person: ["human", "real person", "person", "agent", "live agent", "human agent", "support agent", "representative", "staff member", "actual human", "team member", "manager", "supervisor", "operator"],
  team: ["sales", "your sales team", "support", "customer service", "your team", "the billing team", "someone senior", "a specialist", "your staff"],
};
const TH_HUMAN_T = [
  "ขอคุยกับ{th_person}", "ขอคุยกับ{th_person}หน่อย", "อยากคุยกับ{th_person}", "ต้องการติดต่อ{th_person}", "ขอสาย{th_person}",
  "มี{th_person}ไหม", "ขอ{th_person}ตอบหน่อย", "ไม่อยากคุยกับบอท", "ขอคนจริงๆ คุย", "โอนไปหา{th_person}ได้ไหม", "{th_person}อยู่ไหม",
  "ให้{th_person}ติดต่อกลับหน่อย", "ขอเบอร์{th_person}", "เรียก{th_person}ให้หน่อย", "ต่อสาย{th_person}ให้หน่อย", "ขอพูดกับ{th_person}",
];
const TH_HUMAN_SLOTS: Slots = { th_person: ["เจ้าหน้าที่", "พนักงาน", "แอดมิน", "คนจริง", "ฝ่ายขาย", "ฝ่ายบริการลูกค้า", "ผู้จัดการ", "ทีมงาน"] };

// ---------------------------------------------------------------- frustration
const EN_FRUSTRATION = [
  "this is the {nth} time I'm asking the same thing", "you keep giving me the same answer", "that's not what I asked. again.",
  "why is it so hard to get a straight answer here", "I've been going around in circles for {dur}", "forget it, this is pointless",
  "this bot is useless", "you clearly aren't reading what I write", "nothing you said helped, at all", "I've tried all of that already. {dur} wasted.",
  "seriously? that's the same link you sent before", "wow. another answer that says nothing", "I'm losing my patience with this",
  "this is ridiculous, I just want it to work", "still broken. still no help.", "you people never answer the actual question",
  "I'm so tired of this", "great, another canned response", "are you even listening?", "stop sending me articles, they don't help",
  "I've explained this {nth} times now", "honestly this is the worst support I've had", "I give up", "unbelievable. still not fixed.",
  "every reply is the same copy-paste", "this is a joke", "why do I even bother", "thanks for nothing", "you're not helping at all",
  "I am fed up with this service", "I have wasted {dur} on this", "it's been {dur} and nobody has fixed it", "can you actually read my message?",
  "no. no. no. that is NOT my question", "I already did that!!", "how many times do I have to say it", "this is so frustrating",
  "you don't understand anything I say", "zero help as usual", "I'm done with this chat", "pathetic support", "answer the question!!",
  "{fr_open} {fr_core}", "{fr_core}. {fr_close}", "{fr_open} {fr_core}. {fr_close}",
  "{fr_evidence} {fr_count}, {fr_point}", "{fr_evidence} {fr_count}. {fr_point}", "{fr_open} {fr_evidence} {fr_count}", "{fr_point}. {fr_evidence} {fr_count}",
];
const EN_FR_SLOTS: Slots = {
  fr_open: ["ugh.", "seriously,", "honestly,", "look,", "wow.", "again?", "come on,", "really?"],
  fr_core: [
    "you sent me the same reply again", "none of these answers have anything to do with my problem", "I keep explaining and nobody listens",
    "this is the same useless article", "you are just repeating yourself", "nobody here seems to care", "I've lost an entire day to this",
    "every answer is a copy of the last one", "you people clearly don't read", "this chat is going nowhere", "I asked something completely different",
  ],
  fr_close: ["unbelievable", "I'm done", "what a waste of time", "so annoying", "not impressed", "this is hopeless", "typical"],
  fr_evidence: ["you have replied with the same text", "I got the same answer", "you've sent that link", "I've asked this", "I've restarted everything", "I've read that page", "I've been told to wait", "I've tried every step"],
  fr_count: ["five times", "again and again", "three times already", "over and over", "for the fifth time", "all week", "twice today"],
  fr_point: ["what's the use", "why do I bother", "nobody cares", "this is going nowhere", "does anyone actually work there", "you clearly don't care", "what a joke"],
  nth: ["third", "fourth", "fifth", "tenth", "3rd", "5th", "hundredth"], dur: ["an hour", "two days", "a week", "30 minutes", "all morning", "3 days"] };
const TH_FRUSTRATION = [
  "ตอบไม่ตรงคำถามเลย", "ถามกี่รอบก็ตอบเหมือนเดิม", "เสียเวลามาก", "ไม่ช่วยอะไรเลย", "บอทนี้ใช้ไม่ได้", "หงุดหงิดมาก", "รอมา{th_dur}แล้วยังไม่ได้เรื่อง",
  "ตอบแบบนี้อีกแล้ว", "อ่านที่พิมพ์บ้างไหม", "บอกไปหลายรอบแล้ว", "แย่มาก", "ผิดหวังกับบริการมาก", "ไม่เข้าใจที่ถามเลยหรอ", "เบื่อจริงๆ",
  "ทำไมแก้ไม่ได้สักที", "ห่วยมาก", "รำคาญ ตอบวนไปวนมา", "พอแล้ว ไม่ถามแล้ว", "ตอบมั่วอีกแล้ว", "ลองหมดแล้วก็ยังไม่ได้ เซ็งมาก",
  "ส่งลิงก์เดิมมาอีกแล้ว", "ช่วยอ่านคำถามดีๆ ได้ไหม", "บริการแบบนี้ไม่ไหว", "โมโหแล้วนะ", "ถามไปตั้ง{th_dur}ไม่มีใครช่วย",
];
const TH_FR_SLOTS: Slots = { th_dur: ["ชั่วโมง", "สองวัน", "อาทิตย์นึง", "ครึ่งวัน", "สามวัน"] };

// ---------------------------------------------------------------- billing dispute
const EN_DISPUTE_T = [
  "you charged me twice {when}", "I was billed twice {when}, reverse one", "I see two charges for the same {period}", "why was I charged after I cancelled?",
  "I cancelled {when} and you still took {amount}", "I'm disputing this charge with my {bank}", "I've opened a chargeback with my {bank}",
  "I never authorized this payment of {amount}", "there's a charge of {amount} I don't recognise, I want it reversed", "refund me now",
  "I want my {amount} back, I didn't use the service", "give me a full refund, this is not what I paid for", "I demand a refund for {period}",
  "you took {amount} from my card without asking", "my {bank} will be reversing the payment", "stop charging my card, I cancelled {when}",
  "I was overcharged {amount} {when}", "the renewal charged me even though I turned off auto-renew", "reverse the duplicate payment",
  "I got billed for a plan I never signed up for", "why is there a {amount} charge on my statement? I didn't order anything",
  "I want the money for the last {period} returned, I was never told about the renewal", "fix this double charge or I'll go to my {bank}",
  "I'm reporting this payment as fraud to my {bank}", "you billed the wrong card and I want it undone", "charged {amount} instead of the price on the site",
  "this charge is wrong and I want it refunded", "I was promised a refund {when} and still haven't received it", "where is my refund? it's been {dur}",
  // the evidence and the demand, in many shapes
  "I can see {dup} {charge_word} from your company on my {seen_on} {when}, {undo}", "{dup} {charge_word} on my {seen_on} {when}. {undo}", "there are {dup} {charge_word} from you {when}, {undo}",
  "you took {amount} {when} that I never agreed to, {undo}", "{charge_word} {when} that I didn't approve, {undo}", "I see {dup} {charge_word} for {amount}, {undo}",
  "I cancelled {when} but there's another {charge_word_one} on my {seen_on}, {undo}", "{undo}, you billed me {dup_adv}", "I'm contesting the {charge_word_one} from {when} with my {bank}",
  "my {bank} is investigating your {charge_word_one}", "I didn't sign up for this and you took {amount}, {undo}",
];
const EN_DISPUTE_SLOTS: Slots = {
  when: ["this month", "yesterday", "last week", "on the 3rd", "in March", "today", "last month"],
  period: ["month", "year", "order", "subscription period", "renewal", "quarter"],
  amount: ["$49", "$120", "the money", "99 euros", "฿1,500", "the full amount", "$12"],
  bank: ["bank", "card company", "credit card provider", "PayPal", "card issuer"],
  dur: ["two weeks", "a month", "10 days"],
  seen_on: ["card", "statement", "bank app", "bank statement", "credit card bill", "account"],
  dup: ["two matching", "two", "duplicate", "double", "three", "two of the same"],
  charge_word: ["payments", "charges", "transactions", "debits", "withdrawals"],
  charge_word_one: ["payment", "charge", "transaction", "debit", "withdrawal"],
  undo: ["reverse the extra one", "reverse it", "give it back", "send the money back", "cancel one of them", "put it back on my card", "I want that returned", "take it back"],
  dup_adv: ["twice", "two times", "again after I cancelled", "double"],
};
const TH_DISPUTE = [
  "โดนตัดเงินสองรอบ", "ยกเลิกแล้วแต่ยังโดนเก็บเงิน", "ขอเงินคืนด้วย ไม่ได้สมัคร", "โดนหักเงินซ้ำ ช่วยคืนให้ด้วย", "มีรายการตัดบัตรที่ไม่ได้ทำ",
  "จะแจ้งธนาคารให้ระงับการจ่ายเงิน", "เก็บเงินเกินราคาที่ประกาศ", "คืนเงินให้ด้วย ไม่ได้ใช้บริการเลย", "ตัดเงิน{th_amount}โดยไม่ได้ขออนุญาต",
  "ต่ออายุอัตโนมัติทั้งที่ปิดไปแล้ว ขอเงินคืน", "ยังไม่ได้เงินคืนเลย ผ่านมา{th_dur}แล้ว", "โดนเรียกเก็บเงินผิดบัตร", "ขอยกเลิกรายการที่เก็บซ้ำ",
  "ถูกเก็บเงินสองครั้งในเดือนนี้", "จะทำเรื่องปฏิเสธการชำระกับบัตรเครดิต", "เงินถูกตัดไป{th_amount}ทั้งที่ยกเลิกแล้ว", "ต้องการเงินคืนเต็มจำนวน",
];
const TH_DISPUTE_SLOTS: Slots = { th_amount: ["1,500 บาท", "สองพันบาท", "499 บาท", "ค่าแพ็กเกจรายปี"], th_dur: ["สองอาทิตย์", "หนึ่งเดือน", "สิบวัน"] };

// ---------------------------------------------------------------- legal
const EN_LEGAL_T = [
  "my lawyer will be in touch", "we will take legal action if this isn't resolved", "I'm going to sue", "expect to hear from my attorney",
  "we need a custom data processing agreement signed with our clauses", "please sign our DPA with the attached amendments",
  "send me every piece of personal data you hold about me under {law}", "I'm making a subject access request under {law}",
  "delete all my personal data under {law} and confirm in writing", "I'm exercising my right to erasure", "this is a formal {law} request",
  "someone copied our {content} with your product, file a copyright takedown", "I'm submitting a DMCA notice for {content} hosted by you",
  "a site using your service is infringing our trademark", "we received a subpoena and need records of this account",
  "I'll report you to the {authority}", "this is a breach of contract", "your terms are unlawful and I will challenge them",
  "our legal team needs you to sign an NDA before we continue", "we require a signed BAA for HIPAA", "I want a copy of my data for court",
  "under consumer protection law you must refund me, my lawyer says", "we're filing a complaint with the {authority}",
  "please forward this cease and desist to your legal department", "I need your legal entity to indemnify us in writing",
  "our counsel has questions about liability in your contract", "this violates {law} and I'm reporting it",
];
const EN_LEGAL_SLOTS: Slots = {
  law: ["GDPR", "the GDPR", "CCPA", "PDPA", "data protection law", "Article 15 GDPR", "Article 17"],
  content: ["photos", "product descriptions", "our blog posts", "menu design", "brand logo", "videos"],
  authority: ["data protection authority", "consumer protection office", "regulator", "ombudsman", "police"],
};
const TH_LEGAL = [
  "จะฟ้องร้องบริษัท", "ทนายของฉันจะติดต่อไป", "จะดำเนินคดีตามกฎหมาย", "ขอให้ลบข้อมูลส่วนบุคคลทั้งหมดตาม PDPA", "ขอสำเนาข้อมูลส่วนบุคคลตาม พ.ร.บ.คุ้มครองข้อมูล",
  "มีคนละเมิดลิขสิทธิ์รูปภาพของเรา", "ขอให้ลบเนื้อหาที่ละเมิดลิขสิทธิ์", "จะแจ้ง สคบ.", "จะร้องเรียนไปที่หน่วยงานคุ้มครองข้อมูล",
  "ต้องการให้เซ็นสัญญาประมวลผลข้อมูลฉบับของเรา", "ฝ่ายกฎหมายของเราต้องการเอกสารสัญญา", "นี่มันผิดกฎหมาย", "จะแจ้งความ",
  "ขอใช้สิทธิ์ลบข้อมูลตามกฎหมาย", "ละเมิดเครื่องหมายการค้าของเรา", "ได้รับหมายศาลเกี่ยวกับบัญชีนี้",
];

// ---------------------------------------------------------------- action required
const EN_ACTION_T = [
  "can you check who on my team {deed}?", "please look at my account and tell me why {acct_issue}", "please change the email on my account to {email}",
  "merge my two accounts please", "can you extend my trial by {dur}?", "restore the {thing} I deleted {when}", "what's the status of my ticket {ref}?",
  "why hasn't order {ref} shipped yet?", "cancel order {ref} for me", "change the delivery address for order {ref}", "please move my booking to {day}",
  "unlock my account, I'm locked out after too many tries", "transfer my site to my colleague's account", "remove my old card from your system for me",
  "check if my payment for order {ref} went through", "did you receive the email I sent {when}?", "who deleted {thing} {when}? I need to know",
  "please resend my invoice for {month}", "can you add {n} extra seats to our account?", "reactivate my cancelled subscription",
  "change the owner of our workspace to {email}", "my order {ref} arrived with the wrong item, send the right one", "can you reset 2FA on my account?",
  "please delete user {email} from our team, they left", "look up which card we used last year", "when exactly did I sign up?",
  "can you tell me what the last agent said to me {when}?", "fix the VAT number on my last invoice", "book me a table for {n} at 7pm tonight",
  "I need my account unlocked today", "switch my plan to yearly for me and apply the discount", "could you verify my domain manually?",
  "please check the logs for my account, something changed {when}", "my delivery {ref} says delivered but I have nothing",
  "can you see {lookup}?", "could you tell me {lookup}?", "I need you to find out {lookup}", "please look up {lookup}",
  "is there any way you can check {lookup}?", "would you be able to tell me {lookup}?", "can someone on your end check {lookup}?",
  "please {acct_change} on my account", "could you {acct_change} for us?", "I need you to {acct_change} today",
];
const EN_ACTION_SLOTS: Slots = {
  deed: ["deleted our site", "changed the settings", "removed the report", "exported the data", "turned off tracking", "invited this user"],
  acct_issue: ["it was suspended", "my data stopped", "I can't log in", "my plan shows free", "the limit is wrong"],
  email: ["jane@example.com", "my new work address", "ops@mycompany.co", "the address on file"],
  dur: ["a week", "two weeks", "5 days", "a month"],
  thing: ["dashboard", "site", "report", "chatbot", "saved replies", "project", "goal"],
  when: ["yesterday", "last week", "this morning", "on Monday", "an hour ago"],
  ref: ["#4821", "A-1093", "1234", "#77120", "TH-5531"],
  day: ["Saturday", "tomorrow", "next Friday", "the 14th"],
  month: ["March", "last month", "January", "Q2"],
  n: ["2", "4", "5", "10"],
  lookup: [
    "who on our team changed the billing plan", "which admin removed our integration", "when my last payment went through", "why my account was flagged",
    "what happened to my order from last week", "who turned off the tracking on our site", "which user exported our customer list", "if my refund was processed",
    "who last logged into our workspace", "what email address my account uses", "why our page disappeared yesterday", "which teammate changed the password",
  ],
  acct_change: [
    "update the company name", "remove the old admin", "switch the account owner", "cancel the duplicate workspace", "re-enable my deleted project",
    "change my username", "move our sites to the new account", "undo the plan change I made", "turn the trial back on", "fix the email on my invoices",
  ],
};
const TH_ACTION = [
  "ช่วยเช็คออเดอร์{th_ref}ให้หน่อย", "เปลี่ยนที่อยู่จัดส่งของออเดอร์{th_ref}ให้หน่อย", "ขยายเวลาทดลองใช้ให้หน่อยได้ไหม", "ยกเลิกออเดอร์{th_ref}ให้ที",
  "ช่วยดูบัญชีของฉันหน่อยว่าทำไมใช้ไม่ได้", "ใครในทีมลบรายงานไป ช่วยเช็คให้หน่อย", "ขอใบเสร็จเดือนที่แล้วใหม่อีกครั้ง", "ปลดล็อกบัญชีให้หน่อย",
  "ออเดอร์{th_ref}ส่งของผิดมา ช่วยส่งใหม่ให้หน่อย", "เปลี่ยนอีเมลในบัญชีให้หน่อย", "จองโต๊ะ {th_n} ที่ คืนนี้หนึ่งทุ่ม", "ช่วยรวมสองบัญชีให้หน่อย",
  "ของยังไม่มาเลย ออเดอร์{th_ref} ช่วยตามให้หน่อย", "เช็คให้หน่อยว่าโอนเงินแล้วเข้าหรือยัง", "ลบสมาชิกที่ลาออกออกจากทีมให้หน่อย", "กู้ข้อมูลที่ลบไปเมื่อวานให้หน่อย",
];
const TH_ACTION_SLOTS: Slots = { th_ref: [" #4821", " 1093", " TH-5531", "ล่าสุด", "เมื่อวาน"], th_n: ["2", "4", "6"] };

// ---------------------------------------------------------------- out of scope
const EN_OOS_T = [
  "do you also sell {other}?", "do you offer {other} too?", "can I buy {other} from you?", "do you provide {other}?", "are you also a {provider}?",
  "how do I set up {feature2} in {competitor}?", "how does {competitor} handle {feature2}?", "is {competitor} better than {competitor}?",
  "can you fix the {code} on my website?", "write me a {writing}", "what's the weather {when2}?", "who won the {sport} game last night?",
  "can you recommend a good {gadget}?", "what's the capital of {country}?", "translate this letter to French for me", "tell me a joke",
  "what's the best {other} provider?", "how do I file my taxes?", "can you help with my homework on {topic}?", "what's bitcoin going to do this week?",
  "do you do {service} as well?", "can you build me a {thing3}?", "how do I cook {dish}?", "what's a good name for my {thing3}?",
  "how do I configure {competitor}'s {feature2}?", "my {device} won't turn on, what do I do?", "is it safe to invest in {topic}?",
  "explain {topic} to me", "where can I watch {sport} tonight?", "help me plan a trip to {country}",
  "do you guys {oos_verb} {other} as well?", "would you {oos_verb} {other} for us?", "any chance you {oos_verb} {other}?", "is {other} something you {oos_verb}?",
  "I need someone to {oos_verb} {other}, can you?", "are you able to {oos_verb} {other} too?",
];
const EN_OOS_SLOTS: Slots = {
  other: ["web hosting", "domain names", "email hosting", "SEO services", "VPN", "website templates", "laptops", "phone plans", "logo design", "cloud storage", "SSL certificates", "ad campaigns"],
  provider: ["hosting company", "domain registrar", "marketing agency", "payment processor", "web design agency"],
  feature2: ["triggers", "automations", "workflows", "custom reports", "heatmaps", "funnels", "email sequences"],
  competitor: ["Intercom", "Zendesk", "HubSpot", "Google Analytics", "Mailchimp", "Salesforce", "Freshdesk", "Hotjar"],
  code: ["CSS", "JavaScript", "layout", "PHP code", "theme", "checkout page"],
  writing: ["poem", "cover letter", "marketing plan", "blog post about travel", "business plan", "essay"],
  when2: ["tomorrow", "in Bangkok", "this weekend", "today"], sport: ["football", "basketball", "Premier League", "tennis"],
  gadget: ["laptop", "phone", "espresso machine", "monitor", "router"], country: ["France", "Japan", "Peru", "Canada"],
  topic: ["calculus", "world history", "crypto", "stocks", "quantum physics"], service: ["web design", "app development", "bookkeeping", "printing", "IT support"],
  oos_verb: ["sell", "offer", "provide", "register", "set up", "handle", "manage", "do", "resell"],
  thing3: ["mobile app", "online store", "website", "startup", "podcast"], dish: ["pad thai", "lasagna", "sourdough"], device: ["laptop", "printer", "TV"],
};
const TH_OOS = [
  "ขายโดเมนด้วยไหม", "รับทำเว็บไซต์ไหม", "มีบริการโฮสติ้งไหม", "ช่วยเขียนโค้ดเว็บให้หน่อย", "วันนี้อากาศเป็นยังไง", "แนะนำมือถือดีๆ หน่อย",
  "ใน {th_comp} ตั้งค่าอัตโนมัติยังไง", "{th_comp} ดีกว่าไหม", "ช่วยแปลจดหมายให้หน่อย", "เล่ามุกตลกให้ฟังหน่อย", "รับทำ SEO ไหม", "หุ้นตัวไหนน่าซื้อ",
  "ช่วยทำการบ้านให้หน่อย", "ผลบอลเมื่อคืนเป็นไง", "สูตรต้มยำกุ้งทำยังไง", "ขายคอมพิวเตอร์ไหม", "รับออกแบบโลโก้ไหม", "ช่วยวางแผนเที่ยวญี่ปุ่นหน่อย",
  "มีบริการอีเมลบริษัทไหม", "แนะนำร้านอาหารแถวนี้หน่อย", "ช่วยเขียนแผนการตลาดให้หน่อย", "ขายเครื่องชงกาแฟยี่ห้ออื่นไหม",
  "รับ{th_service}ด้วยไหม", "มีบริการ{th_service}ไหม", "รับ{th_service}หรือเปล่า", "ที่นี่{th_service}ให้ได้ไหม", "ขาย{th_other}ด้วยหรือเปล่า",
  "มี{th_other}ขายไหม", "ช่วยคุยเรื่อง{th_topic}หน่อย", "ขอ{th_topic}หน่อย", "อยากให้ช่วย{th_service}", "{th_comp}ใช้ยังไง",
];
const TH_OOS_SLOTS: Slots = {
  th_comp: ["Zendesk", "Intercom", "Shopee", "Lazada", "Google Analytics"],
  th_service: ["ทำเว็บไซต์", "จดโดเมน", "เช่าโฮสติ้ง", "ทำ SEO", "ยิงโฆษณา", "ออกแบบโลโก้", "ซ่อมคอม", "ทำบัญชี", "ถ่ายรูปสินค้า", "เขียนแอป", "แปลเอกสาร"],
  th_other: ["คอมพิวเตอร์", "โทรศัพท์มือถือ", "ประกันรถ", "ตั๋วเครื่องบิน", "เสื้อผ้า", "เฟอร์นิเจอร์", "ซิมการ์ด"],
  th_topic: ["ดูดวง", "หวย", "การเมือง", "ข่าวดารา", "สูตรอาหาร", "เกม"],
};

const SPECS: Spec[] = [
  { label: "question", lang: "en", templates: EN_QUESTION_T, slots: EN_SLOTS, count: 1750 },
  { label: "question", lang: "th", templates: TH_QUESTION_T, slots: TH_SLOTS, count: 600 },
  { label: "smalltalk", lang: "en", templates: [...EN_SMALLTALK, ...EN_SMALLTALK_T], slots: EN_ST_SLOTS, count: 320 },
  { label: "smalltalk", lang: "th", templates: [...TH_SMALLTALK, ...TH_SMALLTALK_T], slots: TH_ST_SLOTS, count: 220 },
  { label: "explicit_request", lang: "en", templates: EN_HUMAN_T, slots: EN_HUMAN_SLOTS, count: 300 },
  { label: "explicit_request", lang: "th", templates: TH_HUMAN_T, slots: TH_HUMAN_SLOTS, count: 150 },
  { label: "frustration", lang: "en", templates: EN_FRUSTRATION, slots: EN_FR_SLOTS, count: 440 },
  { label: "frustration", lang: "th", templates: TH_FRUSTRATION, slots: TH_FR_SLOTS, count: 130 },
  { label: "billing_dispute", lang: "en", templates: EN_DISPUTE_T, slots: EN_DISPUTE_SLOTS, count: 420 },
  { label: "billing_dispute", lang: "th", templates: TH_DISPUTE, slots: TH_DISPUTE_SLOTS, count: 130 },
  { label: "legal", lang: "en", templates: EN_LEGAL_T, slots: EN_LEGAL_SLOTS, count: 260 },
  { label: "legal", lang: "th", templates: TH_LEGAL, count: 110 },
  { label: "action_required", lang: "en", templates: EN_ACTION_T, slots: EN_ACTION_SLOTS, count: 400 },
  { label: "action_required", lang: "th", templates: TH_ACTION, slots: TH_ACTION_SLOTS, count: 130 },
  { label: "out_of_scope", lang: "en", templates: EN_OOS_T, slots: EN_OOS_SLOTS, count: 420 },
  { label: "out_of_scope", lang: "th", templates: TH_OOS, slots: TH_OOS_SLOTS, count: 220 },
];

/** Every labelled phrasing, deduplicated, in a stable order. */
export function phrasings(seed = 7): Example[] {
  const r = rng(seed);
  const out: Example[] = [];
  const seen = new Set<string>();
  for (const spec of SPECS) {
    let made = 0;
    let tries = 0;
    while (made < spec.count && tries < spec.count * 20) {
      tries++;
      const ti = Math.floor(r() * spec.templates.length);
      const t = spec.templates[ti]!;
      const text = noise(fill(t, spec.slots ?? {}, r), spec.lang, r).replace(/\s+/g, " ").trim();
      const key = text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ text, label: spec.label, lang: spec.lang, group: `${spec.label}.${spec.lang}.${ti}` });
      made++;
    }
  }
  return out;
}
