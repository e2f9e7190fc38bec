import { describe, expect, it } from "vitest";
import { addMember, createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { ORIGIN, visitorChat } from "../live/helpers";

const RULES = "/api/v1/automation/rules";
const vip = (over: Record<string, unknown> = {}) => ({ name: "VIP", trigger: { type: "conversation_created" }, actions: [{ type: "add_tag", tags: ["vip"] }], ...over });

describe("automation rules API", { timeout: 60_000 }, () => {
  it("creates, lists in order, gets, patches, reorders and deletes; the audit log records the changes", async () => {
    const owner = await registerOwner();
    const a = await api(RULES, { token: owner.token, body: vip() });
    expect(a.status, a.text).toBe(201);
    expect(a.json).toMatchObject({ name: "VIP", enabled: true, position: 0, match: "all", conditions: [], stop_processing: false, trigger: { type: "conversation_created" } });
    const b = await api(RULES, { token: owner.token, body: vip({ name: "Idle nudge", trigger: { type: "idle", minutes: 30 }, actions: [{ type: "send_message", text: "Still there?" }] }) });
    expect(b.json.position).toBe(1);
    const list = await api(RULES, { token: owner.token });
    expect(list.json.data.map((r: { name: string }) => r.name)).toEqual(["VIP", "Idle nudge"]);

    const patched = await api(`${RULES}/${a.json.id}`, { method: "PATCH", token: owner.token, body: { enabled: false, stop_processing: true } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ enabled: false, stop_processing: true, name: "VIP" });
    expect((await api(`${RULES}/${a.json.id}`, { token: owner.token })).json.enabled).toBe(false);

    const reordered = await api(`${RULES}/reorder`, { token: owner.token, body: { ids: [b.json.id, a.json.id] } });
    expect(reordered.status).toBe(200);
    expect(reordered.json.data.map((r: { name: string; position: number }) => [r.name, r.position])).toEqual([["Idle nudge", 0], ["VIP", 1]]);
    const badOrder = await api(`${RULES}/reorder`, { token: owner.token, body: { ids: [b.json.id] } });
    expect(badOrder.status).toBe(400);
    expect(badOrder.json.error.code).toBe("INVALID_ORDER");

    expect((await api(`${RULES}/${a.json.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await api(`${RULES}/${a.json.id}`, { token: owner.token })).status).toBe(404);
    const audit = await api("/api/v1/audit-logs?limit=50", { token: owner.token });
    const actions = audit.json.data.map((e: { action: string }) => e.action);
    for (const verb of ["automation_rule.created", "automation_rule.updated", "automation_rule.reordered", "automation_rule.deleted"]) expect(actions).toContain(verb);
  });

  it("refuses bad input with a 400 and a code", async () => {
    const owner = await registerOwner();
    const cases: [unknown, string][] = [
      [{ name: "x", trigger: { type: "sometime" }, actions: [{ type: "resolve" }] }, "VALIDATION_ERROR"],
      [vip({ actions: [] }), "VALIDATION_ERROR"],
      [vip({ conditions: [{ type: "country" }] }), "VALIDATION_ERROR"],
      [vip({ actions: [{ type: "notify_email", to: ["not-an-email"] }] }), "VALIDATION_ERROR"],
      [vip({ trigger: { type: "idle", minutes: 1 } }), "VALIDATION_ERROR"],
      [vip({ actions: [{ type: "assign_team", team_id: "team_nope" }] }), "INVALID_REFERENCE"],
      [vip({ actions: [{ type: "start_flow", flow_id: "flow_nope" }] }), "INVALID_REFERENCE"],
    ];
    for (const [body, code] of cases) {
      const r = await api(RULES, { token: owner.token, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.code, JSON.stringify(body)).toBe(code);
    }
  });

  it("keeps workspaces apart: another workspace's rule, team or conversation is not found", async () => {
    const one = await registerOwner();
    const two = await registerOwner();
    const rule = await api(RULES, { token: one.token, body: vip() });
    const team = await api("/api/v1/teams", { token: one.token, body: { name: "Sales", member_ids: [one.userId], assignment: "balanced", capacity: 5 } });
    for (const [method, path, body] of [
      ["GET", `${RULES}/${rule.json.id}`, undefined],
      ["PATCH", `${RULES}/${rule.json.id}`, { name: "mine now" }],
      ["DELETE", `${RULES}/${rule.json.id}`, undefined],
      ["POST", `${RULES}/${rule.json.id}/test`, { conversation_id: "conv_x" }],
    ] as const) {
      const r = await api(path, { method, token: two.token, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await api(RULES, { token: two.token })).json.data).toEqual([]);
    const theirs = await api(RULES, { token: two.token, body: vip({ actions: [{ type: "assign_team", team_id: team.json.id }] }) });
    expect(theirs.status).toBe(400);
    expect(theirs.json.error).toMatchObject({ code: "INVALID_REFERENCE", details: { fields: ["actions.0.team_id"] } });
    // the test endpoint with the other workspace's conversation
    const bot = await createBot(one.token, { allowed_origins: [ORIGIN] });
    const chat = await visitorChat(bot.public_key);
    chat.visitor.close();
    const own = await api(RULES, { token: two.token, body: vip() });
    const cross = await api(`${RULES}/${own.json.id}/test`, { token: two.token, body: { conversation_id: chat.conversationId } });
    expect(cross.status).toBe(404);
  });

  it("agents read and test rules; only owners and admins change them", async () => {
    const owner = await registerOwner();
    const agent = await addMember(owner.workspaceId, "agent");
    const rule = await api(RULES, { token: owner.token, body: vip() });
    expect((await api(RULES, { token: agent.token })).status).toBe(200);
    const created = await api(RULES, { token: agent.token, body: vip() });
    expect(created.status).toBe(403);
    expect((await api(`${RULES}/${rule.json.id}`, { method: "DELETE", token: agent.token })).status).toBe(403);
  });

  it("tests a rule against a conversation: conditions matched, actions it would run, nothing changed", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    const rule = await api(RULES, {
      token: owner.token,
      body: vip({
        match: "all",
        conditions: [
          { type: "page_url", op: "contains", value: "/pricing" },
          { type: "referrer", op: "contains", value: "google" },
          { type: "device", in: ["desktop"] },
        ],
        actions: [{ type: "add_tag", tags: ["vip"] }, { type: "set_priority", priority: "high" }],
        enabled: false,
      }),
    });
    const chat = await visitorChat(bot.public_key);
    chat.visitor.close();
    const res = await api(`${RULES}/${rule.json.id}/test`, { token: owner.token, body: { conversation_id: chat.conversationId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.matched).toBe(true);
    expect(res.json.conditions.map((c: { type: string; matched: boolean }) => [c.type, c.matched])).toEqual([["page_url", true], ["referrer", true], ["device", true]]);
    expect(res.json.actions.map((a: { would: string }) => a.would)).toEqual(["tag vip", "set priority to high"]);
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.tags).toEqual([]);
    expect(detail.json.events.some((e: { type: string }) => e.type === "rule_applied")).toBe(false);

    const miss = await api(`${RULES}/${rule.json.id}`, { method: "PATCH", token: owner.token, body: { conditions: [{ type: "country", in: ["JP"] }] } });
    expect(miss.status).toBe(200);
    const res2 = await api(`${RULES}/${rule.json.id}/test`, { token: owner.token, body: { conversation_id: chat.conversationId } });
    expect(res2.json).toMatchObject({ matched: false, actions: [] });
    expect(res2.json.conditions[0]).toMatchObject({ type: "country", matched: false });
  });
});
