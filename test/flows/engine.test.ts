import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { api, conversationStub } from "../helpers";
import { cid, eventually, visitorChat } from "../live/helpers";
import { detail, goOnline, routedWorkspace } from "../routing/helpers";
import { SALES_GRAPH, botTexts, isBot, publishFlow, visitorRow } from "./helpers";

/** The tenant's order endpoint, served in the test (no network). */
const seen: { url: string; method: string; body: string }[] = [];
beforeAll(() =>
  setCrawlNetwork({
    resolveHost: async (host) => (host === "internal.shop.test" ? ["10.1.2.3"] : ["93.184.216.34"]),
    fetch: async (req) => {
      seen.push({ url: req.url, method: req.method, body: await req.text() });
      const u = new URL(req.url);
      if (u.pathname.startsWith("/orders/42")) return Response.json({ order: { status: "shipped", eta: "tomorrow" } });
      if (u.pathname.startsWith("/orders/")) return Response.json({ error: "unknown order" }, { status: 404 });
      if (u.pathname === "/bounce") return new Response(null, { status: 302, headers: { location: "https://127.0.0.1/admin" } });
      return Response.json({});
    },
  }),
);
afterEach(() => {
  seen.length = 0;
});
afterAll(() => setCrawlNetwork(null));

const say = (chat: { visitor: { send: (f: unknown) => void } }, text: string, value?: string) =>
  chat.visitor.send({ type: "message:send", client_id: cid(), text, ...(value ? { rich_reply: { value } } : {}) });

describe("flows inside the conversation", { timeout: 60_000 }, () => {
  it("buttons → collect email (bad input re-asks) → hand-off lands in the Sales queue and the online Sales agent gets it, with the email on the contact", async () => {
    const { owner, bot, agents } = await routedWorkspace(1, { name: "Sales" });
    const sales = await api("/api/v1/teams", { token: owner.token });
    const salesId = sales.json.data.find((t: { name: string }) => t.name === "Sales").id as string;
    await publishFlow(owner.token, bot.id, SALES_GRAPH(salesId));
    const hub = await goOnline(agents[0]!);
    const chat = await visitorChat(bot.public_key);
    const welcome = await chat.visitor.next(isBot("Hi! How can we help?"));
    expect(welcome.message.rich.buttons.map((b: { label: string }) => b.label)).toEqual(["Talk to sales", "Just browsing"]);
    const steps: number[] = [];
    let t0 = performance.now();
    say(chat, "Talk to sales", "Talk to sales");
    await chat.visitor.next(isBot("What's your email?"));
    steps.push(performance.now() - t0);
    t0 = performance.now();
    say(chat, "not an email");
    await chat.visitor.next(isBot("That doesn't look like an email address."));
    await chat.visitor.next(isBot("What's your email?"));
    steps.push(performance.now() - t0);
    t0 = performance.now();
    say(chat, "Buyer@Example.com");
    await chat.visitor.next(isBot("Connecting you with Sales."));
    steps.push(performance.now() - t0);
    const assigned = await hub.next((f) => f.type === "inbox:assigned" && f.conversation_id === chat.conversationId && f.agent);
    expect(assigned.agent.id).toBe(agents[0]!.userId);
    expect(await chat.visitor.next("agent:joined")).toMatchObject({ agent: { id: agents[0]!.userId } });
    const d = await detail(owner.token, chat.conversationId);
    expect(d.assignee).toMatchObject({ id: agents[0]!.userId });
    expect(d.queue_position).toBeNull();
    expect((await visitorRow(chat.visitorId))?.email).toBe("buyer@example.com");
    // the bot never answered on its own while the flow ran
    expect(chat.visitor.frames.filter((f) => f.type === "message:receive" && f.message.role === "bot" && f.message.sources)).toHaveLength(0);
    const events = await eventually(async () => {
      const { results } = await env.DB.prepare(`SELECT type FROM conversation_events WHERE conversation_id = ?1 AND type LIKE 'flow_%'`).bind(chat.conversationId).all<{ type: string }>();
      if (!results.some((r) => r.type === "flow_completed")) throw new Error("not yet");
      return results.map((r) => r.type);
    });
    expect(events).toContain("flow_started");
    console.log(`flow step latency (visitor message → next flow message): ${steps.map((s) => s.toFixed(1)).join(" / ")} ms (choice, invalid re-ask, email + hand-off)`);
    hub.close();
    chat.visitor.close();
  });

  it("a keyword starts a flow: collect, set, HTTP with response mapping, condition, tag, a wait by alarm that survives the object being evicted, end", async () => {
    const { owner, bot } = await routedWorkspace(0);
    const graph = {
      schema_version: 1,
      start: "ask",
      nodes: [
        { type: "collect", id: "ask", prompt: "Your order number?", input: "number", save_as: "order_number", retry_text: "Numbers only, please.", next: "label" },
        { type: "set", id: "label", var: "label", value: "Order #{{order_number}}", next: "lookup" },
        { type: "http", id: "lookup", method: "POST", url: "https://shop.test/orders/{{order_number}}", body: '{"n":"{{order_number}}"}', map: { order_status: "order.status", eta: "order.eta" }, next: "check", error_next: "unknown" },
        { type: "condition", id: "check", rules: [{ var: "order_status", op: "equals", value: "SHIPPED", next: "tag" }], else_next: "unknown" },
        { type: "tag", id: "tag", tags: ["order-{{order_status}}"], next: "pause" },
        { type: "message", id: "pause", text: "One moment…", next: "wait" },
        { type: "wait", id: "wait", seconds: 30, next: "done" },
        { type: "end", id: "done", text: "{{label}} is {{order_status}}, arriving {{eta}}." },
        { type: "end", id: "unknown", text: "I could not find {{label}} ({{http_error}})." },
      ],
    };
    await publishFlow(owner.token, bot.id, graph, { type: "keyword", value: "order, track" });
    const chat = await visitorChat(bot.public_key);
    say(chat, "Where is my order?");
    await chat.visitor.next(isBot("Your order number?"));
    say(chat, "forty-two");
    await chat.visitor.next(isBot("Numbers only, please."));
    say(chat, "42");
    await chat.visitor.next(isBot("One moment…"));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: "https://shop.test/orders/42", method: "POST", body: '{"n":"42"}' });
    const stub = conversationStub(chat.conversationId);
    const due = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ at: number }>(`SELECT at FROM schedule WHERE kind = 'flow_wait'`).toArray()[0]?.at ?? 0);
    expect(due - Date.now()).toBeGreaterThan(25_000);
    // the object is evicted mid-flow; the run is in its storage
    chat.visitor.close();
    await abortAllDurableObjects();
    const fresh = conversationStub(chat.conversationId);
    await runInDurableObject(fresh, (_i, state) => {
      state.storage.sql.exec(`UPDATE schedule SET at = 0 WHERE kind = 'flow_wait'`);
    });
    await runDurableObjectAlarm(fresh);
    const history = await api(`/api/v1/widget/conversations/${chat.conversationId}/messages`, { token: chat.token });
    const texts = history.json.data.filter((m: { role: string }) => m.role === "bot").map((m: { text: string }) => m.text);
    expect(texts.at(-1)).toBe("Order #42 is shipped, arriving tomorrow.");
    await eventually(async () => {
      const row = await env.DB.prepare(`SELECT tags FROM conversations WHERE id = ?1`).bind(chat.conversationId).first<{ tags: string }>();
      expect(JSON.parse(row!.tags)).toContain("order-shipped");
    });
  });

  it("the HTTP node refuses loopback, private, metadata and redirects into them, and takes its error path", async () => {
    const { flowHttp } = await import("../../worker/flows/http");
    const call = (url: string) => flowHttp({ method: "GET", url, headers: {}, body: null });
    for (const url of ["https://127.0.0.1/x", "https://localhost/x", "https://10.0.0.5/x", "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://internal.shop.test/x"]) {
      const r = await call(url);
      expect(r.ok, url).toBe(false);
      if (!r.ok) expect(r.code, url).toBe("BLOCKED_HOST");
    }
    const plain = await call("http://shop.test/orders/42");
    expect(plain).toMatchObject({ ok: false, code: "UNSUPPORTED_SCHEME" });
    const bounced = await call("https://shop.test/bounce");
    expect(bounced).toMatchObject({ ok: false, code: "BLOCKED_HOST" });
    expect(seen.map((s) => s.url)).toEqual(["https://shop.test/bounce"]);
    expect(await call("https://shop.test/orders/42")).toMatchObject({ ok: true, status: 200, json: { order: { status: "shipped" } } });
    expect(await call("https://shop.test/orders/7")).toMatchObject({ ok: false, code: "HTTP_ERROR", status: 404 });

    const { owner, bot } = await routedWorkspace(0);
    await publishFlow(owner.token, bot.id, {
      schema_version: 1,
      start: "lookup",
      nodes: [
        { type: "http", id: "lookup", method: "GET", url: "https://169.254.169.254/latest/meta-data", map: { secret: "x" }, next: "leak", error_next: "refused" },
        { type: "end", id: "leak", text: "got {{secret}}" },
        { type: "end", id: "refused", text: "refused: {{http_error}}" },
      ],
    });
    const chat = await visitorChat(bot.public_key);
    await chat.visitor.next(isBot("refused: BLOCKED_HOST"));
    chat.visitor.close();
  });

  it("a takeover pauses the flow; after the hand-back it goes on where it was", async () => {
    const { owner, bot, agents } = await routedWorkspace(1);
    await publishFlow(owner.token, bot.id, SALES_GRAPH(null));
    const chat = await visitorChat(bot.public_key);
    await chat.visitor.next(isBot("Hi! How can we help?"));
    say(chat, "Talk to sales", "Talk to sales");
    await chat.visitor.next(isBot("What's your email?"));
    const took = await api(`/api/v1/conversations/${chat.conversationId}/takeover`, { token: agents[0]!.token, body: {} });
    expect(took.status, took.text).toBe(200);
    say(chat, "paused@example.com");
    const during = await chat.visitor.quiet(600);
    expect(botTexts(during)).toEqual([]);
    expect((await visitorRow(chat.visitorId))?.email ?? null).toBeNull();
    const back = await api(`/api/v1/conversations/${chat.conversationId}/return-to-ai`, { token: agents[0]!.token, body: { bot_mode: "active" } });
    expect(back.status, back.text).toBe(200);
    say(chat, "resumed@example.com");
    await chat.visitor.next(isBot("Connecting you with Sales."));
    expect((await visitorRow(chat.visitorId))?.email).toBe("resumed@example.com");
    chat.visitor.close();
  });

  it("pins the version: a running conversation finishes on the version it started with, new ones start the newly published one", async () => {
    const { owner, bot } = await routedWorkspace(0);
    const graph = (n: number) => ({
      schema_version: 1,
      start: "ask",
      nodes: [
        { type: "collect", id: "ask", prompt: `v${n}: your name?`, input: "text", save_as: "contact.name", next: "bye" },
        { type: "end", id: "bye", text: `v${n}: thanks {{contact.name}}` },
      ],
    });
    const { flow } = await publishFlow(owner.token, bot.id, graph(1));
    const first = await visitorChat(bot.public_key);
    await first.visitor.next(isBot("v1: your name?"));
    const patched = await api(`/api/v1/flows/${flow.id}`, { method: "PATCH", token: owner.token, body: { graph: graph(2) } });
    expect(patched.status, patched.text).toBe(200);
    const v2 = await api(`/api/v1/flows/${flow.id}/publish`, { token: owner.token, body: {} });
    expect(v2.json.version).toBe(2);
    const second = await visitorChat(bot.public_key);
    await second.visitor.next(isBot("v2: your name?"));
    say(first, "Ada");
    await first.visitor.next(isBot("v1: thanks Ada"));
    say(second, "Grace");
    await second.visitor.next(isBot("v2: thanks Grace"));
    expect((await visitorRow(first.visitorId))?.name).toBe("Ada");
    const versions = await api(`/api/v1/flows/${flow.id}/versions`, { token: owner.token });
    expect(versions.json.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    first.visitor.close();
    second.visitor.close();
  });
});
