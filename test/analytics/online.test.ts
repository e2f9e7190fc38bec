import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addMember, createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { connect, eventually, setupWorkspace } from "../live/helpers";

const intervals = (ws: string, userId: string) =>
  env.DB.prepare(`SELECT started_at, ended_at FROM agent_online_intervals WHERE workspace_id = ? AND user_id = ? ORDER BY started_at`)
    .bind(ws, userId)
    .all<{ started_at: string; ended_at: string | null }>()
    .then((r) => r.results);

describe("per-agent online time", () => {
  it("is the overlap of the agent's online intervals with the range", async () => {
    const owner = await registerOwner({ name: "Olivia Owner" });
    await createBot(owner.token);
    const ws = owner.workspaceId;
    const b = (await addMember(ws, "agent")).userId;
    const add = (id: string, user: string, from: string, to: string | null) =>
      env.DB.prepare(`INSERT INTO agent_online_intervals (id, workspace_id, user_id, started_at, ended_at) VALUES (?1, ?2, ?3, ?4, ?5)`).bind(`${id}_${ws}`, ws, user, from, to);
    await env.DB.batch([
      // the owner: 08:30–10:30 (1 h 30 min of it after 09:00), 11:00–11:20 (20 min), 13:00–14:00 (after the range: none)
      add("o1", owner.userId, "2026-11-02T08:30:00.000Z", "2026-11-02T10:30:00.000Z"),
      add("o2", owner.userId, "2026-11-02T11:00:00.000Z", "2026-11-02T11:20:00.000Z"),
      add("o3", owner.userId, "2026-11-02T13:00:00.000Z", "2026-11-02T14:00:00.000Z"),
      // B: went online at 11:45 and is still online (counts up to the range's end at 12:00: 15 min)
      add("b1", b, "2026-11-02T11:45:00.000Z", null),
    ]);
    const q = `from=${encodeURIComponent("2026-11-02T09:00:00.000Z")}&to=${encodeURIComponent("2026-11-02T12:00:00.000Z")}`;
    const res = await api(`/api/v1/analytics/agents?${q}`, { token: owner.token });
    expect(res.status).toBe(200);
    const byId = new Map(res.json.data.map((r: any) => [r.agent_id, r]));
    // 5,400 + 1,200 = 6,600 s; B 900 s; neither handled a conversation
    expect(byId.get(owner.userId)).toMatchObject({ name: "Olivia Owner", online_s: 6_600, conversations: 0 });
    expect(byId.get(b)).toMatchObject({ online_s: 900, conversations: 0 });
    const onlyB = await api(`/api/v1/analytics/agents?${q}&agent_id=${b}`, { token: owner.token });
    expect(onlyB.json.data.map((r: any) => [r.agent_id, r.online_s])).toEqual([[b, 900]]);
  });

  it("the hub records an interval from going online to going away, and from coming back to the last socket closing", async () => {
    const { owner, agent } = await setupWorkspace();
    const ws = owner.workspaceId;
    const a1 = await connect(`/api/v1/realtime/ws`, { token: agent.token });
    await a1.frames!.next("hello");
    await eventually(async () => expect(await intervals(ws, agent.userId)).toEqual([{ started_at: expect.any(String), ended_at: null }]), 10_000);
    // a second tab changes nothing
    const a2 = await connect(`/api/v1/realtime/ws`, { token: agent.token });
    await a2.frames!.next("hello");
    a1.frames!.send({ type: "presence:set", status: "away" });
    await eventually(async () => expect((await intervals(ws, agent.userId)).map((i) => i.ended_at !== null)).toEqual([true]), 10_000);
    a1.frames!.send({ type: "presence:set", status: "online" });
    await eventually(async () => expect((await intervals(ws, agent.userId)).map((i) => i.ended_at !== null)).toEqual([true, false]), 10_000);
    a1.frames!.close();
    // one tab still open: still online
    await new Promise((r) => setTimeout(r, 200));
    expect((await intervals(ws, agent.userId)).map((i) => i.ended_at !== null)).toEqual([true, false]);
    a2.frames!.close();
    await eventually(async () => expect((await intervals(ws, agent.userId)).map((i) => i.ended_at !== null)).toEqual([true, true]), 10_000);
    const rows = await intervals(ws, agent.userId);
    for (const r of rows) expect(r.ended_at! >= r.started_at).toBe(true);
    // the agents report adds them up over a range around them
    const from = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    const res = await api(`/api/v1/analytics/agents?from=${from}&to=${to}`, { token: owner.token });
    const expected = Math.round(rows.reduce((a, r) => a + (Date.parse(r.ended_at!) - Date.parse(r.started_at)) / 1000, 0));
    expect(res.json.data.find((r: any) => r.agent_id === agent.userId)).toMatchObject({ online_s: expected });
  });

  it("an interval left open by sockets that vanished ends at its last sign of life when the agent comes back; pings stamp it", async () => {
    const { owner, agent } = await setupWorkspace();
    const ws = owner.workspaceId;
    const base = Date.now();
    const hourAgo = new Date(base - 3_600_000).toISOString();
    const seen = new Date(base - 40 * 60_000).toISOString();
    await env.DB.prepare(`INSERT INTO agent_online_intervals (id, workspace_id, user_id, started_at, ended_at, seen_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5)`)
      .bind(`stale_${ws}`, ws, agent.userId, hourAgo, seen)
      .run();
    const a1 = await connect(`/api/v1/realtime/ws`, { token: agent.token });
    await a1.frames!.next("hello");
    await eventually(async () => expect((await intervals(ws, agent.userId)).map((i) => [i.started_at === hourAgo, i.ended_at])).toEqual([[true, seen], [false, null]]), 10_000);
    // the stale interval (an hour ago → 40 minutes ago) overlaps 50 → 30 minutes ago by 10 minutes
    const from = encodeURIComponent(new Date(base - 50 * 60_000).toISOString());
    const to = encodeURIComponent(new Date(base - 30 * 60_000).toISOString());
    const res = await api(`/api/v1/analytics/agents?from=${from}&to=${to}`, { token: owner.token });
    expect(res.json.data.find((r: any) => r.agent_id === agent.userId).online_s).toBe(600);
    // a ping stamps the open interval
    await env.DB.prepare(`UPDATE agent_online_intervals SET seen_at = '2000-01-01T00:00:00.000Z' WHERE workspace_id = ? AND ended_at IS NULL`).bind(ws).run();
    a1.frames!.send({ type: "ping" });
    await eventually(async () => {
      const open = await env.DB.prepare(`SELECT seen_at FROM agent_online_intervals WHERE workspace_id = ? AND ended_at IS NULL`).bind(ws).first<{ seen_at: string }>();
      expect(open!.seen_at > "2026").toBe(true);
    }, 10_000);
    a1.frames!.close();
  });
});
