import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { eventually } from "../live/helpers";
import { detail, escalate, goOnline, inBatches, routedWorkspace } from "./helpers";

// Routing under load, in a file of its own: the work a hundred escalations leave
// behind (queue position updates, closing sockets, agents going offline) keeps
// the runtime busy for seconds after the test, and the timing of the other
// routing tests must not depend on it.
describe("routing escalations to a team under load", { timeout: 60_000 }, () => {
  it("balances 100 escalations over 4 online agents of capacity 5: nobody above capacity, 80 queued in order, the queue drains as agents resolve", async () => {
    const { owner, bot, agents } = await routedWorkspace(4, { capacity: 5 });
    const hubs = await Promise.all(agents.map(goOnline));
    const chats = await inBatches(100, 10, () => escalate(bot.public_key));
    const details = await inBatches(100, 20, (i) => detail(owner.token, chats[i]!.conversationId));
    const load = new Map<string, number>();
    for (const d of details) if (d.assignee) load.set(d.assignee.id, (load.get(d.assignee.id) ?? 0) + 1);
    expect([...load.values()].reduce((x, y) => x + y, 0)).toBe(20);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(5);
    expect(Math.max(...load.values()) - Math.min(...load.values())).toBeLessThanOrEqual(1);
    expect(load.size).toBe(4);
    const queued = details.map((d, i) => ({ i, position: d.queue_position })).filter((q) => q.position !== null);
    expect(queued).toHaveLength(80);
    // positions 1..80, each where the team's queue has it (same priority: in the order they escalated)
    expect(queued.map((q) => q.position).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 80 }, (_, k) => k + 1));
    const before = await api("/api/v1/teams/queue", { token: agents[0]!.token });
    for (const q of queued) expect(before.json.data[0].queue[q.position! - 1].conversation_id).toBe(chats[q.i]!.conversationId);
    queued.sort((x, y) => x.position! - y.position!);
    expect(details.find((d) => d.queue_position === 1)!.estimated_wait_seconds).toBeGreaterThan(0);
    // the first queued visitor was told its place
    const firstQueued = chats[queued[0]!.i]!;
    await eventually(async () => {
      const told = firstQueued.visitor.frames.filter((f) => f.type === "conversation:queue").at(-1);
      if (told?.position !== 1) throw new Error(`told ${JSON.stringify(told)}`);
    });
    // each resolve frees a slot and the head of the queue takes it at once
    const assigned = details.map((d, i) => ({ i, d })).filter((x) => x.d.assignee);
    const byAgent = new Map(agents.map((a) => [a.userId, a]));
    const hubOf = new Map(agents.map((a, k) => [a.userId, hubs[k]!]));
    const slotMs: number[] = [];
    const t0 = performance.now();
    for (const [k, { i, d }] of assigned.slice(0, 8).entries()) {
      const t = performance.now();
      const res = await api(`/api/v1/conversations/${chats[i]!.conversationId}/resolve`, { token: byAgent.get(d.assignee!.id)!.token, body: {} });
      expect(res.status, res.text).toBe(200);
      // the freed slot goes to the head of the queue, on that agent's inbox
      const head = chats[queued[k]!.i]!.conversationId;
      await hubOf.get(d.assignee!.id)!.next((f) => f.type === "inbox:assigned" && f.conversation_id === head && f.agent?.id === d.assignee!.id, 20_000);
      slotMs.push(performance.now() - t);
    }
    const drainMs = performance.now() - t0;
    const next = await detail(owner.token, chats[queued[8]!.i]!.conversationId);
    expect(next.queue_position).toBe(1);
    // the visitor who moved to the front was told so
    await eventually(async () => {
      const last = chats[queued[8]!.i]!.visitor.frames.filter((f) => f.type === "conversation:queue").at(-1);
      if (last?.position !== 1) throw new Error(`still told ${JSON.stringify(last)}`);
    });
    const overview = await api("/api/v1/teams/queue", { token: agents[0]!.token });
    expect(overview.json.data[0].queue).toHaveLength(72);
    expect(overview.json.data[0].members.map((m: { open_conversations: number }) => m.open_conversations)).toEqual([5, 5, 5, 5]);
    slotMs.sort((x, y) => x - y);
    console.log(`queue drain: 8 resolves → the 8 queue heads assigned in ${drainMs.toFixed(0)} ms; per freed slot (resolve request → next visitor on the agent's inbox) median ${slotMs[4]!.toFixed(0)} ms, max ${slotMs[7]!.toFixed(0)} ms`);
    for (const s of [...hubs, ...chats.map((c) => c.visitor)]) s.close();
  }, 300_000);

  it("never double-assigns 20 concurrent escalations", async () => {
    const { owner, bot, agents } = await routedWorkspace(3, { capacity: 4 });
    const hubs = await Promise.all(agents.map(goOnline));
    const chats = await Promise.all(Array.from({ length: 20 }, () => escalate(bot.public_key)));
    const details = await Promise.all(chats.map((c) => detail(owner.token, c.conversationId)));
    const load = new Map<string, number>();
    for (const d of details) if (d.assignee) load.set(d.assignee.id, (load.get(d.assignee.id) ?? 0) + 1);
    expect([...load.values()].sort()).toEqual([4, 4, 4]);
    expect(details.filter((d) => d.queue_position !== null).map((d) => d.queue_position).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 8 }, (_, k) => k + 1));
    // one agent per conversation: each visitor saw exactly one agent join
    for (const c of chats.filter((_, i) => details[i]!.assignee)) expect(c.visitor.frames.filter((f) => f.type === "agent:joined")).toHaveLength(1);
    for (const s of [...hubs, ...chats.map((c) => c.visitor)]) s.close();
  }, 180_000);
});
