import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { scanIdleConversations, scanOrderEvents } from "../../worker/automation/sources";
import { addMember, createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { ORIGIN, cid, visitorChat } from "../live/helpers";
import { publishFlow, isBot } from "../flows/helpers";
import { deliver, fake, useFakeNetwork, eventually } from "../integrations/fakes";
import { escalate, goOnline, routedWorkspace } from "../routing/helpers";
import { RULES, conversationDetail, createRule, ruleLines, waitForLines } from "./helpers";

useFakeNetwork();

async function workspace() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
  return { owner, bot };
}

describe("automation rules at work", { timeout: 90_000 }, () => {
  it("conversation created: a matching rule tags and greets; each action is a line in the conversation's timeline", async () => {
    const { owner, bot } = await workspace();
    await createRule(owner.token, {
      name: "VIP",
      trigger: { type: "conversation_created" },
      conditions: [{ type: "page_url", op: "contains", value: "/pricing" }, { type: "visit_count", op: "gte", value: 1 }],
      actions: [{ type: "add_tag", tags: ["vip"] }, { type: "send_message", text: "Hi {{visitor.name}}, a specialist will be with you." }],
    });
    await createRule(owner.token, { name: "Japan", trigger: { type: "conversation_created" }, conditions: [{ type: "country", in: ["JP"] }], actions: [{ type: "add_tag", tags: ["japan"] }] });
    const chat = await visitorChat(bot.public_key);
    await chat.visitor.next(isBot("Hi there, a specialist will be with you."), 15_000);
    const lines = await waitForLines(owner.token, chat.conversationId, ["Rule “VIP” tagged vip", "Rule “VIP” sent a message"]);
    expect(lines).toEqual(["Rule “VIP” tagged vip", "Rule “VIP” sent a message"]);
    const d = await conversationDetail(owner.token, chat.conversationId);
    expect(d.tags).toEqual(["vip"]);
    const event = d.events.find((e) => e.type === "rule_applied")!;
    expect(event).toMatchObject({ actor: expect.stringMatching(/^rule:/), data: { rule_name: "VIP", action: "add_tag", ok: true, trigger: "conversation_created" } });

    // the flush replayed (the same activity message delivered again, twice): nothing runs a second time
    const created = await env.DB.prepare(`SELECT id FROM conversation_events WHERE conversation_id = ?1 AND type = 'created'`).bind(chat.conversationId).first<{ id: string }>();
    const job = { type: "conversation.activity", workspace_id: owner.workspaceId, conversation_id: chat.conversationId, channel: "web", messages: [], events: [{ id: created!.id, type: "created", to_status: null }], visitor_id: null };
    for (let i = 0; i < 2; i++) expect((await deliver(job)).explicitAcks).toHaveLength(1);
    expect(await ruleLines(owner.token, chat.conversationId)).toEqual(lines);
    const bots = (await conversationDetail(owner.token, chat.conversationId)).messages.filter((m) => m.role === "bot" && m.text.includes("specialist"));
    expect(bots).toHaveLength(1);
    chat.visitor.close();
  });

  it("message received: rules run in order, a later rule sees an earlier one's tag, and stop-processing ends the run", async () => {
    const { owner, bot } = await workspace();
    const refund = await createRule(owner.token, {
      name: "Refunds",
      trigger: { type: "message_received" },
      conditions: [{ type: "text_contains", words: ["refund", "money back"] }],
      actions: [{ type: "add_tag", tags: ["refund"] }],
    });
    const priority = await createRule(owner.token, {
      name: "Refund priority",
      trigger: { type: "message_received" },
      conditions: [{ type: "tags", op: "has_any", tags: ["refund"] }],
      actions: [{ type: "set_priority", priority: "high" }],
      stop_processing: true,
    });
    const seen = await createRule(owner.token, { name: "Seen", trigger: { type: "message_received" }, actions: [{ type: "add_tag", tags: ["seen"] }] });
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "Can I get a REFUND?" });
    const lines = await waitForLines(owner.token, chat.conversationId, ["Rule “Refunds” tagged refund", "Rule “Refund priority” set priority to high"]);
    expect(lines).toEqual(["Rule “Refunds” tagged refund", "Rule “Refund priority” set priority to high"]);
    // the stopping rule ended the run: "Seen" never ran for that message
    await new Promise((r) => setTimeout(r, 300));
    expect((await conversationDetail(owner.token, chat.conversationId)).tags).toEqual(["refund"]);

    // new order: Seen first, then the rest; a message without "refund" still meets the tag condition
    const order = await api(`${RULES}/reorder`, { token: owner.token, body: { ids: [seen.id, priority.id, refund.id] } });
    expect(order.status).toBe(200);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "hello again" });
    await waitForLines(owner.token, chat.conversationId, ["Rule “Seen” tagged seen"]);
    await eventually(async () => {
      const l = await ruleLines(owner.token, chat.conversationId);
      if (l.filter((x) => x === "Rule “Refund priority” set priority to high").length !== 2) throw new Error(JSON.stringify(l));
    }, 15_000);
    const all = await ruleLines(owner.token, chat.conversationId);
    expect(all.slice(2)).toEqual(["Rule “Seen” tagged seen", "Rule “Refund priority” set priority to high"]);
    // a disabled rule does nothing
    await api(`${RULES}/${seen.id}`, { method: "PATCH", token: owner.token, body: { enabled: false } });
    await api(`${RULES}/${priority.id}`, { method: "PATCH", token: owner.token, body: { enabled: false } });
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "money back please" });
    await eventually(async () => {
      const l = await ruleLines(owner.token, chat.conversationId);
      if (l.filter((x) => x === "Rule “Refunds” tagged refund").length !== 2) throw new Error(JSON.stringify(l));
    }, 15_000);
    expect((await ruleLines(owner.token, chat.conversationId)).filter((x) => x.startsWith("Rule “Seen”"))).toHaveLength(1);
    chat.visitor.close();
  });

  it("escalated: a rule's priority puts a chatbot's escalations first in the team queue; assign to team and to agent", async () => {
    const { owner, bot, agents, team } = await routedWorkspace(1);
    const vipBot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    await api(`/api/v1/chatbots/${vipBot.id}`, { method: "PATCH", token: owner.token, body: { routing_settings: { team_id: team.id } } });
    await createRule(owner.token, {
      name: "VIP queue",
      trigger: { type: "escalated" },
      conditions: [{ type: "chatbot", in: [vipBot.id] }],
      actions: [{ type: "set_priority", priority: "urgent" }, { type: "add_tag", tags: ["vip"] }],
    });
    const first = await escalate(bot.public_key);
    const second = await escalate(vipBot.public_key);
    await waitForLines(owner.token, second.conversationId, ["Rule “VIP queue” set priority to urgent", "Rule “VIP queue” tagged vip"]);
    const queue = await eventually(async () => {
      const q = await api("/api/v1/teams/queue", { token: owner.token });
      const rows = q.json.data[0].queue as { conversation_id: string; position: number }[];
      if (rows[0]?.conversation_id !== second.conversationId) throw new Error(JSON.stringify(rows));
      return rows;
    }, 10_000);
    expect(queue.map((r) => r.conversation_id)).toEqual([second.conversationId, first.conversationId]);
    expect(await ruleLines(owner.token, first.conversationId)).toEqual([]);

    // assign to a team (its online member takes it) and to a named agent
    const online = await goOnline(agents[0]!);
    const salesBot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    const directBot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    const admin = await addMember(owner.workspaceId, "admin");
    await createRule(owner.token, { name: "To support", trigger: { type: "conversation_created" }, conditions: [{ type: "chatbot", in: [salesBot.id] }], actions: [{ type: "assign_team", team_id: team.id }] });
    await createRule(owner.token, { name: "To admin", trigger: { type: "conversation_created" }, conditions: [{ type: "chatbot", in: [directBot.id] }], actions: [{ type: "assign_agent", agent_id: admin.userId }] });
    const viaTeam = await visitorChat(salesBot.public_key);
    const direct = await visitorChat(directBot.public_key);
    const [teamLine] = await eventually(async () => {
      const l = await ruleLines(owner.token, viaTeam.conversationId);
      if (!l.length) throw new Error("no line yet");
      return l;
    }, 15_000);
    expect(teamLine).toMatch(/^Rule “To support” assigned to Support \(/);
    expect((await conversationDetail(owner.token, viaTeam.conversationId)).assignee?.id).toBe(agents[0]!.userId);
    await waitForLines(owner.token, direct.conversationId, [`Rule “To admin” assigned to ${(await conversationDetailName(owner.token, admin.userId))}`]);
    expect((await conversationDetail(owner.token, direct.conversationId)).assignee?.id).toBe(admin.userId);
    for (const c of [first, second, viaTeam, direct]) c.visitor.close();
    online.close();
  });

  it("resolved and rated: notify by email and call a webhook through the delivery queue; tag on a rating", async () => {
    const { owner, bot } = await workspace();
    const hook = await api("/api/v1/webhooks", { token: owner.token, body: { url: "https://hooks.example.com/rules", events: ["lead.updated"] } });
    expect(hook.status).toBe(201);
    await createRule(owner.token, {
      name: "Closed loop",
      trigger: { type: "resolved" },
      actions: [{ type: "notify_email", to: ["manager@example.com"], message: "A conversation was resolved." }, { type: "call_webhook", webhook_id: hook.json.id }],
    });
    await createRule(owner.token, { name: "Happy", trigger: { type: "rated" }, conditions: [], actions: [{ type: "add_tag", tags: ["rated"] }] });
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "thanks" });
    await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 15_000).catch(() => null);
    expect((await api(`/api/v1/conversations/${chat.conversationId}/resolve`, { token: owner.token, body: {} })).status).toBe(200);
    await waitForLines(owner.token, chat.conversationId, ["Rule “Closed loop” emailed manager@example.com", "Rule “Closed loop” called webhook https://hooks.example.com/rules"]);
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent("manager@example.com")}`);
    const sent = mail.json.data.filter((m: { subject: string; text: string }) => m.subject === "Rule “Closed loop” matched a conversation" && m.text.includes(chat.conversationId));
    expect(sent).toHaveLength(1);
    const hit = await eventually(async () => {
      const h = fake.to("https://hooks.example.com/rules");
      if (!h.length) throw new Error("not delivered yet");
      return h[0]!;
    }, 15_000);
    expect(hit.headers["minichat-event"]).toBe("automation.rule");
    expect(JSON.parse(hit.body)).toMatchObject({ type: "automation.rule", data: { rule: { name: "Closed loop" }, trigger: "resolved", conversation: { id: chat.conversationId } } });
    const rated = await api(`/api/v1/widget/conversations/${chat.conversationId}/rating`, { token: chat.token, body: { rating: 5 }, headers: { origin: ORIGIN } });
    expect(rated.status, rated.text).toBe(200);
    await waitForLines(owner.token, chat.conversationId, ["Rule “Happy” tagged rated"]);
    chat.visitor.close();
  });

  it("send a canned response, start a flow, resolve; idle conversations get a nudge once per quiet spell, then close", async () => {
    const { owner, bot } = await workspace();
    const canned = await api("/api/v1/canned-responses", { token: owner.token, body: { title: "Hours", shortcut: "/hours", text: "We answer 9:00–18:00, {{visitor.name}}." } });
    expect(canned.status).toBe(201);
    const graph = { schema_version: 1, start: "hello", nodes: [{ type: "message", id: "hello", text: "Welcome to the survey.", next: "bye" }, { type: "end", id: "bye", text: "Thanks!" }] };
    const { flow } = await publishFlow(owner.token, bot.id, graph, { type: "keyword", value: "survey-only" });
    await createRule(owner.token, { name: "Welcome", trigger: { type: "conversation_created" }, actions: [{ type: "send_canned", canned_response_id: canned.json.id }, { type: "start_flow", flow_id: flow.id }] });
    await createRule(owner.token, { name: "Goodbye", trigger: { type: "message_received" }, conditions: [{ type: "text_contains", words: ["bye"] }], actions: [{ type: "resolve" }] });
    const chat = await visitorChat(bot.public_key);
    await chat.visitor.next(isBot("We answer 9:00–18:00, there."), 15_000);
    await chat.visitor.next(isBot("Welcome to the survey."), 15_000);
    await waitForLines(owner.token, chat.conversationId, ["Rule “Welcome” sent canned response /hours", "Rule “Welcome” started flow Test flow"]);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "ok bye" });
    await waitForLines(owner.token, chat.conversationId, ["Rule “Goodbye” resolved the conversation"]);
    expect((await conversationDetail(owner.token, chat.conversationId)).status).toBe("resolved");
    chat.visitor.close();

    // idle: a nudge after 30 quiet minutes (once), closed after 120
    await createRule(owner.token, { name: "Nudge", trigger: { type: "idle", minutes: 30 }, actions: [{ type: "send_message", text: "Are you still there?" }] });
    await createRule(owner.token, { name: "Tidy", trigger: { type: "idle", minutes: 120 }, actions: [{ type: "close" }] });
    const quiet = await visitorChat(bot.public_key);
    quiet.visitor.send({ type: "message:send", client_id: cid(), text: "let me think" });
    await eventually(async () => {
      const n = await env.DB.prepare(`SELECT count(*) AS n FROM messages WHERE conversation_id = ?1 AND role = 'visitor'`).bind(quiet.conversationId).first<number>("n");
      if (!n) throw new Error("not mirrored yet");
    }, 10_000);
    const idleLines = async () => (await ruleLines(owner.token, quiet.conversationId)).filter((l) => !l.startsWith("Rule “Welcome”"));
    await scanIdleConversations(env, Date.now() + 10 * 60_000);
    expect(await idleLines()).toEqual([]);
    await scanIdleConversations(env, Date.now() + 31 * 60_000);
    await quiet.visitor.next(isBot("Are you still there?"), 10_000);
    await waitForLines(owner.token, quiet.conversationId, ["Rule “Nudge” sent a message"]);
    // the nudge itself does not start a new quiet spell: no second nudge
    await scanIdleConversations(env, Date.now() + 65 * 60_000);
    expect((await idleLines()).filter((l) => l.startsWith("Rule “Nudge”"))).toHaveLength(1);
    await scanIdleConversations(env, Date.now() + 125 * 60_000);
    await waitForLines(owner.token, quiet.conversationId, ["Rule “Tidy” closed the conversation"]);
    expect((await conversationDetail(owner.token, quiet.conversationId)).status).toBe("archived");
    quiet.visitor.close();
  });

  it("order paid and order abandoned run their rules once per order event", async () => {
    const { owner, bot } = await workspace();
    await createRule(owner.token, { name: "Paid", trigger: { type: "order_paid" }, actions: [{ type: "add_tag", tags: ["customer"] }, { type: "remove_tag", tags: ["cart"] }] });
    await createRule(owner.token, { name: "Abandoned", trigger: { type: "order_abandoned" }, actions: [{ type: "add_tag", tags: ["abandoned-cart"] }] });
    const buyer = await visitorChat(bot.public_key);
    const leaver = await visitorChat(bot.public_key);
    await api(`/api/v1/conversations/${buyer.conversationId}/tags`, { method: "PUT", token: owner.token, body: { tags: ["cart"] } });
    // what commerce writes when an order is paid / expires unpaid
    const now = new Date().toISOString();
    for (const [i, conv, status] of [[1, buyer.conversationId, "paid"], [2, leaver.conversationId, "expired"]] as const) {
      const orderId = `ord_rules${i}${Date.now().toString(36)}`;
      await env.DB.batch([
        env.DB.prepare(
          `INSERT INTO orders (id, workspace_id, number, conversation_id, status, currency, subtotal, total, payment_method, customer_name, customer_phone, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, 'THB', 59000, 59000, 'promptpay', 'Nok', '0812345678', ?6, ?6)`,
        ).bind(orderId, owner.workspaceId, 1000 + i, conv, status, now),
        env.DB.prepare(`INSERT INTO order_events (id, order_id, workspace_id, from_status, to_status, actor, created_at) VALUES (?1, ?2, ?3, 'pending_payment', ?4, 'system', ?5)`).bind(
          `oev_${orderId}`, orderId, owner.workspaceId, status, now,
        ),
      ]);
    }
    expect(await scanOrderEvents(env)).toBeGreaterThanOrEqual(2);
    expect(await ruleLines(owner.token, buyer.conversationId)).toEqual(["Rule “Paid” tagged customer", "Rule “Paid” removed tag cart"]);
    expect((await conversationDetail(owner.token, buyer.conversationId)).tags).toEqual(["customer"]);
    expect(await ruleLines(owner.token, leaver.conversationId)).toEqual(["Rule “Abandoned” tagged abandoned-cart"]);
    // the next scan sees the same order events and runs nothing again
    await scanOrderEvents(env);
    expect(await ruleLines(owner.token, buyer.conversationId)).toHaveLength(2);
    buyer.visitor.close();
    leaver.visitor.close();
  });
});

async function conversationDetailName(token: string, userId: string): Promise<string> {
  const members = await api("/api/v1/members", { token });
  return (members.json.data as { user_id?: string; id?: string; name: string }[]).find((m) => (m.user_id ?? m.id) === userId)!.name;
}
