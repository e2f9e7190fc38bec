import { beforeAll, describe, expect, it } from "vitest";
import { api, registerOwner as registerViaApi } from "../helpers";
import { createBot, registerOwner } from "./fixtures";

let owner: Awaited<ReturnType<typeof registerOwner>>;
let bot: { id: string; public_key: string };
const SHOP = "https://shop.example.com";

beforeAll(async () => {
  owner = await registerOwner();
  bot = await createBot(owner.token, {
    name: "Widget Bot",
    greeting_message: "Welcome to the shop!",
    allowed_origins: [SHOP, "https://*.brand.example"],
    widget_settings: { locale: "th", button_text: "Talk to us" },
    data_collection: { pre_chat_form_enabled: true, custom_fields: [{ name: "order", type: "text", label: "Order number" }] },
    ai_settings: { custom_instructions: "Never reveal the discount code SECRET10" },
  });
});

const config = (key: string, origin?: string, method = "GET") =>
  api(`/api/v1/widget/config?key=${encodeURIComponent(key)}`, { method, headers: origin ? { origin } : {} });

describe("widget config for visitors", () => {
  it("serves the visitor-safe configuration to an allowed origin with CORS for that origin only", async () => {
    const res = await config(bot.public_key, SHOP);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(res.headers.get("vary")).toMatch(/Origin/i);
    expect(res.json).toMatchObject({
      name: "Widget Bot",
      greeting_message: "Welcome to the shop!",
      locale: "th",
      online: true,
      offline_message: expect.any(String),
      widget_settings: { button_text: "Talk to us", position: "bottom-right" },
      data_collection: { pre_chat_form_enabled: true, custom_fields: [{ name: "order" }] },
      business_hours: { enabled: false, timezone: "UTC" },
    });
    // nothing an owner would not want a visitor to read
    expect(res.text).not.toContain("SECRET10");
    expect(res.json).not.toHaveProperty("ai_settings");
    expect(res.json).not.toHaveProperty("allowed_origins");
    expect(res.json).not.toHaveProperty("workspace_id");
  });

  it("matches a wildcard subdomain origin but not the bare domain", async () => {
    const sub = await config(bot.public_key, "https://eu.brand.example");
    expect(sub.status).toBe(200);
    expect(sub.headers.get("access-control-allow-origin")).toBe("https://eu.brand.example");
    expect((await config(bot.public_key, "https://brand.example")).status).toBe(403);
  });

  it("refuses a foreign origin with 403 ORIGIN_NOT_ALLOWED and no CORS grant", async () => {
    for (const origin of ["https://evil.example.net", "http://shop.example.com", "https://shop.example.com:8443", "null"]) {
      const res = await config(bot.public_key, origin);
      expect(res.status, origin).toBe(403);
      expect(res.json.error.code).toBe("ORIGIN_NOT_ALLOWED");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("refuses a request without an Origin header", async () => {
    const res = await config(bot.public_key);
    expect(res.status).toBe(403);
  });

  it("answers a preflight for an allowed origin and refuses one for a foreign origin", async () => {
    const ok = await config(bot.public_key, SHOP, "OPTIONS");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(ok.headers.get("access-control-allow-methods")).toContain("GET");
    const bad = await config(bot.public_key, "https://evil.example.net", "OPTIONS");
    expect(bad.status).toBe(403);
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers 404 for an unknown key, a missing key is 400", async () => {
    expect((await config("pk_doesNotExist123456789012", SHOP)).status).toBe(404);
    expect((await config("not-a-key", SHOP)).status).toBe(404);
    expect((await api("/api/v1/widget/config", { headers: { origin: SHOP } })).status).toBe(400);
  });

  it("answers 404 once the chatbot is archived or inactive, and serves it again when restored", async () => {
    const b = await createBot(owner.token, { allowed_origins: [SHOP] });
    await api(`/api/v1/chatbots/${b.id}/archive`, { method: "POST", token: owner.token });
    expect((await config(b.public_key, SHOP)).status).toBe(404);
    await api(`/api/v1/chatbots/${b.id}/restore`, { method: "POST", token: owner.token });
    expect((await config(b.public_key, SHOP)).status).toBe(200);
    await api(`/api/v1/chatbots/${b.id}`, { method: "PATCH", token: owner.token, body: { status: "inactive" } });
    expect((await config(b.public_key, SHOP)).status).toBe(404);
  });

  it("reports offline outside business hours, with the offline message", async () => {
    const b = await createBot(owner.token, {
      allowed_origins: [SHOP],
      business_hours: {
        enabled: true,
        timezone: "Asia/Bangkok",
        schedule: { monday: null, tuesday: null, wednesday: null, thursday: null, friday: null, saturday: null, sunday: null },
        offline_message: "Closed for the holidays",
      },
    });
    const res = await config(b.public_key, SHOP);
    expect(res.json).toMatchObject({ online: false, offline_message: "Closed for the holidays" });
  });

  it("picks up a configuration change immediately", async () => {
    const b = await createBot(owner.token, { allowed_origins: [SHOP] });
    await api(`/api/v1/chatbots/${b.id}`, { method: "PATCH", token: owner.token, body: { widget_settings: { theme: { primary_color: "#FF0000" } } } });
    const res = await config(b.public_key, SHOP);
    expect(res.json.widget_settings.theme.primary_color).toBe("#FF0000");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("widget config on the app's own pages", () => {
  it("serves a same-origin request that carries no Origin header (browsers omit it on same-origin GETs)", async () => {
    const owner = await registerViaApi();
    const created = await api("/api/v1/chatbots", { token: owner.token, body: { name: "Same Origin Bot", allowed_origins: ["http://127.0.0.1:8787"] } });
    expect(created.status).toBe(201);
    const res = await api(`/api/v1/widget/config?key=${created.json.public_key}`, { headers: { "sec-fetch-site": "same-origin" } });
    expect(res.status).toBe(200);
    const foreign = await api(`/api/v1/widget/config?key=${created.json.public_key}`, { headers: { "sec-fetch-site": "cross-site" } });
    expect(foreign.status).toBe(403);
  });
});
