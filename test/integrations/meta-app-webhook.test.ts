import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hubSignature } from "../../worker/channels/meta/signature";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { eventually, fake, useFakeNetwork } from "./fakes";

useFakeNetwork();

/**
 * One Meta app serving several Pages: Meta posts all of the app's events to
 * one callback URL, so one connection's webhook URL receives entries for the
 * app's other Pages too; each goes to the connection of its Page.
 */

const APP = "0123456789abcdef0123456789abcdef";
const OTHER_APP = "fedcba9876543210fedcba9876543210";
const GRAPH = "https://graph.facebook.com/v21.0";

function fakeGraph() {
  fake.handler = (r) => {
    if (!r.url.startsWith(`${GRAPH}/`)) return new Response("not found", { status: 404 });
    const path = new URL(r.url).pathname.slice("/v21.0/".length);
    const [, page] = /page(\d+)x/.exec(r.headers.authorization ?? "") ?? [];
    if (path === "me") return Response.json({ id: page, name: `Page ${page}` });
    if (path.endsWith("/subscribed_apps")) return Response.json({ success: true });
    if (path.endsWith("/messages")) return Response.json({ recipient_id: "x", message_id: `m_${fake.seen.length}` });
    if (/^\d+$/.test(path)) return Response.json({ first_name: "Malee", last_name: "S.", id: path });
    return Response.json({ error: { message: "Unknown path", code: 2500 } }, { status: 400 });
  };
}

const connectPage = async (token: string, chatbotId: string, pageId: string, appSecret = APP) => {
  const r = await api("/api/v1/channels", { token, body: { type: "messenger", chatbot_id: chatbotId, config: { page_access_token: `EAAGpage${pageId}xxxxxxxxxxxxxxxx`, app_secret: appSecret } } });
  expect(r.status).toBe(201);
  return r.json as { id: string; webhook_url: string };
};

let n = 0;
const entry = (pageId: string, psid: string, text: string) => ({ id: pageId, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: pageId }, timestamp: Date.now(), message: { mid: `m_app_${Date.now()}_${++n}`, text } }] });

async function post(url: string, entries: unknown[], secret = APP) {
  const body = JSON.stringify({ object: "page", entry: entries });
  return api(new URL(url).pathname, { body, headers: { "content-type": "application/json", "x-hub-signature-256": await hubSignature(secret, body) } });
}

const conversationsOf = async (channelId: string) =>
  (await env.DB.prepare(`SELECT channel_user_id FROM conversations WHERE channel_id = ?1`).bind(channelId).all<{ channel_user_id: string }>()).results.map((r) => r.channel_user_id);

describe("one Meta app serving several Pages", () => {
  it("entries for the app's other Pages reach their own connections through one callback URL; other apps and other workspaces are not reached", async () => {
    fakeGraph();
    const owner = await registerOwner();
    const front = await createBot(owner.token);
    const after = await createBot(owner.token);
    const a = await connectPage(owner.token, front.id, "104000000800001");
    const b = await connectPage(owner.token, after.id, "104000000800002");
    const c = await connectPage(owner.token, after.id, "104000000800003", OTHER_APP);
    const stranger = await registerOwner();
    const theirs = await connectPage(stranger.token, (await createBot(stranger.token)).id, "104000000800004");

    const res = await post(a.webhook_url, [
      entry("104000000800001", "2900000000800001", "hello page one"),
      entry("104000000800002", "2900000000800002", "hello page two"),
      entry("104000000800003", "2900000000800003", "another app's page"),
      entry("104000000800004", "2900000000800004", "another workspace's page"),
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, events: 2 });
    await eventually(async () => {
      expect(await conversationsOf(a.id)).toEqual(["2900000000800001"]);
      expect(await conversationsOf(b.id)).toEqual(["2900000000800002"]);
    }, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await conversationsOf(c.id)).toEqual([]);
    expect(await conversationsOf(theirs.id)).toEqual([]);
    // the request is still checked with the URL's own connection: another app's signature is refused
    expect((await post(a.webhook_url, [entry("104000000800002", "2900000000800009", "forged")], OTHER_APP)).status).toBe(401);
    // a redelivery of the same request is taken in once
    const again = [entry("104000000800002", "2900000000800005", "once")];
    await post(a.webhook_url, again);
    await post(a.webhook_url, again);
    await eventually(async () => expect(await conversationsOf(b.id)).toContain("2900000000800005"), 15_000);
    const count = async () => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM messages WHERE text = 'once'`).first<{ n: number }>())!.n;
    await eventually(async () => expect(await count()).toBeGreaterThan(0), 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count()).toBe(1);
  });
});
