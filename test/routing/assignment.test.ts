import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, eventually, visitorChat } from "../live/helpers";
import { detail, escalate, goOnline, inBatches, routedWorkspace } from "./helpers";

// workers tests share a busy machine: generous limits, the assertions are about order and counts
describe("routing escalations to a team", { timeout: 60_000 }, () => {
  it("assigns an escalation to the online member with the fewest open conversations and shows it in their inbox", async () => {
    const { owner, bot, agents } = await routedWorkspace(2);
    const [a, b] = agents;
    const hubA = await goOnline(a!);
    const hubB = await goOnline(b!);
    const first = await escalate(bot.public_key);
    const frame = await hubA.next((f) => f.type === "inbox:assigned" && f.conversation_id === first.conversationId && f.agent);
    const firstAgent = frame.agent.id;
    expect([a!.userId, b!.userId]).toContain(firstAgent);
    expect(await first.visitor.next("agent:joined")).toMatchObject({ agent: { id: firstAgent } });
    const d = await detail(owner.token, first.conversationId);
    expect(d.assignee).toMatchObject({ id: firstAgent });
    expect(d.queue_position).toBeNull();
    // the other member has fewer open conversations now
    const second = await escalate(bot.public_key);
    const frame2 = await hubB.next((f) => f.type === "inbox:assigned" && f.conversation_id === second.conversationId && f.agent);
    expect(frame2.agent.id).not.toBe(firstAgent);
    for (const s of [hubA, hubB, first.visitor, second.visitor]) s.close();
  });

  it("measures assignment latency from the visitor's request for a person to the agent's inbox frame", async () => {
    const { bot, agents } = await routedWorkspace(1, { capacity: 20 });
    const hub = await goOnline(agents[0]!);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const chat = await visitorChat(bot.public_key);
      const t0 = performance.now();
      chat.visitor.send({ type: "message:send", client_id: cid(), text: "I want to talk to a human please" });
      await hub.next((f) => f.type === "inbox:assigned" && f.conversation_id === chat.conversationId && f.agent?.id === agents[0]!.userId);
      times.push(performance.now() - t0);
      chat.visitor.close();
    }
    times.sort((x, y) => x - y);
    console.log(`assignment latency over 10 escalations: median ${times[5]!.toFixed(1)} ms, max ${times[9]!.toFixed(1)} ms`);
    expect(times[5]).toBeLessThan(1000);
    hub.close();
  });

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
    }, 5000);
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
    }, 5000);
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

  it("queues with nobody online and assigns the moment an agent comes online", async () => {
    const { owner, bot, agents } = await routedWorkspace(1);
    const chat = await escalate(bot.public_key);
    expect(await chat.visitor.next("conversation:queue")).toMatchObject({ position: 1 });
    expect((await detail(owner.token, chat.conversationId)).queue_position).toBe(1);
    const hub = await goOnline(agents[0]!);
    expect(await hub.next((f) => f.type === "inbox:assigned" && f.conversation_id === chat.conversationId)).toMatchObject({ agent: { id: agents[0]!.userId } });
    expect((await detail(owner.token, chat.conversationId)).assignee).toMatchObject({ id: agents[0]!.userId });
    hub.close();
    chat.visitor.close();
  });

  it("skips agents who are away and leaves a manual team's conversations in its queue", async () => {
    const { owner, bot, agents, team } = await routedWorkspace(2);
    const hubA = await goOnline(agents[0]!);
    const hubB = await goOnline(agents[1]!);
    hubA.send({ type: "presence:set", status: "away" });
    await hubB.next((f) => f.type === "presence:changed" && f.status === "away");
    const chat = await escalate(bot.public_key);
    await eventually(async () => {
      if ((await detail(owner.token, chat.conversationId)).assignee?.id !== agents[1]!.userId) throw new Error("not assigned to B");
    });
    await api(`/api/v1/teams/${team.id}`, { method: "PATCH", token: owner.token, body: { assignment: "manual" } });
    const other = await escalate(bot.public_key);
    expect(await other.visitor.next("conversation:queue")).toMatchObject({ position: 1 });
    // an admin sends it on by hand: taking it over
    const taken = await api(`/api/v1/conversations/${other.conversationId}/takeover`, { token: owner.token, body: {} });
    expect(taken.status).toBe(200);
    await eventually(async () => {
      const d = await detail(owner.token, other.conversationId);
      if (d.queue_position !== null || d.assignee?.id !== owner.userId) throw new Error("still queued");
    });
    for (const s of [hubA, hubB, chat.visitor, other.visitor]) s.close();
  });
});

describe("reassignment", { timeout: 60_000 }, () => {
  it("returns an offline agent's conversation to the queue and gives it to another online member", async () => {
    const { owner, bot, agents } = await routedWorkspace(2, { offline_grace_seconds: 0 });
    const hubA = await goOnline(agents[0]!);
    const chat = await escalate(bot.public_key);
    await hubA.next((f) => f.type === "inbox:assigned" && f.agent?.id === agents[0]!.userId);
    const hubB = await goOnline(agents[1]!);
    hubA.close();
    expect(await hubB.next((f) => f.type === "inbox:assigned" && f.conversation_id === chat.conversationId && f.agent?.id === agents[1]!.userId, 5000)).toBeTruthy();
    expect(await chat.visitor.next("agent:left")).toMatchObject({ agent: { id: agents[0]!.userId } });
    const d = await detail(owner.token, chat.conversationId);
    expect(d.assignee).toMatchObject({ id: agents[1]!.userId });
    await eventually(async () => {
      const events = (await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token })).json.events as { type: string; data: Record<string, unknown> }[];
      if (!events.some((e) => e.type === "reassigned" && e.data.reason === "agent_offline")) throw new Error("no reassigned event yet");
    });
    hubB.close();
    chat.visitor.close();
  });

  it("returns a conversation to the queue when the assignee misses the team's reply limit, and not when they answer", async () => {
    const { owner, bot, agents } = await routedWorkspace(2, { reply_limit_seconds: 5 });
    const hubA = await goOnline(agents[0]!);
    const chat = await escalate(bot.public_key);
    await hubA.next((f) => f.type === "inbox:assigned" && f.agent?.id === agents[0]!.userId);
    // an answered one stays
    const answered = await escalate(bot.public_key);
    await hubA.next((f) => f.type === "inbox:assigned" && f.conversation_id === answered.conversationId && f.agent);
    expect((await api(`/api/v1/conversations/${answered.conversationId}/messages`, { token: agents[0]!.token, body: { text: "Hi, I'm here", client_id: cid() } })).status).toBe(201);
    const hubB = await goOnline(agents[1]!);
    // the limit may pass before or after B comes online (a loaded machine takes seconds for the steps above): either way A is told,
    // and the conversation reaches B, at the timeout or from the queue when B arrives
    expect(await hubA.seen((f) => f.type === "routing:reassigned" && f.conversation_id === chat.conversationId, 15_000)).toMatchObject({ reason: "reply_timeout" });
    await hubB.next((f) => f.type === "inbox:assigned" && f.conversation_id === chat.conversationId && f.agent?.id === agents[1]!.userId, 10_000);
    // B answers, so B's own limit does not pass while the test looks
    expect((await api(`/api/v1/conversations/${chat.conversationId}/messages`, { token: agents[1]!.token, body: { text: "Taking over", client_id: cid() } })).status).toBe(201);
    expect((await detail(owner.token, chat.conversationId)).assignee?.id).toBe(agents[1]!.userId);
    expect((await detail(owner.token, answered.conversationId)).assignee?.id).toBe(agents[0]!.userId);
    for (const s of [hubA, hubB, chat.visitor, answered.visitor]) s.close();
  });

  it("gives a reopened conversation to its previous agent only while they are online with room", async () => {
    const { owner, bot, agents, team } = await routedWorkspace(2, { capacity: 1 });
    const [a, b] = agents;
    const hubA = await goOnline(a!);
    const chat = await escalate(bot.public_key);
    // usually tens of milliseconds; once, with other test files on both cores, more than 3 s
    await hubA.next((f) => f.type === "inbox:assigned" && f.agent?.id === a!.userId, 10_000);
    expect((await api(`/api/v1/conversations/${chat.conversationId}/resolve`, { token: a!.token, body: {} })).status).toBe(200);
    const hubB = await goOnline(b!);
    // a is online with room: back to a, though b has fewer conversations
    expect((await api(`/api/v1/conversations/${chat.conversationId}/reopen`, { token: owner.token, body: {} })).status).toBe(200);
    expect((await detail(owner.token, chat.conversationId)).assignee?.id).toBe(a!.userId);
    expect((await api(`/api/v1/conversations/${chat.conversationId}/resolve`, { token: a!.token, body: {} })).status).toBe(200);
    // a is full now: the reopened conversation goes to b
    const filler = await escalate(bot.public_key);
    await eventually(async () => {
      if (!(await detail(owner.token, filler.conversationId)).assignee) throw new Error("filler not assigned");
    });
    const fillerAgent = (await detail(owner.token, filler.conversationId)).assignee!.id;
    expect((await api(`/api/v1/conversations/${chat.conversationId}/reopen`, { token: owner.token, body: {} })).status).toBe(200);
    const after = await detail(owner.token, chat.conversationId);
    expect(after.assignee?.id ?? null).not.toBe(fillerAgent === a!.userId ? a!.userId : "none");
    if (fillerAgent === a!.userId) expect(after.assignee?.id).toBe(b!.userId);
    expect(team.id).toBeTruthy();
    for (const s of [hubA, hubB, chat.visitor, filler.visitor]) s.close();
  });
});
