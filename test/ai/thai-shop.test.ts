import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { deliver, documentMessage, upload } from "../knowledge/sources/helpers";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";

/**
 * What a small Thai coffee shop sees on day one with the offline defaults: a
 * short Thai + English FAQ and one uploaded document, visitors writing in
 * both languages.
 */
const FAQS = [
  { question: "รับชำระเงินผ่านพร้อมเพย์ไหม", answer: "รับค่ะ สแกน QR พร้อมเพย์ที่หน้าร้านหรือตอนสั่งออนไลน์ได้เลยค่ะ" },
  { question: "Do you accept PromptPay?", answer: "Yes — scan our PromptPay QR code at the counter or at online checkout." },
  { question: "ร้านเปิดให้บริการกี่โมงถึงกี่โมง", answer: "ร้านเปิดทุกวัน 7:30 ถึง 18:00 น. ค่ะ" },
  { question: "Where can I park?", answer: "Free parking is behind the shop, entrance on Soi 5." },
];
const REFUNDS_DOC = `# Damaged or wrong orders

If your coffee beans arrive damaged or the bag is torn, send us a photo within 7 days and we refund the full price or send a new bag, whichever you prefer.

# Roasting schedule

We roast every Monday and Thursday so beans ship within two days of roasting.
`;

async function thaiShop(behavior: Record<string, unknown> = {}) {
  const ws = await setupWorkspace({ behavior_settings: { response_delay: 0, ...behavior } });
  const o = { token: ws.owner.token, workspaceId: ws.owner.workspaceId, botId: ws.bot.id as string };
  for (const f of FAQS) expect((await api("/api/v1/knowledge-base/faqs", { token: o.token, body: { chatbot_id: o.botId, ...f } })).status).toBe(201);
  const up = await upload(o, "refunds-and-damage.md", REFUNDS_DOC);
  expect(up.status).toBe(202);
  await deliver(documentMessage(o, up.json.id));
  return ws;
}

type Chat = Awaited<ReturnType<typeof visitorChat>>;
async function say(chat: Chat, text: string) {
  chat.visitor.send({ type: "message:send", client_id: cid(), text });
  const reply = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
  return reply.message as { text: string; rich?: { quick_replies?: string[] }; ai?: { confidence: number; sources: { title: string }[] }; sources?: { title: string }[] };
}
const thai = /[\u0E00-\u0E7F]/;

describe("a Thai shop on day one", () => {
  it("greets, thanks and says goodbye in the visitor's language without handing over", async () => {
    const { bot, owner } = await thaiShop();
    const chat = await visitorChat(bot.public_key);
    const hello = await say(chat, "สวัสดีค่ะ");
    expect(hello.text).toMatch(thai);
    const thanks = await say(chat, "ขอบคุณค่ะ");
    expect(thanks.text).toMatch(thai);
    const en = await say(chat, "thanks so much, bye!");
    expect(en.text).not.toMatch(thai);
    const frames = await chat.visitor.quiet(300);
    expect(frames.filter((f) => f.type === "conversation:escalated")).toEqual([]);
    const conv = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(conv.json).toMatchObject({ status: "active", mode: "bot" });
    chat.visitor.close();
  });

  it("answers a greeting plus a question with the answer, and a Thai question from the Thai FAQ in Thai", async () => {
    const { bot } = await thaiShop();
    const chat = await visitorChat(bot.public_key);
    const mixed = await say(chat, "Hi, can I pay with PromptPay?");
    expect(mixed.text).toContain("PromptPay QR");
    const th = await say(chat, "จ่ายด้วยพร้อมเพย์ได้ไหมคะ");
    expect(th.text).toContain("สแกน QR");
    const hours = await say(chat, "ร้านเปิดกี่โมงคะ");
    expect(hours.text).toContain("7:30");
    expect(hours.text).not.toContain("parking");
    chat.visitor.close();
  });

  it("answers a refund question an uploaded document covers instead of escalating it as a dispute, citing the title not the file", async () => {
    const { bot } = await thaiShop();
    const chat = await visitorChat(bot.public_key);
    const reply = await say(chat, "Can I get a refund for damaged beans?");
    expect(reply.text).toMatch(/refund the full price/);
    expect(reply.text).not.toContain(".md");
    // visitors get the projection: public titles, no internal metadata
    expect(reply.ai).toBeUndefined();
    expect(reply.sources?.length).toBeGreaterThan(0);
    expect((reply.sources ?? []).map((s: { title: string }) => s.title).join(" ")).not.toMatch(/\.md|\.pdf/);
    const frames = await chat.visitor.quiet(300);
    expect(frames.filter((f) => f.type === "conversation:escalated")).toEqual([]);
    chat.visitor.close();
  });

  it("sends the low-confidence hand-off once, in Thai for a Thai visitor, and the agent's arrival in Thai", async () => {
    const { bot, agent } = await thaiShop();
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "มีเรือดำน้ำขายไหม" });
    await chat.visitor.next("conversation:escalated");
    await chat.visitor.quiet(300);
    const seen = [...chat.visitor.frames].filter((f) => f.type === "message:receive" && (f.message.role === "bot" || f.message.role === "system"));
    expect(seen).toHaveLength(1);
    expect(seen[0].message.text).toMatch(thai);
    expect((await api(`/api/v1/conversations/${chat.conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(200);
    const joined = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "system");
    expect(joined.message.text).toBe("A agent เข้าร่วมการสนทนาแล้ว");
    chat.visitor.close();
  });
});
