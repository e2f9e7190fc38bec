import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { addMember } from "../chatbots/fixtures";

describe("flows API", { timeout: 30_000 }, () => {
  it("lists templates, creates from one, refuses to publish a graph with dangling edges or unreachable nodes, and hides other workspaces' flows", async () => {
    const owner = await registerOwner({ name: "Olivia Owner" });
    const bot = await createBot(owner.token);
    const templates = await api("/api/v1/flows/templates", { token: owner.token });
    expect(templates.status).toBe(200);
    expect(templates.json.data.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(["lead_capture", "buttons_email_sales", "order_status"]));
    const fromTemplate = await api("/api/v1/flows", { token: owner.token, body: { chatbot_id: bot.id, template: "lead_capture" } });
    expect(fromTemplate.status, fromTemplate.text).toBe(201);
    expect(fromTemplate.json).toMatchObject({ name: "Qualify a lead", published_version: null, trigger: { type: "conversation_start" } });
    const published = await api(`/api/v1/flows/${fromTemplate.json.id}/publish`, { token: owner.token, body: {} });
    expect(published.status, published.text).toBe(201);
    expect(published.json.version).toBe(1);

    const broken = await api("/api/v1/flows", {
      token: owner.token,
      body: {
        chatbot_id: bot.id,
        graph: { start: "a", nodes: [{ type: "message", id: "a", text: "hi", next: "nowhere" }, { type: "end", id: "island" }] },
      },
    });
    expect(broken.status, broken.text).toBe(201);
    const refused = await api(`/api/v1/flows/${broken.json.id}/publish`, { token: owner.token, body: {} });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe("INVALID_FLOW");
    expect(refused.json.error.details.problems.map((p: { code: string }) => p.code).sort()).toEqual(["DANGLING_EDGE", "UNREACHABLE_NODE"]);

    const badNode = await api("/api/v1/flows", { token: owner.token, body: { chatbot_id: bot.id, graph: { start: "a", nodes: [{ type: "teleport", id: "a" }] } } });
    expect(badNode.status).toBe(400);
    const badTeam = await api("/api/v1/flows", { token: owner.token, body: { chatbot_id: bot.id, graph: { start: "a", nodes: [{ type: "handoff", id: "a", team_id: "team_nope" }] } } });
    expect(badTeam.status).toBe(400);
    expect(badTeam.json.error.code).toBe("UNKNOWN_TEAM");

    const other = await registerOwner({ name: "Other Owner" });
    expect((await api(`/api/v1/flows/${fromTemplate.json.id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/api/v1/flows/${fromTemplate.json.id}/publish`, { token: other.token, body: {} })).status).toBe(404);
    expect((await api("/api/v1/flows", { token: other.token, body: { chatbot_id: bot.id, template: "lead_capture" } })).status).toBe(404);
    expect((await api("/api/v1/flows", { token: other.token })).json.data).toEqual([]);

    // agents read flows; only owners and admins change them (the HTTP node calls out)
    const agent = await addMember(owner.workspaceId, "agent");
    expect((await api("/api/v1/flows", { token: agent.token })).json.data).toHaveLength(2);
    expect((await api(`/api/v1/flows/${broken.json.id}`, { method: "DELETE", token: agent.token })).status).toBe(403);
    expect((await api(`/api/v1/flows/${broken.json.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
  });
});
