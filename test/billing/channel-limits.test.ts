import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";
import { useFakeNetwork } from "../integrations/fakes";

// connecting LINE asks LINE for the bot behind the token (the in-test fake answers)
useFakeNetwork();

const line = { channel_secret: "line-secret-0123456789", channel_access_token: "line-access-token-0123456789" };
const connect = (token: string, chatbotId: string, config: Record<string, unknown> = line) => api("/api/v1/channels", { token, body: { type: "line", chatbot_id: chatbotId, config } });

describe("channel connections count against the plan", () => {
  it("the free plan's one channel: the second connection answers 402 PLAN_LIMIT, after input validation; removing one frees the slot", async () => {
    const owner = await registerOwner({ plan: "free" });
    const bot = await api("/api/v1/chatbots", { token: owner.token, body: { name: "Front desk" } });
    const first = await connect(owner.token, bot.json.id);
    expect(first.status).toBe(201);

    const billing = await api("/api/v1/billing", { token: owner.token });
    expect(billing.json).toMatchObject({ limits: { channels: 1 }, usage: { channels: 1 } });

    const invalid = await connect(owner.token, bot.json.id, { channel_secret: "x" });
    expect(invalid.status).toBe(400);
    const over = await connect(owner.token, bot.json.id);
    expect(over.status).toBe(402);
    expect(over.json.error).toMatchObject({ code: "PLAN_LIMIT", details: { resource: "channels", limit: 1, used: 1, plan: "free", suggested_plan: "starter" } });
    expect((await api("/api/v1/channels", { token: owner.token })).json.data).toHaveLength(1);

    expect((await api(`/api/v1/channels/${first.json.id}`, { token: owner.token, method: "DELETE" })).status).toBe(204);
    expect((await connect(owner.token, bot.json.id)).status).toBe(201);
  });

  it("a bigger plan connects more", async () => {
    const owner = await registerOwner({ plan: "starter" });
    const bot = await api("/api/v1/chatbots", { token: owner.token, body: { name: "Front desk" } });
    for (let i = 0; i < 3; i++) expect((await connect(owner.token, bot.json.id)).status).toBe(201);
    expect((await connect(owner.token, bot.json.id)).json.error.details).toMatchObject({ limit: 3, used: 3, plan: "starter", suggested_plan: "pro" });
  });
});
