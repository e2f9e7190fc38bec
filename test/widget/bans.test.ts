import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { networkOf } from "../../worker/widget/ip-bans";
import { api } from "../helpers";
import { ORIGIN, cid, setupWorkspace, startSession, visitorChat } from "../live/helpers";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const png = () => {
  const f = new FormData();
  f.append("file", new File([PNG], "x.png", { type: "image/png" }));
  return f;
};
const fromIp = (ip: string) => ({ origin: ORIGIN, "cf-connecting-ip": ip });

describe("bans apply to every visitor route", () => {
  it("refuses a banned visitor's uploads and feedback while their token is still valid", async () => {
    const { bot, agent } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "What are your opening hours?" });
    const answer = (await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot")).message;
    expect((await api(`/api/v1/visitors/${chat.visitorId}/ban`, { token: agent.token, body: { reason: "abuse" } })).status).toBe(200);
    const upload = await api(`/api/v1/widget/conversations/${chat.conversationId}/attachments`, { method: "POST", token: chat.token, body: png() });
    expect(upload.status).toBe(403);
    expect(upload.json.error.code).toBe("VISITOR_BANNED");
    const feedback = await api(`/api/v1/widget/feedback`, { token: chat.token, body: { conversation_id: chat.conversationId, message_id: answer.id, helpful: false } });
    expect(feedback.status).toBe(403);
    expect(feedback.json.error.code).toBe("VISITOR_BANNED");
    expect(await env.DB.prepare(`select count(*) as n from answer_feedback where message_id = ?1`).bind(answer.id).first("n")).toBe(0);
    expect((await api(`/api/v1/widget/conversations/${chat.conversationId}/messages`, { token: chat.token })).status).toBe(403);
    const rating = await api(`/api/v1/widget/conversations/${chat.conversationId}/rating`, { token: chat.token, body: { rating: 1 } });
    expect(rating.status).toBe(403);
    expect(rating.json.error.code).toBe("VISITOR_BANNED");
    // the ban answers first, also for an id that is not theirs
    expect((await api(`/api/v1/widget/conversations/conv_nope/messages`, { token: chat.token })).json.error.code).toBe("VISITOR_BANNED");
    expect(await env.DB.prepare(`select rating from conversations where id = ?1`).bind(chat.conversationId).first("rating")).toBeNull();
    chat.visitor.close();
  });

  it("bans a visitor's network so a new session without visitor_id is refused, until the ban is lifted", async () => {
    const { bot, agent } = await setupWorkspace();
    // a session from a known network
    const session = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("203.0.113.7") });
    expect(session.status).toBe(200);
    const ban = await api(`/api/v1/visitors/${session.json.visitor_id}/ban`, { token: agent.token, body: { reason: "spam", ban_ip: true, ip_ban_hours: 24 } });
    expect(ban.status).toBe(200);
    expect(ban.json.ip_ban).toMatchObject({ visitor_id: session.json.visitor_id, expires_at: expect.any(String) });
    // only a keyed hash of the network is stored
    const stored = await env.DB.prepare(`select ip_hash from visitor_ip_bans where id = ?1`).bind(ban.json.ip_ban.id).first<{ ip_hash: string }>();
    expect(stored!.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.ip_hash).not.toContain("203.0.113.7");

    const fresh = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("203.0.113.7") });
    expect(fresh.status).toBe(403);
    expect(fresh.json.error.code).toBe("VISITOR_BANNED");
    // another network is unaffected
    expect((await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("198.51.100.9") })).status).toBe(200);
    // the ban lists, and unbanning the visitor lifts it
    expect((await api(`/api/v1/visitors/ip-bans`, { token: agent.token })).json.data.map((b: any) => b.id)).toContain(ban.json.ip_ban.id);
    const unban = await api(`/api/v1/visitors/${session.json.visitor_id}/unban`, { token: agent.token, body: {} });
    expect(unban.status).toBe(200);
    expect(unban.json.ip_bans_lifted).toBe(1);
    expect((await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("203.0.113.7") })).status).toBe(200);
  });

  it("bans the network a returning visitor came back from, not the one of their first visit", async () => {
    const { bot, agent } = await setupWorkspace();
    const first = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("203.0.113.20") });
    const back = await api("/api/v1/widget/session", {
      body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/pricing` }, visitor_id: first.json.visitor_id, visitor_secret: first.json.visitor_secret },
      headers: fromIp("198.51.100.20"),
    });
    expect(back.status).toBe(200);
    expect(back.json.visitor_id).toBe(first.json.visitor_id);
    expect((await api(`/api/v1/visitors/${first.json.visitor_id}/ban`, { token: agent.token, body: { reason: "spam", ban_ip: true } })).status).toBe(200);
    const fromNew = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("198.51.100.20") });
    expect(fromNew.status).toBe(403);
    expect(fromNew.json.error.code).toBe("VISITOR_BANNED");
    expect((await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("203.0.113.20") })).status).toBe(200);
  });

  it("stops an existing token from a banned network, and lets an expired ban go", async () => {
    const { bot, agent } = await setupWorkspace();
    const a = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("2001:db8:1:2:aaaa::1") });
    const b = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: fromIp("2001:db8:1:2:bbbb::2") });
    const before = await api("/api/v1/widget/conversations", { token: b.json.visitor_token, body: {}, headers: fromIp("2001:db8:1:2:bbbb::2") });
    expect(before.status).toBe(201);
    const ban = await api(`/api/v1/visitors/${a.json.visitor_id}/ban`, { token: agent.token, body: { reason: "spam", ban_ip: true } });
    expect(ban.status).toBe(200);
    // the same /64 is the same network
    const conv = await api("/api/v1/widget/conversations", { token: b.json.visitor_token, body: {}, headers: fromIp("2001:db8:1:2:bbbb::2") });
    expect(conv.status).toBe(403);
    // and the conversation it already has: its cart, checkout, orders and slips too
    const id = before.json.id;
    for (const [path, init] of [
      [`/api/v1/widget/conversations/${id}/cart`, {}],
      [`/api/v1/widget/conversations/${id}/orders`, {}],
      [`/api/v1/widget/conversations/${id}/checkout`, { body: { payment_method: "cod", customer: { name: "Somchai Jaidee", phone: "0812345678" }, shipping: { address_line1: "99/1 Sukhumvit Rd", district: "Watthana", province: "Bangkok", postcode: "10110" } } }],
      [`/api/v1/widget/conversations/${id}/orders/ord_nope/slip`, { body: png() }],
    ] as const) {
      const res = await api(path, { token: b.json.visitor_token, headers: fromIp("2001:db8:1:2:bbbb::2"), ...init });
      expect(res.json.error?.code, path).toBe("VISITOR_BANNED");
    }
    await env.DB.prepare(`update visitor_ip_bans set expires_at = ?1 where id = ?2`).bind(new Date(Date.now() - 1000).toISOString(), ban.json.ip_ban.id).run();
    expect((await api("/api/v1/widget/conversations", { token: b.json.visitor_token, body: {}, headers: fromIp("2001:db8:1:2:bbbb::2") })).status).toBe(201);
  });

  it("refuses to ban a network it never saw, and another workspace's visitor", async () => {
    const { bot, agent } = await setupWorkspace();
    const other = await setupWorkspace();
    // a session the platform gave no network address for
    const s = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` } }, headers: { origin: ORIGIN } });
    const res = await api(`/api/v1/visitors/${s.json.visitor_id}/ban`, { token: agent.token, body: { reason: "spam", ban_ip: true } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("NETWORK_UNKNOWN");
    expect((await api(`/api/v1/visitors/${s.json.visitor_id}/ban`, { token: other.agent.token, body: { reason: "spam", ban_ip: true } })).status).toBe(404);
    expect((await api(`/api/v1/visitors/ip-bans/ipb_nope`, { method: "DELETE", token: agent.token })).status).toBe(404);
  });

  it("reduces an IPv6 address to its /64 and keeps IPv4 as is", () => {
    expect(networkOf("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0db8:0001:0002:0:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(networkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("not-an-ip::zz")).toBeNull();
  });
});
