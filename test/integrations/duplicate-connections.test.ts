import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { fake, useFakeNetwork } from "./fakes";

useFakeNetwork();

/**
 * One provider account, one connection: the same WhatsApp number, Telegram
 * bot, LINE channel, Facebook Page or Instagram account cannot be connected
 * twice (to two chatbots, or to the same one twice). Within the workspace the
 * answer names the chatbot that has it; across workspaces it names nobody.
 */

const APP_SECRET = "0123456789abcdef0123456789abcdef";
const GRAPH = "https://graph.facebook.com/v21.0";

/** Every provider's connect calls, answered from the token: the account a token opens is in its name. */
function fakeProviders() {
  fake.handler = (r) => {
    const auth = r.headers.authorization?.replace(/^Bearer /, "") ?? "";
    if (r.url.startsWith("https://api.telegram.org/bot")) {
      const [, botId] = /\/bot(\d+):/.exec(r.url) ?? [];
      if (r.url.endsWith("/getMe")) return Response.json({ ok: true, result: { id: Number(botId), is_bot: true, username: `shop${botId}_bot` } });
      return Response.json({ ok: true, result: true });
    }
    if (r.url === "https://api.line.me/v2/bot/info") return Response.json({ userId: `U${auth.split("-").pop()}`, displayName: "Siam Shop", basicId: "@siam" });
    if (r.url.startsWith(`${GRAPH}/`)) {
      const path = new URL(r.url).pathname.slice("/v21.0/".length);
      // page tokens: "EAAGpage<PAGE>ig<IG>…"; WhatsApp tokens open any number
      const [, page, ig] = /page(\d+)ig(\d+)/.exec(auth) ?? [];
      if (path === "me") return Response.json({ id: page, name: `Page ${page}`, instagram_business_account: { id: ig, username: `ig${ig}` } });
      if (path.endsWith("/subscribed_apps")) return Response.json({ success: true, data: [] });
      if (path.endsWith("/message_templates")) return Response.json({ data: [] });
      if (/^\d+$/.test(path)) return Response.json({ id: path, verified_name: "Siam Tea", display_phone_number: "+66 81 234 5678" });
    }
    return new Response("not found", { status: 404 });
  };
}

const connect = (token: string, type: string, chatbotId: string, config: Record<string, string>) => api("/api/v1/channels", { token, body: { type, chatbot_id: chatbotId, config } });
const telegram = (botId: number) => ({ bot_token: `${botId}:AAHfakeTelegramBotTokenForDuplicates01` });
const line = (id: string) => ({ channel_secret: "line-channel-secret-dup", channel_access_token: `line-access-token-${id}` });
const page = (pageId: string, igId: string) => ({ page_access_token: `EAAGpage${pageId}ig${igId}xxxxxxxxxxxx`, app_secret: APP_SECRET });
const whatsapp = (pnid: string) => ({ phone_number_id: pnid, waba_id: "102290129340398", access_token: "EAAGfakeWhatsAppTokenForDuplicates0123", app_secret: APP_SECRET });

async function workspaceWithTwoBots() {
  const owner = await registerOwner();
  const a = await createBot(owner.token, { name: "Front desk" });
  const b = await createBot(owner.token, { name: "After hours" });
  return { owner, a, b };
}

describe("the same provider account on two connections is refused", () => {
  const cases: [string, string, Record<string, string>, Record<string, string>][] = [
    ["WhatsApp number (phone_number_id)", "whatsapp", whatsapp("106540352200001"), whatsapp("106540352200002")],
    ["Telegram bot (bot id)", "telegram", telegram(700000001), telegram(700000002)],
    ["LINE channel (the bot's user id)", "line", line("a1"), line("a2")],
    ["Facebook Page (page id)", "messenger", page("104000000900001", "17841400900000001"), page("104000000900002", "17841400900000002")],
    ["Instagram account (its id)", "instagram", page("104000000900003", "17841400900000003"), page("104000000900004", "17841400900000004")],
  ];
  for (const [what, type, config, other] of cases) {
    it(`${what}: a second chatbot or the same one gets 409 naming the chatbot; another account connects`, async () => {
      fakeProviders();
      const { owner, a, b } = await workspaceWithTwoBots();
      const first = await connect(owner.token, type, a.id, config);
      expect(first.status).toBe(201);
      const before = fake.seen.length;

      for (const bot of [b, a]) {
        const again = await connect(owner.token, type, bot.id, config);
        expect(again.status).toBe(409);
        expect(again.json.error).toMatchObject({
          code: "CHANNEL_ALREADY_CONNECTED",
          message: expect.stringContaining("“Front desk”"),
          details: { channel_id: first.json.id, chatbot_id: a.id, chatbot_name: "Front desk" },
        });
      }
      // nothing stored, and the provider was not pointed at another webhook URL (Telegram setWebhook, Meta subscribe)
      expect(fake.seen.slice(before).filter((s) => /setWebhook|subscribed_apps/.test(s.url) && s.method === "POST")).toHaveLength(0);
      expect((await api(`/api/v1/channels?chatbot_id=${b.id}`, { token: owner.token })).json.data).toHaveLength(0);
      expect((await connect(owner.token, type, b.id, other)).status).toBe(201);
    });
  }

  it("across workspaces: 409 without naming the other workspace or its chatbot", async () => {
    fakeProviders();
    const mine = await workspaceWithTwoBots();
    expect((await connect(mine.owner.token, "telegram", mine.a.id, telegram(700000010))).status).toBe(201);
    const theirs = await registerOwner();
    const bot = await createBot(theirs.token, { name: "Theirs" });
    const refused = await connect(theirs.token, "telegram", bot.id, telegram(700000010));
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("CHANNEL_ALREADY_CONNECTED");
    expect(refused.json.error.details).toBeUndefined();
    expect(refused.json.error.message).toMatch(/another MiniChat workspace/);
    expect(JSON.stringify(refused.json)).not.toMatch(/Front desk|ch_|cb_/);
  });

  it("a Page's Messenger and its Instagram account are two accounts; a disconnected account can be connected again", async () => {
    fakeProviders();
    const { owner, a, b } = await workspaceWithTwoBots();
    const fb = await connect(owner.token, "messenger", a.id, page("104000000900020", "17841400900000020"));
    expect(fb.status).toBe(201);
    expect((await connect(owner.token, "instagram", b.id, page("104000000900020", "17841400900000020"))).status).toBe(201);
    expect((await api(`/api/v1/channels/${fb.json.id}`, { token: owner.token, method: "DELETE" })).status).toBe(204);
    expect((await connect(owner.token, "messenger", b.id, page("104000000900020", "17841400900000020"))).status).toBe(201);
  });

  it("the unique index holds when two connects race past the check", async () => {
    fakeProviders();
    const { owner, a } = await workspaceWithTwoBots();
    const first = await connect(owner.token, "whatsapp", a.id, whatsapp("106540352200030"));
    expect(first.status).toBe(201);
    const row = (await env.DB.prepare(`SELECT provider_account_id, workspace_id FROM channels WHERE id = ?1`).bind(first.json.id).first<{ provider_account_id: string; workspace_id: string }>())!;
    expect(row.provider_account_id).toBe("106540352200030");
    const copy = env.DB.prepare(
      `INSERT INTO channels (id, workspace_id, chatbot_id, type, name, secrets_enc, active, created_at, updated_at, provider_account_id) VALUES ('ch_racecopy', ?1, ?2, 'whatsapp', NULL, 'x', 1, 'now', 'now', '106540352200030')`,
    ).bind(row.workspace_id, a.id);
    await expect(copy.run()).rejects.toThrow(/UNIQUE constraint failed/);
  });
});
