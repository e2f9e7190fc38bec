import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { addApiKey, addMember, createBot, registerOwner } from "./fixtures";

let owner: Awaited<ReturnType<typeof registerOwner>>;
beforeAll(async () => {
  owner = await registerOwner();
});

describe("creating a chatbot", () => {
  it("creates a working bot from a name alone, with defaults, a public key and an embed snippet", async () => {
    const res = await api("/api/v1/chatbots", { token: owner.token, body: { name: "Support Bot" } });
    expect(res.status).toBe(201);
    const bot = res.json;
    expect(bot).toMatchObject({
      name: "Support Bot",
      workspace_id: owner.workspaceId,
      status: "active",
      version: 1,
      personality: "professional",
      greeting_message: expect.any(String),
      business_hours: { enabled: false, timezone: "UTC" },
      ai_settings: { provider: "offline", temperature: 0.7, max_tokens: 500, enable_escalation: true },
      widget_settings: { position: "bottom-right", size: "medium", locale: "auto", theme: { primary_color: "#3B82F6" } },
      data_collection: { collect_email: true, custom_fields: [] },
      behavior_settings: { bot_mode: "active", agent_reply_timeout_ms: 600000, inactivity_timeout: 300000 },
      allowed_origins: [new URL(env.APP_URL).origin],
      created_by: owner.userId,
    });
    expect(bot.id).toMatch(/^cb_/);
    expect(bot.public_key).toMatch(/^pk_[A-Za-z0-9]{24}$/);
    expect(bot.embed_code).toBe(
      `<script async src="${env.APP_URL}/widget/loader.js" data-chatbot-key="${bot.public_key}"></script>`,
    );
  });

  it("keeps every nested setting given, exactly as sent", async () => {
    const body = {
      name: "ร้านค้า Bot_2-th",
      personality: "friendly",
      greeting_message: "สวัสดีค่ะ",
      business_hours: {
        enabled: true,
        timezone: "Asia/Bangkok",
        schedule: { monday: { start: "08:30", end: "24:00" }, sunday: null },
        offline_message: "Back soon",
      },
      ai_settings: { provider: "openai_compatible", escalation_triggers: { max_failed_responses: 5 } },
      widget_settings: { theme: { primary_color: "#abc" }, avatar_url: "/avatars/bot.PNG", locale: "th" },
      data_collection: { custom_fields: [{ name: "plan", type: "select", label: "Plan", options: ["Free", "Pro"] }] },
      allowed_origins: ["https://Shop.Example.com/", "https://*.example.com", "http://127.0.0.1:8787"],
    };
    const res = await api("/api/v1/chatbots", { token: owner.token, body });
    expect(res.status).toBe(201);
    expect(res.json.business_hours.schedule.monday).toEqual({ start: "08:30", end: "24:00" });
    expect(res.json.business_hours.schedule.tuesday).toEqual({ start: "09:00", end: "17:00" });
    expect(res.json.business_hours.schedule.sunday).toBeNull();
    expect(res.json.ai_settings).toMatchObject({ provider: "openai_compatible", model: "gpt-4o-mini", escalation_triggers: { max_failed_responses: 5, explicit_request: true } });
    expect(res.json.widget_settings.theme).toMatchObject({ primary_color: "#abc", secondary_color: "#1E40AF" });
    expect(res.json.data_collection.custom_fields).toEqual([{ name: "plan", type: "select", label: "Plan", options: ["Free", "Pro"], required: false }]);
    expect(res.json.allowed_origins).toEqual(["https://shop.example.com", "https://*.example.com", "http://127.0.0.1:8787"]);
  });

  it("rejects a duplicate name in the same workspace with 409 DUPLICATE_NAME, case-insensitively", async () => {
    await createBot(owner.token, { name: "Sales Helper" });
    const res = await api("/api/v1/chatbots", { token: owner.token, body: { name: "sales helper" } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("DUPLICATE_NAME");
  });

  it("allows the same name in another workspace", async () => {
    const other = await registerOwner();
    await createBot(owner.token, { name: "Shared Name" });
    const res = await api("/api/v1/chatbots", { token: other.token, body: { name: "Shared Name" } });
    expect(res.status).toBe(201);
  });

  it("rejects a request without credentials with 401", async () => {
    const res = await api("/api/v1/chatbots", { body: { name: "Nope Bot" } });
    expect(res.status).toBe(401);
  });
});

describe("reading chatbots", () => {
  it("lists the workspace's bots with pagination, a status filter and a name search", async () => {
    const mine = await registerOwner();
    await createBot(mine.token, { name: "Alpha Helper" });
    await createBot(mine.token, { name: "Beta Helper", status: "inactive" });
    const gone = await createBot(mine.token, { name: "Gamma Old" });
    await api(`/api/v1/chatbots/${gone.id}/archive`, { method: "POST", token: mine.token });

    const all = await api("/api/v1/chatbots", { token: mine.token });
    expect(all.status).toBe(200);
    expect(all.json.data.map((b: { name: string }) => b.name).sort()).toEqual(["Alpha Helper", "Beta Helper"]);
    expect(all.json.pagination).toEqual({ page: 1, limit: 20, total: 2, total_pages: 1 });
    expect(all.json.data[0].embed_code).toContain(all.json.data[0].public_key);

    const inactive = await api("/api/v1/chatbots?status=inactive", { token: mine.token });
    expect(inactive.json.data.map((b: { name: string }) => b.name)).toEqual(["Beta Helper"]);
    const archived = await api("/api/v1/chatbots?status=archived", { token: mine.token });
    expect(archived.json.data.map((b: { name: string }) => b.name)).toEqual(["Gamma Old"]);
    const search = await api("/api/v1/chatbots?q=alp&status=all", { token: mine.token });
    expect(search.json.data.map((b: { name: string }) => b.name)).toEqual(["Alpha Helper"]);
    const paged = await api("/api/v1/chatbots?status=all&limit=2&page=2", { token: mine.token });
    expect(paged.json.pagination).toEqual({ page: 2, limit: 2, total: 3, total_pages: 2 });
    expect(paged.json.data).toHaveLength(1);
  });

  it("rejects a bad list query with 400", async () => {
    const res = await api("/api/v1/chatbots?status=deleted&limit=1000", { token: owner.token });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("never lists or returns another workspace's chatbots", async () => {
    const other = await registerOwner();
    const theirs = await createBot(other.token, { name: "Their Bot" });
    const list = await api("/api/v1/chatbots?status=all", { token: owner.token });
    expect(list.json.data.some((b: { id: string }) => b.id === theirs.id)).toBe(false);
    const res = await api(`/api/v1/chatbots/${theirs.id}`, { token: owner.token });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NOT_FOUND");
  });
});

describe("another workspace's chatbot", () => {
  it("answers 404 to get, patch, delete, clone, archive, rotate-key and versions", async () => {
    const other = await registerOwner();
    const theirs = await createBot(other.token, { name: "Private Bot" });
    const calls: [string, string, unknown?][] = [
      ["GET", ""],
      ["PATCH", "", { name: "Stolen Bot" }],
      ["DELETE", ""],
      ["POST", "/clone"],
      ["POST", "/archive"],
      ["POST", "/restore"],
      ["POST", "/rotate-key"],
      ["GET", "/versions"],
      ["POST", "/versions/1/restore"],
    ];
    for (const [method, suffix, body] of calls) {
      const res = await api(`/api/v1/chatbots/${theirs.id}${suffix}`, { method, token: owner.token, body });
      expect(res.status, `${method} ${suffix}`).toBe(404);
    }
    const still = await api(`/api/v1/chatbots/${theirs.id}`, { token: other.token });
    expect(still.json).toMatchObject({ name: "Private Bot", version: 1, status: "active", public_key: theirs.public_key });
  });
});

describe("roles and API keys", () => {
  it("refuses a viewer creating, editing or deleting, but lets them read", async () => {
    const viewer = await addMember(owner.workspaceId, "viewer");
    const bot = await createBot(owner.token);
    expect((await api("/api/v1/chatbots", { token: viewer.token, body: { name: "Viewer Bot" } })).status).toBe(403);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: viewer.token, body: { greeting_message: "Hi" } })).status).toBe(403);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: viewer.token })).status).toBe(403);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: viewer.token })).status).toBe(200);
    expect((await api(`/api/v1/chatbots`, { token: viewer.token })).status).toBe(200);
  });

  it("lets an agent edit settings but not create, delete, clone, archive or rotate the key", async () => {
    const agent = await addMember(owner.workspaceId, "agent");
    const bot = await createBot(owner.token);
    const edit = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: agent.token, body: { greeting_message: "Hello from the team" } });
    expect(edit.status).toBe(200);
    expect(edit.json).toMatchObject({ greeting_message: "Hello from the team", version: 2, updated_by: agent.userId });
    expect((await api("/api/v1/chatbots", { token: agent.token, body: { name: "Agent Bot" } })).status).toBe(403);
    for (const suffix of ["/clone", "/archive", "/rotate-key"]) {
      expect((await api(`/api/v1/chatbots/${bot.id}${suffix}`, { method: "POST", token: agent.token })).status).toBe(403);
    }
    const archiveByPatch = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: agent.token, body: { status: "archived" } });
    expect(archiveByPatch.status).toBe(403);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: agent.token })).status).toBe(403);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token })).json.status).toBe("active");
  });

  it("lets an admin do everything an owner does with chatbots", async () => {
    const admin = await addMember(owner.workspaceId, "admin");
    const bot = await createBot(admin.token, { name: "Admin Made" });
    expect((await api(`/api/v1/chatbots/${bot.id}/clone`, { method: "POST", token: admin.token })).status).toBe(201);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: admin.token })).status).toBe(204);
  });

  it("lets an API key with chatbots:manage, chatbots:edit and chatbots:read do CRUD", async () => {
    const key = await addApiKey(owner.workspaceId, ["chatbots:manage", "chatbots:edit", "chatbots:read"]);
    const created = await api("/api/v1/chatbots", { token: key, body: { name: "Scripted Bot" } });
    expect(created.status).toBe(201);
    expect(created.json.created_by).toBeNull();
    const id = created.json.id;
    expect((await api(`/api/v1/chatbots/${id}`, { token: key })).status).toBe(200);
    expect((await api(`/api/v1/chatbots/${id}`, { method: "PATCH", token: key, body: { personality: "casual" } })).json.version).toBe(2);
    expect((await api(`/api/v1/chatbots/${id}`, { method: "DELETE", token: key })).status).toBe(204);
  });

  it("refuses an API key without the chatbots scopes with 403", async () => {
    const key = await addApiKey(owner.workspaceId, ["conversations:read"]);
    const bot = await createBot(owner.token);
    const create = await api("/api/v1/chatbots", { token: key, body: { name: "Unscoped Bot" } });
    expect(create.status).toBe(403);
    expect(create.json.error.code).toBe("FORBIDDEN");
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: key })).status).toBe(403);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: key })).status).toBe(403);
    const readOnly = await addApiKey(owner.workspaceId, ["chatbots:read"]);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: readOnly })).status).toBe(200);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: readOnly, body: { personality: "casual" } })).status).toBe(403);
  });
});

describe("deleting a chatbot", () => {
  it("answers 204, then 404, frees the name and drops it from lists", async () => {
    const bot = await createBot(owner.token, { name: "Short Lived" });
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token })).status).toBe(404);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: owner.token })).status).toBe(404);
    const list = await api("/api/v1/chatbots?status=all", { token: owner.token });
    expect(list.json.data.some((b: { id: string }) => b.id === bot.id)).toBe(false);
    expect((await api("/api/v1/chatbots", { token: owner.token, body: { name: "Short Lived" } })).status).toBe(201);
  });

  it("writes an audit entry for create, update and delete", async () => {
    const bot = await createBot(owner.token, { name: "Audited Bot" });
    await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { personality: "casual" } });
    await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: owner.token });
    const rows = await env.DB.prepare(`select action, actor_user_id from audit_logs where resource_id = ?1 order by created_at, rowid`).bind(bot.id).all<{ action: string; actor_user_id: string }>();
    expect(rows.results.map((r) => r.action)).toEqual(["chatbot.created", "chatbot.updated", "chatbot.deleted"]);
    expect(rows.results.every((r) => r.actor_user_id === owner.userId)).toBe(true);
  });
});
