import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { deliver, fake, useFakeNetwork, type Seen } from "./fakes";

useFakeNetwork();

/**
 * One part-progress mechanism for every channel: a message the provider takes
 * as several requests, the provider accepting part 1 and failing on part 2,
 * then recovering. The customer must get each part exactly once, in order.
 */

const APP_SECRET = "0123456789abcdef0123456789abcdef";
const GRAPH = "https://graph.facebook.com/v21.0";
let n = 0;

/** What the customer's app shows: the requests the provider accepted, in order. */
const accepted: string[] = [];

interface Provider {
  type: "telegram" | "line" | "messenger" | "whatsapp";
  config: Record<string, string>;
  /** the files the message carries (LINE needs more than 5 messages to take two requests) */
  files: number;
  /** a label for an outgoing send request (null: not a send) */
  label(r: Seen): string | null;
  /** everything but sends (connect, webhook registration …) */
  other(r: Seen): Response | Promise<Response>;
  ok(r: Seen): Response;
}

const TG_TOKEN = "987654321:AAHfakeTelegramBotTokenForPartsTest01";
const telegram: Provider = {
  type: "telegram",
  config: { bot_token: TG_TOKEN },
  files: 1,
  label: (r) => {
    const method = r.url.split("/").pop()!;
    if (!method.startsWith("send")) return null;
    const body = JSON.parse(r.body);
    return method === "sendMessage" ? `text:${body.text}` : "file";
  },
  other: (r) => {
    const method = r.url.split("/").pop();
    if (method === "getMe") return Response.json({ ok: true, result: { id: 987654321, is_bot: true, username: "parts_bot" } });
    return Response.json({ ok: true, result: true });
  },
  ok: () => Response.json({ ok: true, result: { message_id: ++n } }),
};

const line: Provider = {
  type: "line",
  config: { channel_secret: "line-channel-secret-parts", channel_access_token: "line-access-token-parts" },
  files: 5,
  label: (r) => {
    if (!r.url.endsWith("/v2/bot/message/push") && !r.url.endsWith("/v2/bot/message/reply")) return null;
    return (JSON.parse(r.body).messages as { type: string; text?: string }[]).map((m) => (m.type === "text" ? `text:${m.text}` : "file")).join(",");
  },
  other: () => Response.json({}),
  ok: () => Response.json({ sentMessages: [{ id: String(++n), quoteToken: "q" }] }),
};

let PAGE_ID = "104000000000777";
const FB_TOKEN = "EAAGfakePageAccessTokenForPartsTest0123456789";
const messenger: Provider = {
  type: "messenger",
  config: { page_access_token: FB_TOKEN, app_secret: APP_SECRET },
  files: 1,
  label: (r) => {
    if (!r.url.startsWith(`${GRAPH}/${PAGE_ID}/messages`) || r.method !== "POST") return null;
    const m = JSON.parse(r.body).message as { text?: string };
    return m.text ? `text:${m.text}` : "file";
  },
  other: async (r) => {
    const path = new URL(r.url).pathname.slice("/v21.0/".length);
    if (path === "me") return Response.json({ id: PAGE_ID, name: "Parts Shop" });
    if (path === `${PAGE_ID}/subscribed_apps`) return Response.json({ success: true });
    return Response.json({ error: { message: "Unknown path", code: 2500 } }, { status: 400 });
  },
  ok: (r) => Response.json({ recipient_id: JSON.parse(r.body).recipient.id, message_id: `m_${++n}` }),
};

const PNID = "106540352249999";
const WABA = "102290129349999";
const WA_TOKEN = "EAAGfakeWhatsAppTokenForPartsTest0123456789";
const whatsapp: Provider = {
  type: "whatsapp",
  config: { phone_number_id: PNID, waba_id: WABA, access_token: WA_TOKEN, app_secret: APP_SECRET },
  files: 1,
  label: (r) => {
    if (r.url !== `${GRAPH}/${PNID}/messages`) return null;
    const b = JSON.parse(r.body) as { type: string; text?: { body: string } };
    return b.type === "text" ? `text:${b.text!.body}` : "file";
  },
  other: (r) => {
    const path = r.url.slice(GRAPH.length);
    if (path.startsWith(`/${PNID}?`)) return Response.json({ id: PNID, verified_name: "Parts Tea", display_phone_number: "+66 81 000 0000" });
    if (path.startsWith(`/${WABA}/message_templates?`)) return Response.json({ data: [] });
    return Response.json({ data: [] });
  },
  ok: (r) => Response.json({ messaging_product: "whatsapp", contacts: [{ wa_id: JSON.parse(r.body).to }], messages: [{ id: `wamid.P${++n}` }] }),
};

/**
 * The provider: connects, then takes sends; the first request carrying the
 * text (part 2) answers 503 while `down`, every other send is accepted.
 */
function fakeProvider(p: Provider, state: { down: boolean }) {
  fake.handler = (r) => {
    const label = p.label(r);
    if (label === null) return p.other(r);
    if (state.down && label.includes("text:")) {
      state.down = false;
      return Response.json({ error: { message: "Service temporarily unavailable", code: 2 } }, { status: 503 });
    }
    accepted.push(label);
    return p.ok(r);
  };
}

/** A channel conversation with one stored agent message (files + text) waiting to be sent. */
async function pendingMessage(p: Provider, channelId: string, workspaceId: string, chatbotId: string, files: number) {
  const id = ++n;
  const conv = `conv_parts${p.type}${id}`;
  const msg = `msg_parts${p.type}${id}`;
  const user = p.type === "telegram" ? String(5_000_000 + id) : p.type === "line" ? `Uparts${id}` : String(6_100_000_000_000 + id);
  const now = new Date().toISOString();
  const attachments = Array.from({ length: files }, (_, i) => ({ id: `att_parts${id}x${i}`, name: `p${i}.png`, content_type: "image/png", size: 10 }));
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO conversations (id, workspace_id, chatbot_id, visitor_id, status, mode, channel, channel_id, channel_user_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'agent_handling', 'human', ?5, ?6, ?7, ?8, ?8)`).bind(conv, workspaceId, chatbotId, `vis_parts${id}`, p.type, channelId, user, now),
    env.DB.prepare(`INSERT INTO channel_contacts (id, workspace_id, chatbot_id, channel_id, external_id, visitor_id, conversation_id, last_inbound_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`).bind(`chc_parts${id}`, workspaceId, chatbotId, channelId, user, `vis_parts${id}`, conv, now),
    env.DB.prepare(`INSERT INTO messages (id, workspace_id, conversation_id, seq, role, text, attachments, created_at) VALUES (?1, ?2, ?3, 1, 'agent', 'Here is your receipt', ?4, ?5)`).bind(msg, workspaceId, conv, JSON.stringify(attachments), now),
    env.DB.prepare(`INSERT INTO channel_deliveries (message_id, workspace_id, conversation_id, channel_id, status, attempts, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)`).bind(msg, workspaceId, conv, channelId, now),
  ]);
  return msg;
}

describe("a message of several parts that fails part-way is finished by the retry, each part once and in order", () => {
  for (const p of [telegram, line, messenger, whatsapp]) {
    it(p.type, async () => {
      accepted.length = 0;
      const state = { down: true };
      fakeProvider(p, state);
      const owner = await registerOwner();
      const bot = await createBot(owner.token);
      const ch = await api("/api/v1/channels", { token: owner.token, body: { type: p.type, chatbot_id: bot.id, config: p.config } });
      expect(ch.status).toBe(201);
      const ws = (await env.DB.prepare(`SELECT workspace_id FROM channels WHERE id = ?1`).bind(ch.json.id).first<{ workspace_id: string }>())!.workspace_id;
      const msg = await pendingMessage(p, ch.json.id, ws, bot.id, p.files);

      const first = await deliver({ type: "channel.send", message_id: msg });
      expect(first.retryMessages).toHaveLength(1); // part 2 refused: retried later
      const parts = await env.DB.prepare(`SELECT part FROM channel_provider_messages WHERE message_id = ?1 ORDER BY part`).bind(msg).all<{ part: number }>();
      expect(parts.results.map((r) => r.part)).toEqual([0]);
      const again = await deliver({ type: "channel.send", message_id: msg }, { attempts: 2 });
      expect(again.explicitAcks).toHaveLength(1);

      const expected = p.type === "line" ? ["file,file,file,file,file", "text:Here is your receipt"] : ["file", "text:Here is your receipt"];
      expect(accepted).toEqual(expected);
      const d = await env.DB.prepare(`SELECT status FROM channel_deliveries WHERE message_id = ?1`).bind(msg).first<{ status: string }>();
      expect(d!.status).toBe("sent");
      // a third delivery of the same job (a retry racing the success) sends nothing more
      await deliver({ type: "channel.send", message_id: msg }, { attempts: 3 });
      expect(accepted).toEqual(expected);
    });
  }

  it("the provider's id of each part is kept (a Messenger mid)", async () => {
    PAGE_ID = "104000000000778"; // a Page of its own: one Page, one connection
    accepted.length = 0;
    const state = { down: false };
    fakeProvider(messenger, state);
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    const ch = await api("/api/v1/channels", { token: owner.token, body: { type: "messenger", chatbot_id: bot.id, config: messenger.config } });
    const ws = (await env.DB.prepare(`SELECT workspace_id FROM channels WHERE id = ?1`).bind(ch.json.id).first<{ workspace_id: string }>())!.workspace_id;
    const msg = await pendingMessage(messenger, ch.json.id, ws, bot.id, 1);
    expect((await deliver({ type: "channel.send", message_id: msg })).explicitAcks).toHaveLength(1);
    const ids = await env.DB.prepare(`SELECT provider_message_id FROM channel_provider_messages WHERE message_id = ?1 ORDER BY part`).bind(msg).all<{ provider_message_id: string }>();
    expect(ids.results.map((r) => r.provider_message_id)).toEqual([expect.stringMatching(/^m_\d+$/), expect.stringMatching(/^m_\d+$/)]);
  });
});

describe("migration 0031", () => {
  it("moves Messenger's count of accepted parts to one row per part (an in-flight delivery loses nothing), then drops the count", async () => {
    const migration = (env.TEST_MIGRATIONS as { name: string; queries: string[] }[]).find((m) => m.name.startsWith("0031_"))!;
    // the same statements against scratch tables shaped as before the migration
    const rename = (q: string) => q.replaceAll("channel_deliveries", "old_deliveries").replaceAll("channel_provider_messages", "old_provider_messages");
    const moves = migration.queries.filter((q) => /old_deliveries|old_provider_messages/.test(rename(q)) && !/ALTER TABLE channels|idx_channels/.test(q)).map(rename);
    await env.DB.batch([
      env.DB.prepare(`CREATE TABLE old_deliveries (message_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, channel_id TEXT NOT NULL, status TEXT NOT NULL, parts_sent INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL)`),
      env.DB.prepare(`CREATE TABLE old_provider_messages (channel_id TEXT NOT NULL, provider_message_id TEXT NOT NULL, message_id TEXT NOT NULL, part INTEGER NOT NULL, workspace_id TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (channel_id, provider_message_id))`),
      env.DB.prepare(`CREATE UNIQUE INDEX old_provider_messages_part ON old_provider_messages (message_id, part)`),
      env.DB.prepare(`INSERT INTO old_deliveries VALUES ('msg_a', 'ws_1', 'ch_1', 'retrying', 2, '2026-01-01T00:00:00.000Z'), ('msg_b', 'ws_1', 'ch_1', 'sent', 0, '2026-01-01T00:00:00.000Z')`),
      env.DB.prepare(`INSERT INTO old_provider_messages VALUES ('ch_2', 'wamid.1', 'msg_w', 0, 'ws_1', '2026-01-01T00:00:00.000Z')`),
    ]);
    expect(moves.length).toBeGreaterThanOrEqual(2);
    for (const q of moves) await env.DB.prepare(q).run();
    const rows = await env.DB.prepare(`SELECT message_id, part FROM old_provider_messages ORDER BY message_id, part`).all();
    expect(rows.results).toEqual([
      { message_id: "msg_a", part: 0 },
      { message_id: "msg_a", part: 1 },
      { message_id: "msg_w", part: 0 },
    ]);
    const cols = await env.DB.prepare(`SELECT name FROM pragma_table_info('old_deliveries')`).all<{ name: string }>();
    expect(cols.results.map((c) => c.name)).not.toContain("parts_sent");
    const live = await env.DB.prepare(`SELECT name FROM pragma_table_info('channel_deliveries')`).all<{ name: string }>();
    expect(live.results.map((c) => c.name)).not.toContain("parts_sent");
  });
});
