import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { createBot, registerOwner } from "./fixtures";

let token: string;
let botId: string;
beforeAll(async () => {
  const owner = await registerOwner();
  token = owner.token;
  botId = (await createBot(token, { name: "Validation Target" })).id;
});

/** [what, body, the issue path the error must name] */
const INVALID: [string, Record<string, unknown>, string][] = [
  ["a name shorter than 3 characters", { name: "ab" }, "name"],
  ["a name longer than 50 characters", { name: "x".repeat(51) }, "name"],
  ["a name with punctuation", { name: "Bot!" }, "name"],
  ["a name with an emoji", { name: "Bot 🤖" }, "name"],
  ["an unknown personality", { personality: "grumpy" }, "personality"],
  ["an empty greeting", { greeting_message: "" }, "greeting_message"],
  ["an unknown top-level field", { colour: "red" }, ""],
  ["an unknown nested field", { ai_settings: { temprature: 1 } }, "ai_settings"],
  ["a temperature above 2", { ai_settings: { temperature: 2.1 } }, "ai_settings.temperature"],
  ["a negative temperature", { ai_settings: { temperature: -0.1 } }, "ai_settings.temperature"],
  ["max_tokens below 100", { ai_settings: { max_tokens: 99 } }, "ai_settings.max_tokens"],
  ["max_tokens above 2000", { ai_settings: { max_tokens: 2001 } }, "ai_settings.max_tokens"],
  ["fractional max_tokens", { ai_settings: { max_tokens: 500.5 } }, "ai_settings.max_tokens"],
  ["an unknown AI provider", { ai_settings: { provider: "skynet" } }, "ai_settings.provider"],
  ["a non-http base_url", { ai_settings: { base_url: "ftp://models.example.com" } }, "ai_settings.base_url"],
  ["a confidence threshold above 1", { ai_settings: { escalation_triggers: { low_confidence_threshold: 1.5 } } }, "ai_settings.escalation_triggers.low_confidence_threshold"],
  ["zero max_failed_responses", { ai_settings: { escalation_triggers: { max_failed_responses: 0 } } }, "ai_settings.escalation_triggers.max_failed_responses"],
  ["an empty fallback response", { ai_settings: { fallback_responses: [""] } }, "ai_settings.fallback_responses.0"],
  ["a colour that is not hex", { widget_settings: { theme: { primary_color: "blue" } } }, "widget_settings.theme.primary_color"],
  ["a 4-digit hex colour", { widget_settings: { theme: { text_color: "#FFFF" } } }, "widget_settings.theme.text_color"],
  ["an http avatar", { widget_settings: { avatar_url: "http://cdn.example.com/a.png" } }, "widget_settings.avatar_url"],
  ["a GIF avatar", { widget_settings: { avatar_url: "https://cdn.example.com/a.gif" } }, "widget_settings.avatar_url"],
  ["a protocol-relative avatar", { widget_settings: { avatar_url: "//cdn.example.com/a.png" } }, "widget_settings.avatar_url"],
  ["an unknown widget position", { widget_settings: { position: "top-left" } }, "widget_settings.position"],
  ["an unknown widget size", { widget_settings: { size: "huge" } }, "widget_settings.size"],
  ["an unsupported locale", { widget_settings: { locale: "fr" } }, "widget_settings.locale"],
  ["an empty button text", { widget_settings: { button_text: "" } }, "widget_settings.button_text"],
  ["a response delay above 5000 ms", { behavior_settings: { response_delay: 5001 } }, "behavior_settings.response_delay"],
  ["a negative response delay", { behavior_settings: { response_delay: -1 } }, "behavior_settings.response_delay"],
  ["an inactivity timeout under a minute", { behavior_settings: { inactivity_timeout: 59_999 } }, "behavior_settings.inactivity_timeout"],
  ["an inactivity timeout over 30 minutes", { behavior_settings: { inactivity_timeout: 1_800_001 } }, "behavior_settings.inactivity_timeout"],
  ["an unknown bot mode", { behavior_settings: { bot_mode: "sleepy" } }, "behavior_settings.bot_mode"],
  ["an agent reply timeout under a minute", { behavior_settings: { agent_reply_timeout_ms: 1000 } }, "behavior_settings.agent_reply_timeout_ms"],
  ["an invalid time zone", { business_hours: { timezone: "Mars/Olympus" } }, "business_hours.timezone"],
  ["a UTC offset instead of a time zone", { business_hours: { timezone: "+07:00" } }, "business_hours.timezone"],
  ["a malformed opening time", { business_hours: { schedule: { monday: { start: "9am", end: "17:00" } } } }, "business_hours.schedule.monday.start"],
  ["a closing time before the opening time", { business_hours: { schedule: { friday: { start: "18:00", end: "09:00" } } } }, "business_hours.schedule.friday.end"],
  ["an unknown weekday", { business_hours: { schedule: { caturday: null } } }, "business_hours.schedule"],
  ["a custom field of unknown type", { data_collection: { custom_fields: [{ name: "x", type: "date", label: "X" }] } }, "data_collection.custom_fields.0.type"],
  ["a select field without options", { data_collection: { custom_fields: [{ name: "plan", type: "select", label: "Plan" }] } }, "data_collection.custom_fields.0.options"],
  ["options on a text field", { data_collection: { custom_fields: [{ name: "co", type: "text", label: "Co", options: ["a"] }] } }, "data_collection.custom_fields.0.options"],
  [
    "duplicate custom field names",
    { data_collection: { custom_fields: [{ name: "co", type: "text", label: "A" }, { name: "CO", type: "text", label: "B" }] } },
    "data_collection.custom_fields.1.name",
  ],
  ["a custom field name with spaces", { data_collection: { custom_fields: [{ name: "my field", type: "text", label: "A" }] } }, "data_collection.custom_fields.0.name"],
  ["an origin with a path", { allowed_origins: ["https://shop.example.com/store"] }, "allowed_origins.0"],
  ["an origin without a scheme", { allowed_origins: ["shop.example.com"] }, "allowed_origins.0"],
  ["a wildcard on a top-level domain", { allowed_origins: ["https://*.com"] }, "allowed_origins.0"],
  ["a bare wildcard", { allowed_origins: ["*"] }, "allowed_origins.0"],
  ["a non-web scheme", { allowed_origins: ["ftp://shop.example.com"] }, "allowed_origins.0"],
  ["an out-of-range port", { allowed_origins: ["http://127.0.0.1:70000"] }, "allowed_origins.0"],
  ["an unknown status", { status: "deleted" }, "status"],
];

describe("chatbot validation", () => {
  it.each(INVALID)("rejects %s on create with 400 naming the field", async (_what, body, path) => {
    const res = await api("/api/v1/chatbots", { token, body: { name: "Valid Name", ...body } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION_ERROR");
    const paths = res.json.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toContain(path);
  });

  it.each(INVALID.filter(([what]) => !what.includes("status")))("rejects %s on update with 400 and leaves the bot unchanged", async (_what, body, path) => {
    const res = await api(`/api/v1/chatbots/${botId}`, { method: "PATCH", token, body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION_ERROR");
    expect(res.json.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    const bot = await api(`/api/v1/chatbots/${botId}`, { token });
    expect(bot.json.version).toBe(1);
  });

  it("explains the name rule, mentioning Thai, in the error message", async () => {
    const res = await api("/api/v1/chatbots", { token, body: { name: "Bot!" } });
    expect(res.json.error.details.issues[0].message).toMatch(/Thai/);
  });

  it("rejects a missing name on create", async () => {
    const res = await api("/api/v1/chatbots", { token, body: { personality: "friendly" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.issues.map((i: { path: string }) => i.path)).toContain("name");
  });

  it("rejects a body that is not JSON with 400, never 500", async () => {
    const res = await api("/api/v1/chatbots", { token, body: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
  });

  it("accepts Thai names with vowel and tone marks, hyphens, underscores and surrounding spaces (trimmed)", async () => {
    const res = await api("/api/v1/chatbots", { token, body: { name: "  ผู้ช่วย ร้านค้า_1-ไทย  " } });
    expect(res.status).toBe(201);
    expect(res.json.name).toBe("ผู้ช่วย ร้านค้า_1-ไทย");
  });

  it("accepts the boundary values of every range", async () => {
    const res = await api("/api/v1/chatbots", {
      token,
      body: {
        name: "abc",
        ai_settings: { temperature: 0, max_tokens: 2000 },
        behavior_settings: { response_delay: 5000, inactivity_timeout: 60_000 },
        business_hours: { timezone: "America/New_York" },
        widget_settings: { avatar_url: "https://cdn.example.com/bot.jpeg?v=2" },
      },
    });
    expect(res.status).toBe(201);
    const again = await api(`/api/v1/chatbots/${res.json.id}`, {
      method: "PATCH",
      token,
      body: { name: "x".repeat(50), ai_settings: { temperature: 2, max_tokens: 100 }, behavior_settings: { response_delay: 0, inactivity_timeout: 1_800_000 } },
    });
    expect(again.status).toBe(200);
  });
});
