import { describe, expect, it } from "vitest";
import { addMember, createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";

describe("teams API", () => {
  it("creates, reads, updates and deletes a team with members and per-member capacity", async () => {
    const owner = await registerOwner();
    const a = await addMember(owner.workspaceId, "agent");
    const b = await addMember(owner.workspaceId, "agent");
    const created = await api("/api/v1/teams", { token: owner.token, body: { name: "Sales", member_ids: [a.userId], assignment: "balanced", capacity: 5 } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.stringMatching(/^team_/), name: "Sales", assignment: "balanced", capacity: 5, member_ids: [a.userId] });
    const id = created.json.id;
    expect((await api("/api/v1/teams", { token: owner.token, body: { name: "sales", member_ids: [], assignment: "manual", capacity: 2 } })).json.error.code).toBe("TEAM_NAME_TAKEN");
    const put = await api(`/api/v1/teams/${id}/members/${b.userId}`, { method: "PUT", token: owner.token, body: { capacity: 2 } });
    expect(put.status).toBe(200);
    expect(put.json.members).toEqual(expect.arrayContaining([expect.objectContaining({ user_id: b.userId, capacity: 2 }), expect.objectContaining({ user_id: a.userId, capacity: null })]));
    const patched = await api(`/api/v1/teams/${id}`, { method: "PATCH", token: owner.token, body: { assignment: "round_robin", reply_limit_seconds: 120 } });
    expect(patched.json).toMatchObject({ assignment: "round_robin", reply_limit_seconds: 120, capacity: 5 });
    expect((await api(`/api/v1/teams/${id}`, { token: a.token })).json.member_ids.sort()).toEqual([a.userId, b.userId].sort());
    // agents read, only owners and admins change
    expect((await api(`/api/v1/teams/${id}`, { method: "PATCH", token: a.token, body: { capacity: 9 } })).status).toBe(403);
    expect((await api(`/api/v1/teams/${id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await api(`/api/v1/teams/${id}`, { token: owner.token })).status).toBe(404);
  });

  it("refuses bad input with clear errors and hides other workspaces' teams and users", async () => {
    const owner = await registerOwner();
    const other = await registerOwner();
    const bad = await api("/api/v1/teams", { token: owner.token, body: { name: "X", member_ids: [], assignment: "fastest", capacity: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
    const stranger = await api("/api/v1/teams", { token: owner.token, body: { name: "X", member_ids: [other.userId], assignment: "balanced", capacity: 3 } });
    expect(stranger.status).toBe(400);
    expect(stranger.json.error.code).toBe("UNKNOWN_MEMBER");
    const theirs = await api("/api/v1/teams", { token: other.token, body: { name: "Theirs", member_ids: [], assignment: "balanced", capacity: 3 } });
    expect((await api(`/api/v1/teams/${theirs.json.id}`, { token: owner.token })).status).toBe(404);
    const bot = await createBot(owner.token);
    const cross = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { routing_settings: { team_id: theirs.json.id } } });
    expect(cross.status).toBe(404);
  });

  it("points a chatbot at a team with routing_settings without a new configuration version", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    const team = await api("/api/v1/teams", { token: owner.token, body: { name: "Support", member_ids: [owner.userId], assignment: "balanced", capacity: 3 } });
    const res = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { routing_settings: { team_id: team.json.id } } });
    expect(res.status).toBe(200);
    expect(res.json.routing_settings).toEqual({ team_id: team.json.id });
    expect(res.json.version).toBe(bot.version);
    expect((await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token })).json.routing_settings).toEqual({ team_id: team.json.id });
  });
});
