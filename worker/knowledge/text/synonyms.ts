import { stem } from "./stem";

/**
 * General support-vocabulary concepts: words that mean the same thing to a
 * customer ("bill", "invoice", "receipt"). Used by the local embedding so a
 * paraphrase lands near the document that uses the other word. Terms are
 * stemmed with the same stemmer as the index.
 */
const GROUPS: string[][] = [
  ["invoice", "receipt", "bill", "billing", "statement"],
  ["charge", "payment", "pay", "paid", "charged", "billed", "debit"],
  ["refund", "reimburse", "money back", "chargeback"],
  ["cancel", "unsubscribe", "terminate", "stop", "end"],
  ["delete", "remove", "erase", "wipe"],
  ["plan", "tier", "subscription", "package", "pricing", "price", "cost"],
  ["upgrade", "downgrade", "switch", "change"],
  ["login", "log", "sign", "signin", "password", "credential", "authenticate"],
  ["account", "profile", "user"],
  ["team", "member", "colleague", "teammate", "staff", "invite"],
  ["role", "permission", "access", "admin", "editor", "viewer"],
  ["error", "broken", "bug", "issue", "problem", "fail", "failing", "wrong"],
  ["website", "site", "domain", "url", "address", "web"],
  ["report", "email", "mail", "inbox", "summary", "digest", "newsletter"],
  ["export", "download", "csv", "spreadsheet", "excel", "backup"],
  ["import", "migrate", "transfer", "move"],
  ["script", "snippet", "code", "tag", "install", "integration", "setup"],
  ["chart", "graph", "dashboard", "stats", "statistics", "analytics"],
  ["phone", "mobile", "app", "device"],
  ["save", "store", "keep", "bookmark", "reuse", "reusable"],
  ["notify", "notification", "alert", "ping", "remind"],
  ["activate", "activation", "verify", "verification", "confirm", "confirmation"],
  ["signup", "register", "registration", "join"],
  ["ยกเลิก", "เลิกใช้"],
  ["คืนเงิน", "เงินคืน"],
  ["ราคา", "ค่าบริการ", "แพ็กเกจ"],
  ["ใบเสร็จ", "ใบแจ้งหนี้"],
  ["จัดส่ง", "ส่งของ", "ขนส่ง"],
  ["รหัสผ่าน", "ล็อกอิน", "เข้าสู่ระบบ"],
];

const INDEX = new Map<string, string[]>();
GROUPS.forEach((group, i) => {
  for (const w of group) {
    for (const part of w.split(" ")) {
      const key = stem(part);
      const list = INDEX.get(key) ?? [];
      if (!list.includes(`g${i}`)) list.push(`g${i}`);
      INDEX.set(key, list);
    }
  }
});

const MEMBERS = GROUPS.map((g) => [...new Set(g.flatMap((w) => w.split(" ")).map(stem))]);

/** Other words of the same concept groups (stemmed), for query expansion. */
export function relatedTerms(term: string): string[] {
  const out = new Set<string>();
  for (const c of INDEX.get(term) ?? []) for (const m of MEMBERS[Number(c.slice(1))] ?? []) if (m !== term) out.add(m);
  return [...out];
}

export function conceptsOf(term: string): string[] {
  return INDEX.get(term) ?? [];
}
