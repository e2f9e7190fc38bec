import { describe, expect, it } from "vitest";
import { api, registerOwner, uniqueEmail } from "../helpers";

const bot = (token: string, name: string) => api("/api/v1/chatbots", { token, body: { name } });
const invite = (token: string, email: string) => api("/api/v1/invitations", { token, body: { email, role: "agent" } });

describe("a new workspace on the free plan", () => {
  it("starts on free and reports its limits and usage", async () => {
    const owner = await registerOwner({ plan: "free" });
    const res = await api("/api/v1/billing", { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      plan: { id: "free" },
      limits: { chatbots: 1, seats: 3, conversations: 250, api_requests_per_hour: 100 },
      usage: { chatbots: 0, seats: 1, conversations: 0, ai_replies: 0 },
      status: "none",
    });
    expect(res.json.plans.map((p: { id: string }) => p.id)).toEqual(["free", "starter", "pro", "business"]);
  });

  it("refuses a chatbot over the limit with 402 PLAN_LIMIT and what to do about it", async () => {
    const owner = await registerOwner({ plan: "free" });
    expect((await bot(owner.token, "First")).status).toBe(201);
    const over = await bot(owner.token, "Second");
    expect(over.status).toBe(402);
    expect(over.json.error).toMatchObject({
      code: "PLAN_LIMIT",
      details: { resource: "chatbots", limit: 1, used: 1, plan: "free", suggested_plan: "starter", upgrade_url: expect.stringMatching(/\/billing$/) },
    });
    // nothing was created
    const list = await api("/api/v1/chatbots", { token: owner.token });
    expect(list.json.data).toHaveLength(1);
  });

  it("validates input before it checks the plan", async () => {
    const owner = await registerOwner({ plan: "free" });
    await bot(owner.token, "Only");
    const bad = await api("/api/v1/chatbots", { token: owner.token, body: { name: "" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("counts pending invitations as seats, and re-inviting the same person needs no new seat", async () => {
    const owner = await registerOwner({ plan: "free" });
    const first = uniqueEmail("agent");
    expect((await invite(owner.token, first)).status).toBe(201);
    expect((await invite(owner.token, uniqueEmail("agent"))).status).toBe(201);
    const over = await invite(owner.token, uniqueEmail("agent"));
    expect(over.status).toBe(402);
    expect(over.json.error.details).toMatchObject({ resource: "seats", limit: 3, used: 3, plan: "free" });
    expect((await invite(owner.token, first)).status).toBe(201);
  });

  it("lifts the limit on upgrade and deletes nothing on downgrade", async () => {
    const owner = await registerOwner({ plan: "free" });
    await bot(owner.token, "Bot One");
    const up = await api("/api/v1/dev/plan", { token: owner.token, body: { plan: "pro" } });
    expect(up.status).toBe(200);
    expect(up.json.limits.chatbots).toBeNull();
    expect((await bot(owner.token, "Bot Two")).status).toBe(201);
    expect((await bot(owner.token, "Three")).status).toBe(201);

    await api("/api/v1/dev/plan", { token: owner.token, body: { plan: "free" } });
    const list = await api("/api/v1/chatbots", { token: owner.token });
    expect(list.json.data).toHaveLength(3);
    const billing = await api("/api/v1/billing", { token: owner.token });
    expect(billing.json.usage.chatbots).toBe(3);
    expect(billing.json.warnings).toContainEqual({ metric: "chatbots", used: 3, limit: 1, level: 100 });
    expect((await bot(owner.token, "Four")).status).toBe(402);
  });

  it("restoring an archived chatbot counts against the limit", async () => {
    const owner = await registerOwner({ plan: "starter" });
    const ids: string[] = [];
    for (const name of ["Bot A", "Bot B", "Bot C"]) {
      const made = await bot(owner.token, name);
      expect(made.status, made.text).toBe(201);
      ids.push(made.json.id);
    }
    const archived = await api(`/api/v1/chatbots/${ids[0]}/archive`, { token: owner.token, method: "POST" });
    expect(archived.status, archived.text).toBe(200);
    expect((await bot(owner.token, "Bot D")).status).toBe(201);
    const restore = await api(`/api/v1/chatbots/${ids[0]}/restore`, { token: owner.token, method: "POST" });
    expect(restore.status).toBe(402);
    expect(restore.json.error.details).toMatchObject({ resource: "chatbots", limit: 3, used: 3, plan: "starter" });
  });

  it("only the owner switches plans, and only where development routes exist", async () => {
    const owner = await registerOwner({ plan: "free" });
    const bad = await api("/api/v1/dev/plan", { token: owner.token, body: { plan: "platinum" } });
    expect(bad.status).toBe(400);
  });
});
