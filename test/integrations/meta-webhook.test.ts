import { describe, expect, it } from "vitest";
import { answerHandshake, hubSignature, verifyHubSignature } from "../../worker/channels/meta/signature";
import { messagingWindow } from "../../worker/channels/meta/window";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { fake, useFakeNetwork } from "./fakes";

useFakeNetwork();

describe("Meta webhook building blocks", () => {
  it("checks X-Hub-Signature-256 as Meta documents it: sha256= and the hex HMAC of the raw body", async () => {
    const body = JSON.stringify({ object: "page", entry: [] });
    const header = await hubSignature("app-secret", body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await verifyHubSignature("app-secret", body, header)).toBe(true);
    expect(await verifyHubSignature("app-secret", body, header.toUpperCase().replace("SHA256=", "sha256="))).toBe(true);
    expect(await verifyHubSignature("other-secret", body, header)).toBe(false);
    expect(await verifyHubSignature("app-secret", `${body} `, header)).toBe(false);
    expect(await verifyHubSignature("app-secret", body, null)).toBe(false);
  });

  it("answers the subscription handshake only for this connection's verify token", () => {
    const q = (params: Record<string, string>) => (name: string) => params[name];
    expect(answerHandshake(q({ "hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444" }), "tok")).toBe("1158201444");
    expect(answerHandshake(q({ "hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1" }), "tok")).toBeNull();
    expect(answerHandshake(q({ "hub.mode": "unsubscribe", "hub.verify_token": "tok", "hub.challenge": "1" }), "tok")).toBeNull();
    expect(answerHandshake(q({ "hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1" }), undefined)).toBeNull();
  });

  it("tells the 24-hour window from the 7-day human-agent window", () => {
    const now = Date.parse("2026-06-10T12:00:00Z");
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
    expect(messagingWindow(hoursAgo(23), now)).toEqual({ state: "open", closes_at: "2026-06-10T13:00:00.000Z" });
    expect(messagingWindow(hoursAgo(25), now).state).toBe("human_agent");
    expect(messagingWindow(hoursAgo(24 * 7 + 1), now)).toEqual({ state: "closed", closes_at: null });
    expect(messagingWindow(null, now).state).toBe("closed");
  });

  it("refuses the handshake for an unknown channel (404) and for a channel without a verify token (403)", async () => {
    const missing = await api("/api/v1/channels/ch_missing/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=42");
    expect(missing.status).toBe(404);
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    fake.handler = () => Response.json({ ok: true });
    const ch = await api("/api/v1/channels", { token: owner.token, body: { type: "line", chatbot_id: bot.id, config: { channel_secret: "line-channel-secret-123", channel_access_token: "line-access-token-abcdef" } } });
    expect(ch.status).toBe(201);
    const res = await api(`/api/v1/channels/${ch.json.id}/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=42`);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("VERIFY_TOKEN_MISMATCH");
  });
});
