import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversationOfAddress, newPart, receiveEmail, replyAddress } from "../../worker/notify/continuation";
import { api, registerOwner, uniqueEmail, uniqueIp } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { ORIGIN, startSession } from "../live/helpers";
import { eventually } from "./fakes";

const mailEnv = { ...env, EMAIL_REPLY_DOMAIN: "reply.shop.test" } as Env;

async function leftConversation() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
  const email = uniqueEmail("visitor");
  const session = await startSession(bot.public_key);
  const conv = await api("/api/v1/widget/conversations", {
    token: session.json.visitor_token,
    body: { offline_message: "Is the blue kettle back in stock?", pre_chat: { name: "Nok", email } },
    headers: { origin: ORIGIN, "cf-connecting-ip": uniqueIp() },
  });
  expect(conv.status).toBe(201);
  return { owner, email, conversationId: conv.json.id as string };
}

function rawMail(from: string, to: string, body: string, extra = "") {
  const text = `From: ${from}\r\nTo: ${to}\r\nSubject: Re: your message\r\nMessage-ID: <m${Date.now()}@mail.test>\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
  return new Response(text).body!;
}

describe("conversations that continue by email", () => {
  it("a visitor who left gets the agent's reply by email at the address they gave", async () => {
    const { owner, email, conversationId } = await leftConversation();
    const sent = await api(`/api/v1/conversations/${conversationId}/messages`, { token: owner.token, body: { text: "Yes, it is back since Monday.", client_id: "a1" } });
    expect(sent.status).toBeLessThan(300);
    const mail = await eventually(async () => {
      const r = await api(`/api/v1/dev/mail?to=${encodeURIComponent(email)}`);
      if (!r.json.data.length) throw new Error("no mail yet");
      return r.json.data;
    }, 15_000);
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain("Yes, it is back since Monday.");
  });

  it("a reply to the signed address from the visitor lands in the same conversation; others are refused", async () => {
    const { owner, email, conversationId } = await leftConversation();
    const to = (await replyAddress(mailEnv, conversationId))!;
    expect(to).toMatch(/^reply\+conv_.+@reply\.shop\.test$/);
    expect(await conversationOfAddress(mailEnv, to)).toBe(conversationId);
    expect(await conversationOfAddress(mailEnv, to.replace(/\.([0-9a-f])/, (_, c: string) => (c === "0" ? ".1" : ".0")))).toBeNull();

    const rejected: string[] = [];
    const setReject = (r: string) => void rejected.push(r);
    await receiveEmail(mailEnv, { from: "someone@else.test", to, raw: rawMail("someone@else.test", to, "hi"), setReject });
    await receiveEmail(mailEnv, { from: email, to: `reply+${conversationId}.00000000000000000000@reply.shop.test`, raw: rawMail(email, to, "hi"), setReject });
    expect(rejected).toHaveLength(2);

    await receiveEmail(mailEnv, { from: email, to, raw: rawMail(email, to, "Great, I'll order two.\n\nOn Mon, Shop wrote:\n> Yes, it is back"), setReject });
    const texts = await eventually(async () => {
      const d = await api(`/api/v1/conversations/${conversationId}`, { token: owner.token });
      const visitor = d.json.messages.filter((m: { role: string }) => m.role === "visitor").map((m: { text: string }) => m.text);
      if (visitor.length < 2) throw new Error("not yet");
      return visitor;
    }, 10_000);
    expect(texts).toEqual(["Is the blue kettle back in stock?", "Great, I'll order two."]);
  });

  it("an automatic answer from the visitor's address (out of office) is dropped, not taken in", async () => {
    const { owner, email, conversationId } = await leftConversation();
    const to = (await replyAddress(mailEnv, conversationId))!;
    const rejected: string[] = [];
    await receiveEmail(mailEnv, { from: email, to, raw: rawMail(email, to, "I am out of the office until Monday.", "Auto-Submitted: auto-replied\r\n"), setReject: (r) => void rejected.push(r) });
    expect(rejected).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    const d = await api(`/api/v1/conversations/${conversationId}`, { token: owner.token });
    expect(d.json.messages.filter((m: { role: string }) => m.role === "visitor").map((m: { text: string }) => m.text)).toEqual(["Is the blue kettle back in stock?"]);
  });

  it("keeps only the new part of a reply", () => {
    expect(newPart("Thanks!\r\n\r\nOn Tue, 1 Dec 2026, Shop <a@b> wrote:\r\n> old")).toBe("Thanks!");
    expect(newPart("ok\n> quoted")).toBe("ok");
    expect(newPart("ได้ค่ะ\n\nเมื่อ จ. 30 พ.ย. 2026 Shop <a@b> เขียนว่า:\nold")).toBe("ได้ค่ะ");
    expect(newPart("Sure\nOn Mon, 30 Nov 2026 at 10:00, A very long shop name <help@shop.test>\nwrote:\n> old")).toBe("Sure");
  });
});
