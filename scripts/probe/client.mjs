// A small black-box client for the security probe: HTTP calls with a chosen
// client address, sign-ups and invitations through the real API, visitor
// sessions and sockets (the `ws` package; Node 20 has no global WebSocket).
import { randomBytes } from "node:crypto";
import WebSocket from "ws";

export const PASSWORD = "Probe-Quartz-Lantern-73";
export const ORIGIN = "https://shop.probe.example";

let ipCounter = 0;
/** A fresh client address from the benchmarking range (198.18.0.0/15): every actor gets its own. */
export const freshIp = () => {
  ipCounter++;
  return `198.18.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};
export const uniqueEmail = (tag) => `${tag}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@probe.example`;

export class Client {
  constructor(baseUrl, ip = freshIp()) {
    this.baseUrl = baseUrl;
    this.ip = ip;
  }

  async call(method, path, { token, body, headers = {} } = {}) {
    const h = { "cf-connecting-ip": this.ip, ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      h["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers: h, body: payload, redirect: "manual" });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, text, headers: res.headers, ms: performance.now() - started };
  }

  get = (path, init) => this.call("GET", path, init);
  post = (path, body, init = {}) => this.call("POST", path, { ...init, body });
  patch = (path, body, init = {}) => this.call("PATCH", path, { ...init, body });
  put = (path, body, init = {}) => this.call("PUT", path, { ...init, body });
  del = (path, init) => this.call("DELETE", path, init);
}

export function expectStatus(res, allowed, what) {
  const list = Array.isArray(allowed) ? allowed : [allowed];
  if (!list.includes(res.status)) throw new Error(`${what}: expected ${list.join("/")}, got ${res.status} ${res.text.slice(0, 200)}`);
  return res;
}

/** A new workspace owner (own client address). */
export async function registerOwner(baseUrl) {
  const client = new Client(baseUrl);
  const email = uniqueEmail("owner");
  const res = expectStatus(await client.post("/api/v1/auth/register", { email, password: PASSWORD, name: "Probe Owner", workspace_name: "Probe Shop" }), [200, 201], "register");
  return { client, email, token: res.json.access_token, refreshToken: res.json.refresh_token, userId: res.json.user.id, workspaceId: res.json.user.workspace_id };
}

/** Invites `role` into the owner's workspace and accepts from the mailed link (development mailbox). */
export async function inviteMember(baseUrl, owner, role) {
  const client = new Client(baseUrl);
  const email = uniqueEmail(role);
  expectStatus(await owner.client.post("/api/v1/invitations", { email, role }, { token: owner.token }), 201, "invite");
  const mail = await owner.client.get(`/api/v1/dev/mail?to=${encodeURIComponent(email)}`);
  const token = String(mail.json?.data?.[0]?.text ?? "").match(/accept-invite[^\s]*?[?#&]token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no invitation mail for ${email}`);
  const accepted = expectStatus(await client.post("/api/v1/invitations/accept", { token, name: `Probe ${role}`, password: PASSWORD }), 200, "accept invitation");
  return { client, email, token: accepted.json.access_token, refreshToken: accepted.json.refresh_token, userId: accepted.json.user.id, workspaceId: accepted.json.user.workspace_id };
}

export async function createBot(owner, body = {}) {
  const res = expectStatus(
    await owner.client.post("/api/v1/chatbots", { name: `Probe bot ${randomBytes(3).toString("hex")}`, allowed_origins: [ORIGIN], ...body }, { token: owner.token }),
    201,
    "create chatbot",
  );
  return res.json;
}

export async function addFaq(owner, chatbotId, question, answer) {
  return expectStatus(await owner.client.post("/api/v1/knowledge-base/faqs", { chatbot_id: chatbotId, question, answer }, { token: owner.token }), 201, "create FAQ").json;
}

/** A visitor session (own client address unless given) and, optionally, a conversation. */
export async function visitor(baseUrl, bot, { ip, visitorId, visitorSecret } = {}) {
  const client = new Client(baseUrl, ip);
  const session = await client.post(
    "/api/v1/widget/session",
    { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/shop` }, ...(visitorId ? { visitor_id: visitorId, visitor_secret: visitorSecret } : {}) },
    { headers: { origin: ORIGIN } },
  );
  return { client, session, token: session.json?.visitor_token, visitorId: session.json?.visitor_id, secret: session.json?.visitor_secret };
}

export async function startConversation(v) {
  const res = expectStatus(await v.client.post("/api/v1/widget/conversations", {}, { token: v.token, headers: { origin: ORIGIN } }), 201, "new conversation");
  return res.json.id;
}

/** Collects a socket's frames; `next` waits for a matching one with a timeout instead of hanging. */
export class Socket {
  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.closed = null;
    this.unexpected = null;
    this.waiters = [];
    ws.on("message", (data) => {
      try {
        this.frames.push(JSON.parse(data.toString()));
      } catch {
        /* ignore */
      }
      this.wake();
    });
    ws.on("close", (code) => {
      this.closed = { code };
      this.wake();
    });
    ws.on("error", () => {
      this.closed ??= { code: -1 };
      this.wake();
    });
  }

  wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(frame) {
    this.ws.send(JSON.stringify(frame));
  }

  async next(match, timeoutMs = 5000) {
    const test = typeof match === "string" ? (f) => f.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(test);
      if (found) return found;
      if (this.closed) return null;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Waits until the server has closed the socket: its close frame arrived
   * (readyState CLOSING; the client library only reports "close" once the TCP
   * connection ends, which a proxy may hold open for a while) or it is closed.
   */
  async waitClosed(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && this.ws.readyState < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return this.closed ?? (this.ws.readyState >= 2 ? { code: "closing" } : null);
  }

  close() {
    try {
      this.ws.close(1000);
    } catch {
      /* gone */
    }
  }
}

/**
 * Opens a socket with the bearer token beside the subprotocol. Resolves to
 * `{ socket }` on upgrade or `{ status }` when the server refused it.
 */
export function openSocket(baseUrl, path, { token, ip = freshIp() } = {}) {
  return new Promise((resolve) => {
    const protocols = token ? ["minichat.v1", `bearer.${token}`] : ["minichat.v1"];
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}${path}`, protocols, { headers: { "cf-connecting-ip": ip, origin: ORIGIN } });
    ws.once("upgrade", () => resolve({ socket: new Socket(ws) }));
    ws.once("unexpected-response", (_req, res) => {
      resolve({ status: res.statusCode });
      ws.terminate();
    });
    ws.once("error", () => resolve({ status: 0 }));
  });
}
