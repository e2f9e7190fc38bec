import { env } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "../inbox/seed";
import { deliver, eventually } from "../integrations/fakes";
import { fakeBrowser, verifyVapid } from "./push-service";

interface Pushed {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The push service: records every request with its raw bytes and answers `status`. */
const service = { seen: [] as Pushed[], status: 201 };

beforeAll(() =>
  setCrawlNetwork({
    resolveHost: async () => ["93.184.216.34"],
    fetch: async (req) => {
      service.seen.push({ url: req.url, headers: Object.fromEntries(req.headers), body: new Uint8Array(await req.arrayBuffer()) });
      return new Response(null, { status: service.status });
    },
  }),
);
afterEach(() => {
  service.seen.length = 0;
  service.status = 201;
});
afterAll(() => setCrawlNetwork(null));

const ENDPOINT = "https://push.example.net/send/";

describe("browser push", () => {
  it("serves one VAPID public key, made on first use and kept (private half sealed)", async () => {
    const ws = await seedWorkspace();
    const a = await api("/api/v1/notifications/push/public-key", { token: ws.agent.token });
    expect(a.status).toBe(200);
    expect(a.json.public_key).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    const b = await api("/api/v1/notifications/push/public-key", { token: ws.owner.token });
    expect(b.json.public_key).toBe(a.json.public_key);
    const row = await env.DB.prepare(`SELECT private_key_enc FROM push_vapid_keys`).first<{ private_key_enc: string }>();
    expect(row!.private_key_enc).toMatch(/^v2\./);
    expect(row!.private_key_enc).not.toContain('"d"');
    expect((await api("/api/v1/notifications/push/public-key")).status).toBe(401);
  });

  it("refuses subscriptions that are not https, point inside, or carry malformed keys", async () => {
    const ws = await seedWorkspace();
    const good = (await fakeBrowser(`${ENDPOINT}x`)).subscription;
    const post = (body: unknown) => api("/api/v1/notifications/push/subscriptions", { token: ws.agent.token, body });
    expect((await post({ ...good, endpoint: "http://push.example.net/x" })).json.error.code).toBe("PUSH_ENDPOINT_INVALID");
    expect((await post({ ...good, endpoint: "https://169.254.169.254/latest" })).json.error.code).toBe("PUSH_ENDPOINT_INVALID");
    expect((await post({ ...good, keys: { ...good.keys, p256dh: "A".repeat(87) } })).json.error.code).toBe("PUSH_KEYS_INVALID");
    expect((await post({ endpoint: good.endpoint })).status).toBe(400);
  });

  it("a mention reaches the member's browser encrypted for it (decrypted here) and signed with the VAPID key", async () => {
    const ws = await seedWorkspace({ agent: "Mike Agent", admin: "Sarah Johnson" });
    const conv = await seedConversation(ws.workspaceId, { visitor_id: await seedVisitor(ws.workspaceId), messages: [{ role: "visitor", text: "hi" }] });
    const browser = await fakeBrowser(`${ENDPOINT}${ws.admin.userId}`);
    const sub = await api("/api/v1/notifications/push/subscriptions", { token: ws.admin.token, body: browser.subscription, headers: { "user-agent": "Firefox/130" } });
    expect(sub.status, sub.text).toBe(201);
    expect(sub.json).toMatchObject({ endpoint_host: "push.example.net", user_agent: "Firefox/130" });
    const key = (await api("/api/v1/notifications/push/public-key", { token: ws.admin.token })).json.public_key as string;

    const note = await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "@Sarah Johnson the refund, please" } });
    expect(note.status, note.text).toBe(201);
    const got = await eventually(async () => {
      const hit = service.seen.find((s) => s.url === browser.subscription.endpoint);
      expect(hit).toBeDefined();
      return hit!;
    }, 10_000);
    expect(got.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(got.headers.ttl)).toBeGreaterThan(0);
    const claims = await verifyVapid(got.headers.authorization!, got.url, key);
    expect(claims.aud).toBe("https://push.example.net");
    const payload = await browser.decrypt(got.body);
    expect(payload).toMatchObject({ kind: "mention", title: "Mike Agent mentioned you", body: "@Sarah Johnson the refund, please", url: `/inbox/${conv}` });
    // a browser with the wrong private key cannot read it
    const stranger = await fakeBrowser(browser.subscription.endpoint);
    await expect(stranger.decrypt(got.body)).rejects.toThrow();
    await eventually(async () => {
      const row = await env.DB.prepare(`SELECT last_sent_at FROM push_subscriptions WHERE id = ?1`).bind(sub.json.id).first<{ last_sent_at: string | null }>();
      expect(row?.last_sent_at).not.toBeNull();
    });
  });

  it("honours the push preference: off means nothing is sent", async () => {
    const ws = await seedWorkspace({ agent: "Mike Agent", admin: "Sarah Johnson" });
    const conv = await seedConversation(ws.workspaceId, { visitor_id: await seedVisitor(ws.workspaceId), messages: [{ role: "visitor", text: "hi" }] });
    const browser = await fakeBrowser(`${ENDPOINT}${ws.admin.userId}-off`);
    await api("/api/v1/notifications/push/subscriptions", { token: ws.admin.token, body: browser.subscription });
    expect((await api("/api/v1/notifications/preferences", { method: "PUT", token: ws.admin.token, body: { mention: { push: false } } })).status).toBe(200);
    await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "@Sarah Johnson no push for this" } });
    // the in-app row exists (the event was handled) and no push went out
    await eventually(async () => expect((await api("/api/v1/notifications", { token: ws.admin.token })).json.unread_count).toBe(1));
    await new Promise((r) => setTimeout(r, 500));
    expect(service.seen.filter((s) => s.url === browser.subscription.endpoint)).toHaveLength(0);
  });

  it("a push service that says the subscription is gone (410/404) deletes it; a 5xx retries; another 4xx fails for good", async () => {
    const ws = await seedWorkspace();
    const browser = await fakeBrowser(`${ENDPOINT}${ws.agent.userId}-gone`);
    const sub = await api("/api/v1/notifications/push/subscriptions", { token: ws.agent.token, body: browser.subscription });
    const job = { type: "push.send", subscription_id: sub.json.id, payload: { kind: "escalation", title: "t", body: "b", url: "/inbox", tag: "x" } };

    service.status = 503;
    const retried = await deliver(job);
    expect(retried.explicitAcks).toHaveLength(0);
    expect(retried.retryMessages).toHaveLength(1);

    service.status = 400;
    const refused = await deliver(job);
    expect(refused.explicitAcks).toHaveLength(1);

    service.status = 410;
    const gone = await deliver(job);
    expect(gone.explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare(`SELECT 1 FROM push_subscriptions WHERE id = ?1`).bind(sub.json.id).first()).toBeNull();
    expect((await api("/api/v1/notifications/push/subscriptions", { token: ws.agent.token })).json.data).toEqual([]);
  });

  it("lists and removes a member's own devices only", async () => {
    const ws = await seedWorkspace();
    const browser = await fakeBrowser(`${ENDPOINT}${ws.agent.userId}-mine`);
    const sub = await api("/api/v1/notifications/push/subscriptions", { token: ws.agent.token, body: browser.subscription });
    // subscribing the same browser again replaces it
    const again = await api("/api/v1/notifications/push/subscriptions", { token: ws.agent.token, body: browser.subscription });
    expect(again.json.id).toBe(sub.json.id);
    expect((await api("/api/v1/notifications/push/subscriptions", { token: ws.agent.token })).json.data).toHaveLength(1);
    expect((await api(`/api/v1/notifications/push/subscriptions/${sub.json.id}`, { method: "DELETE", token: ws.owner.token })).status).toBe(404);
    const other = await seedWorkspace();
    expect((await api(`/api/v1/notifications/push/subscriptions/${sub.json.id}`, { method: "DELETE", token: other.agent.token })).status).toBe(404);
    expect((await api(`/api/v1/notifications/push/subscriptions`, { method: "DELETE", token: ws.agent.token, body: { endpoint: browser.subscription.endpoint } })).status).toBe(204);
    expect((await api("/api/v1/notifications/push/subscriptions", { token: ws.agent.token })).json.data).toEqual([]);
  });
});
