import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { createBot, registerOwner } from "./fixtures";

let owner: Awaited<ReturnType<typeof registerOwner>>;
beforeAll(async () => {
  owner = await registerOwner();
});

const patch = (id: string, body: unknown) => api(`/api/v1/chatbots/${id}`, { method: "PATCH", token: owner.token, body });
const post = (path: string, body?: unknown) => api(`/api/v1/chatbots/${path}`, { method: "POST", token: owner.token, body });

describe("updating and version history", () => {
  it("merges a partial update into nested settings and bumps the version", async () => {
    const bot = await createBot(owner.token, { name: "Merge Bot", ai_settings: { temperature: 0.3, max_tokens: 800 } });
    const res = await patch(bot.id, {
      name: "Merge Bot Two",
      ai_settings: { temperature: 0.8, enable_fallback_responses: true, fallback_responses: ["Let me find a human."] },
      data_collection: { collect_email: true, custom_fields: [{ name: "company", type: "text", required: false, label: "Company Name" }] },
      behavior_settings: { response_delay: 1000, inactivity_timeout: 300000 },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: "Merge Bot Two",
      version: 2,
      ai_settings: { temperature: 0.8, max_tokens: 800, provider: "offline", fallback_responses: ["Let me find a human."] },
      data_collection: { custom_fields: [{ name: "company", label: "Company Name" }] },
    });
    expect(res.json.public_key).toBe(bot.public_key);
    expect(res.json.updated_at >= bot.updated_at).toBe(true);
  });

  it("keeps the previous full configuration in the history on every update", async () => {
    const bot = await createBot(owner.token, { name: "History Bot", greeting_message: "First greeting" });
    await patch(bot.id, { greeting_message: "Second greeting" });
    await patch(bot.id, { personality: "casual", widget_settings: { theme: { primary_color: "#000000" } } });

    const res = await api(`/api/v1/chatbots/${bot.id}/versions`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.json.current_version).toBe(3);
    expect(res.json.data.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    const [v3, v2, v1] = res.json.data;
    expect(v1.config).toMatchObject({ name: "History Bot", greeting_message: "First greeting", personality: "professional" });
    expect(v1.config.widget_settings.theme.primary_color).toBe("#3B82F6");
    expect(v2.config).toMatchObject({ greeting_message: "Second greeting", personality: "professional" });
    expect(v3.config).toMatchObject({ greeting_message: "Second greeting", personality: "casual" });
    expect(v3.config.widget_settings.theme.primary_color).toBe("#000000");
    expect(v1.created_by).toBe(owner.userId);
    expect(v1.created_by_name).toBe("Olivia Owner");
    expect(v3.changed_fields.sort()).toEqual(["personality", "widget_settings"]);
    expect(v2.changed_fields).toEqual(["greeting_message"]);
    expect(v1.changed_fields).toEqual([]);
    expect(v1.superseded_at).toBeTruthy();
    expect(v3.superseded_at).toBeNull();
  });

  it("restores an earlier version as a new version without rewriting history", async () => {
    const bot = await createBot(owner.token, { name: "Restore Me", greeting_message: "Original" });
    await patch(bot.id, { greeting_message: "Changed", ai_settings: { temperature: 1.5 } });
    const res = await post(`${bot.id}/versions/1/restore`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: 3, greeting_message: "Original", ai_settings: { temperature: 0.7 } });
    const history = await api(`/api/v1/chatbots/${bot.id}/versions`, { token: owner.token });
    expect(history.json.data.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(history.json.data[1].config.greeting_message).toBe("Changed");
  });

  it("rejects restoring a version that does not exist with 404, and a non-numeric one with 400", async () => {
    const bot = await createBot(owner.token);
    expect((await post(`${bot.id}/versions/7/restore`)).status).toBe(404);
    expect((await post(`${bot.id}/versions/latest/restore`)).status).toBe(400);
  });

  it("rejects renaming to another bot's name with 409 and keeps the version", async () => {
    await createBot(owner.token, { name: "Taken Name" });
    const bot = await createBot(owner.token, { name: "Free Name" });
    const res = await patch(bot.id, { name: "TAKEN NAME" });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("DUPLICATE_NAME");
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token })).json.version).toBe(1);
    expect((await patch(bot.id, { name: "free name" })).status).toBe(200);
  });

  it("picks the provider's default model when the provider changes without a model", async () => {
    const bot = await createBot(owner.token);
    const res = await patch(bot.id, { ai_settings: { provider: "anthropic" } });
    expect(res.json.ai_settings).toMatchObject({ provider: "anthropic", model: "claude-sonnet-4-5" });
    const own = await patch(bot.id, { ai_settings: { provider: "workers_ai", model: "@cf/qwen/qwen3-30b-a3b-fp8" } });
    expect(own.json.ai_settings.model).toBe("@cf/qwen/qwen3-30b-a3b-fp8");
  });

  it("replaces arrays and clears nullable settings", async () => {
    const bot = await createBot(owner.token, { allowed_origins: ["https://a.example.com", "https://b.example.com"], widget_settings: { avatar_url: "/bot.png" } });
    const res = await patch(bot.id, { allowed_origins: ["https://c.example.com"], widget_settings: { avatar_url: null }, business_hours: { schedule: { monday: null } } });
    expect(res.json.allowed_origins).toEqual(["https://c.example.com"]);
    expect(res.json.widget_settings.avatar_url).toBeNull();
    expect(res.json.business_hours.schedule.monday).toBeNull();
    expect(res.json.business_hours.schedule.tuesday).toEqual({ start: "09:00", end: "17:00" });
  });
  it("never loses an update when two edits race: each one either lands as its own version or is refused with 409", async () => {
    const bot = await createBot(owner.token, { name: "Race Bot" });
    const results = await Promise.all(
      ["#111111", "#222222", "#333333"].map((c) => patch(bot.id, { widget_settings: { theme: { primary_color: c } } })),
    );
    const statuses = results.map((r) => r.status);
    for (const s of statuses) expect([200, 409]).toContain(s);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.error.code).toBe("EDIT_CONFLICT");
    const landed = statuses.filter((s) => s === 200).length;
    expect(landed).toBeGreaterThanOrEqual(1);
    const history = await api(`/api/v1/chatbots/${bot.id}/versions`, { token: owner.token });
    expect(history.json.current_version).toBe(1 + landed);
    expect(history.json.data.map((v: { version: number }) => v.version)).toEqual(Array.from({ length: landed + 1 }, (_, i) => landed + 1 - i));
  });
});

describe("cloning", () => {
  it("copies the configuration under a new name, id and public key, at version 1", async () => {
    const bot = await createBot(owner.token, { name: "Original Bot", personality: "casual", allowed_origins: ["https://shop.example.com"] });
    await patch(bot.id, { greeting_message: "Edited" });
    const res = await post(`${bot.id}/clone`);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Original Bot copy", personality: "casual", greeting_message: "Edited", version: 1, status: "active", allowed_origins: ["https://shop.example.com"] });
    expect(res.json.id).not.toBe(bot.id);
    expect(res.json.public_key).not.toBe(bot.public_key);
    expect(res.json.embed_code).toContain(res.json.public_key);
    const second = await post(`${bot.id}/clone`);
    expect(second.json.name).toBe("Original Bot copy 2");
  });

  it("uses a given name, refusing a duplicate or invalid one", async () => {
    const bot = await createBot(owner.token, { name: "Clone Source" });
    const named = await post(`${bot.id}/clone`, { name: "Clone Target" });
    expect(named.status).toBe(201);
    expect(named.json.name).toBe("Clone Target");
    const dup = await post(`${bot.id}/clone`, { name: "Clone Source" });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("DUPLICATE_NAME");
    const bad = await post(`${bot.id}/clone`, { name: "x" });
    expect(bad.status).toBe(400);
  });

  it("keeps a copy's name within 50 characters", async () => {
    const bot = await createBot(owner.token, { name: "L".repeat(50) });
    const res = await post(`${bot.id}/clone`);
    expect(res.status).toBe(201);
    expect(res.json.name).toBe(`${"L".repeat(45)} copy`);
  });
});

describe("archiving and restoring", () => {
  it("archives (soft delete) and restores a chatbot, keeping its data", async () => {
    const bot = await createBot(owner.token, { name: "Seasonal Bot" });
    const archived = await post(`${bot.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.json.status).toBe("archived");
    expect(archived.json.archived_at).toBeTruthy();
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token })).json.status).toBe("archived");

    const edit = await patch(bot.id, { greeting_message: "While archived" });
    expect(edit.status).toBe(409);
    expect(edit.json.error.code).toBe("CHATBOT_ARCHIVED");

    const restored = await post(`${bot.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ status: "active", archived_at: null, name: "Seasonal Bot", public_key: bot.public_key });
  });

  it("keeps an archived bot's name reserved", async () => {
    const bot = await createBot(owner.token, { name: "Reserved Name" });
    await post(`${bot.id}/archive`);
    expect((await api("/api/v1/chatbots", { token: owner.token, body: { name: "Reserved Name" } })).status).toBe(409);
  });

  it("lets an owner archive and un-archive through PATCH status", async () => {
    const bot = await createBot(owner.token);
    expect((await patch(bot.id, { status: "archived" })).json.status).toBe("archived");
    const back = await patch(bot.id, { status: "inactive" });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ status: "inactive", archived_at: null });
  });

  it("records archive, restore, clone and key rotation in the audit log", async () => {
    const bot = await createBot(owner.token);
    await post(`${bot.id}/archive`);
    await post(`${bot.id}/restore`);
    await post(`${bot.id}/rotate-key`);
    const copy = await post(`${bot.id}/clone`);
    const rows = await env.DB.prepare(`select action from audit_logs where resource_id in (?1, ?2) order by created_at, rowid`)
      .bind(bot.id, copy.json.id)
      .all<{ action: string }>();
    expect(rows.results.map((r) => r.action)).toEqual(["chatbot.created", "chatbot.archived", "chatbot.restored", "chatbot.key_rotated", "chatbot.cloned"]);
  });
});

describe("rotating the public key", () => {
  it("issues a new key and embed code, and the old key stops resolving", async () => {
    const bot = await createBot(owner.token);
    const res = await post(`${bot.id}/rotate-key`);
    expect(res.status).toBe(200);
    expect(res.json.public_key).toMatch(/^pk_/);
    expect(res.json.public_key).not.toBe(bot.public_key);
    expect(res.json.embed_code).toContain(`data-chatbot-key="${res.json.public_key}"`);
    const origin = new URL(env.APP_URL).origin;
    const old = await api(`/api/v1/widget/config?key=${bot.public_key}`, { headers: { origin } });
    expect(old.status).toBe(404);
    const fresh = await api(`/api/v1/widget/config?key=${res.json.public_key}`, { headers: { origin } });
    expect(fresh.status).toBe(200);
  });
});
