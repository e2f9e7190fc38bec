import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { addMember, createBot } from "../chatbots/fixtures";
import { BASE, api, conversationStub, registerOwner, uniqueIp } from "../helpers";

export const ORIGIN = "https://shop.example.com";

/** Collects the frames of one socket and waits for the ones a test expects, with a timeout instead of hanging. */
export class Frames {
  readonly frames: any[] = [];
  closed: { code: number; reason: string } | null = null;
  private cursor = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.accept();
    ws.addEventListener("message", (e) => {
      this.frames.push(JSON.parse(typeof e.data === "string" ? e.data : new TextDecoder().decode(e.data as ArrayBuffer)));
      this.wake();
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      this.wake();
    });
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /**
   * The next frame (after those already taken) matching `match`; frames before it are skipped.
   * The timeout only stops a hang: a first bot answer on a loaded machine can take seconds.
   */
  async next(match: string | ((f: any) => boolean), timeoutMs = 10_000): Promise<any> {
    const test = typeof match === "string" ? (f: any) => f.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.cursor; i < this.frames.length; i++) {
        if (test(this.frames[i])) {
          this.cursor = i + 1;
          return this.frames[i];
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${typeof match === "string" ? match : "frame"}; got ${JSON.stringify(this.frames.slice(this.cursor))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * A frame matching `match` among all frames received so far or arriving within
   * the timeout, wherever it sits; the cursor does not move. For frames whose
   * relative order the test does not assert.
   */
  async seen(match: string | ((f: any) => boolean), timeoutMs = 10_000): Promise<any> {
    const test = typeof match === "string" ? (f: any) => f.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(test);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${typeof match === "string" ? match : "frame"}; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits `ms` and returns the frames that arrived (after the cursor) meanwhile. */
  async quiet(ms = 300): Promise<any[]> {
    await new Promise((r) => setTimeout(r, ms));
    const out = this.frames.slice(this.cursor);
    this.cursor = this.frames.length;
    return out;
  }

  async waitClosed(timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close() {
    try {
      this.ws.close(1000, "done");
    } catch {}
  }
}

/** Opens a socket through the Worker like a browser would. */
export async function connect(path: string, init: { token?: string; protocols?: string } = {}) {
  const headers: Record<string, string> = { upgrade: "websocket" };
  if (init.protocols) headers["sec-websocket-protocol"] = init.protocols;
  else if (init.token) headers["sec-websocket-protocol"] = `minichat.v1, bearer.${init.token}`;
  const res = await exports.default.fetch(new Request(`${BASE}${path}`, { headers }));
  if (!res.webSocket) return { status: res.status, body: await res.text(), frames: null as Frames | null, res };
  return { status: res.status, body: "", frames: new Frames(res.webSocket), res };
}

/** A workspace with an owner, a chatbot allowing ORIGIN, and an agent and a viewer. */
export async function setupWorkspace(botBody: Record<string, unknown> = {}) {
  const owner = await registerOwner({ name: "Olivia Owner" });
  const bot = await createBot(owner.token, { allowed_origins: [ORIGIN], ...botBody });
  const agent = await addMember(owner.workspaceId, "agent");
  const viewer = await addMember(owner.workspaceId, "viewer");
  return { owner, bot, agent, viewer };
}

/** An agent socket (`ws`, past its hello) on a new conversation the agent already holds; the bot is off. `visitorFirst`: what the visitor said before the takeover. */
export async function holdingAgent(opts: { visitorFirst?: string } = {}) {
  const { owner, bot, agent } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
  const chat = await visitorChat(bot.public_key);
  if (opts.visitorFirst) {
    chat.visitor.send({ type: "message:send", client_id: cid(), text: opts.visitorFirst });
    await chat.visitor.next("message:ack");
  }
  const takeover = await api(`/api/v1/conversations/${chat.conversationId}/takeover`, { token: agent.token, body: {} });
  if (takeover.status !== 200) throw new Error(`takeover failed ${takeover.status} ${takeover.text}`);
  const sock = await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: agent.token });
  if (!sock.frames) throw new Error(`agent socket refused ${sock.status} ${sock.body}`);
  await sock.frames.next("hello");
  return { owner, agent, chat, ws: sock.frames };
}

/** A visitor session from its own network address (so the per-network session limits never trip a suite). */
export async function startSession(chatbotKey: string, extra: Record<string, unknown> = {}, origin = ORIGIN) {
  return api("/api/v1/widget/session", {
    body: { chatbot_key: chatbotKey, page: { url: `${ORIGIN}/pricing`, title: "Pricing", referrer: "https://google.com/" }, ...extra },
    headers: { origin, "cf-connecting-ip": uniqueIp(), "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36" },
  });
}

/** A visitor session plus a new conversation and the visitor's socket on it. */
export async function visitorChat(chatbotKey: string, body: Record<string, unknown> = {}) {
  const session = await startSession(chatbotKey);
  if (session.status !== 200) throw new Error(`session failed ${session.status} ${session.text}`);
  const token = session.json.visitor_token as string;
  const conv = await api("/api/v1/widget/conversations", { token, body, headers: { origin: ORIGIN } });
  if (conv.status !== 201) throw new Error(`conversation failed ${conv.status} ${conv.text}`);
  const sock = await connect(`/api/v1/widget/conversations/${conv.json.id}/ws`, { token });
  if (!sock.frames) throw new Error(`socket refused ${sock.status} ${sock.body}`);
  await sock.frames.next("hello");
  return { token, visitorId: session.json.visitor_id as string, conversationId: conv.json.id as string, visitor: sock.frames, session };
}

let n = 0;
export const cid = () => `c${Date.now().toString(36)}${++n}`;

/** Retries `fn` until it stops throwing (D1 mirroring happens just after the frames go out); the bound only stops a hang. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export { conversationStub, inObject, storedState } from "../helpers";

/**
 * Evicts one conversation's object, as the platform does when it is idle or
 * moved: its memory is gone, its storage stays. Only that object: the pool's
 * `abortAllDurableObjects()` resets every object of the runtime, including
 * those of other test files running at the same time.
 */
export async function evict(conversationId: string) {
  await runInDurableObject(conversationStub(conversationId), (_i, state) => {
    try {
      state.abort("evicted by the test");
    } catch {
      // abort() throws in the caller by design
    }
  }).catch(() => undefined);
}
