import { env, runInDurableObject } from "cloudflare:test";
import worker from "../worker/index";

export const BASE = "http://127.0.0.1:8787";

/**
 * Background work a request hands to `waitUntil` runs on after its response, as
 * in production; a failure is logged (the runtime logs it there too).
 */
const requestContext = (): ExecutionContext =>
  ({
    waitUntil: (work: Promise<unknown>) => void Promise.resolve(work).catch((err: unknown) => console.error("waitUntil failed:", err)),
    passThroughOnException: () => {},
    props: {},
  }) as unknown as ExecutionContext;

/**
 * The Worker's fetch handler with the test bindings. Called directly: through
 * `exports.default.fetch` the test pool first imports the Worker's main module
 * inside its runner object on every request, a step that grows with every call
 * in a file (about 4 ms for a file's first requests, 45 ms after 300 of them).
 */
export const fetchWorker = (request: Request): Promise<Response> =>
  Promise.resolve(worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, env as unknown as Env, requestContext()));

/** Calls the Worker like a client would. `body` objects are sent as JSON. */
export async function api(
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: BodyInit | undefined;
  if (init.body instanceof FormData || typeof init.body === "string") body = init.body as BodyInit;
  else if (init.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(init.body);
  }
  const res = await fetchWorker(new Request(`${BASE}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body }));
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, headers: res.headers, json, text };
}

let counter = 0;
/** A fresh client address (TEST-NET-3 plus a suffix), so per-IP limits see each test client apart. */
export const uniqueIp = () => `203.0.113.${++counter % 250}-${Math.random().toString(36).slice(2, 8)}`;
export const uniqueEmail = (tag = "user") => `${tag}-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2, 6)}@example.com`;
export const STRONG_PASSWORD = "Sup3r$ecret!";

/** Registers a new workspace owner and returns their tokens and ids. */
export async function registerOwner(
  overrides: Partial<{ email: string; password: string; name: string; workspace_name: string; plan: "free" | "starter" | "pro" | "business" }> = {},
) {
  // New workspaces start on the free plan; most tests exercise features, not
  // limits, so they run on the top plan unless they ask for another.
  const { plan = "business", ...fields } = overrides;
  const body = { email: uniqueEmail("owner"), password: STRONG_PASSWORD, name: "Olivia Owner", workspace_name: "Acme Shop", ...fields };
  const res = await api("/api/v1/auth/register", { body, headers: { "cf-connecting-ip": uniqueIp() } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`register failed: ${res.status} ${res.text}`);
  const token = res.json.access_token as string;
  if (plan !== "free") {
    const switched = await api("/api/v1/dev/plan", { token, body: { plan } });
    if (switched.status !== 200) throw new Error(`plan switch failed: ${switched.status} ${switched.text}`);
  }
  return {
    email: body.email,
    password: body.password,
    token,
    refreshToken: res.json.refresh_token as string,
    userId: res.json.user.id as string,
    workspaceId: res.json.user.workspace_id as string,
  };
}

/**
 * Invites a new person into the owner's workspace with `role`, accepts the
 * invitation from the mailed link, and returns the new member's tokens and ids.
 */
export async function inviteAndAccept(ownerToken: string, role: "owner" | "admin" | "agent" | "viewer", overrides: Partial<{ email: string; name: string }> = {}) {
  const email = overrides.email ?? uniqueEmail(role);
  const invite = await api("/api/v1/invitations", { token: ownerToken, body: { email, role }, headers: { "cf-connecting-ip": uniqueIp() } });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${invite.text}`);
  const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(email)}`);
  const token = String(mail.json?.data?.[0]?.text ?? "").match(/accept-invite[?#]token=([A-Za-z0-9]+)/)?.[1];
  if (!token) throw new Error(`no invitation mail for ${email}`);
  const accepted = await api("/api/v1/invitations/accept", { body: { token, name: overrides.name ?? `Test ${role}`, password: STRONG_PASSWORD } });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return {
    email,
    password: STRONG_PASSWORD,
    token: accepted.json.access_token as string,
    refreshToken: accepted.json.refresh_token as string,
    userId: accepted.json.user.id as string,
    workspaceId: accepted.json.user.workspace_id as string,
    invitationId: invite.json.id as string,
  };
}

/** A conversation's object (by the conversation id it was created under). */
export const conversationStub = (id: string): DurableObjectStub => env.CONVERSATION.get(env.CONVERSATION.idFromName(id));

/** A loosely typed runInDurableObject: the instance's RPC types are too deep for the checker here. */
export const inObject = runInDurableObject as unknown as <T>(stub: unknown, fn: (instance: any, state: DurableObjectState) => T | Promise<T>) => Promise<T>;

/** The conversation object's stored state row, as its own storage holds it (not the live copy in memory). */
export const storedState = (conversationId: string): Promise<Record<string, any>> =>
  runInDurableObject(conversationStub(conversationId), (_i, state) => JSON.parse(state.storage.sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'state'`).one().value));
