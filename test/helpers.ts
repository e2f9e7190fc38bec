import { exports } from "cloudflare:workers";

export const BASE = "http://127.0.0.1:8787";

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
  const res = await exports.default.fetch(new Request(`${BASE}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body }));
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, headers: res.headers, json, text };
}

let counter = 0;
export const uniqueEmail = (tag = "user") => `${tag}-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2, 6)}@example.com`;
export const STRONG_PASSWORD = "Sup3r$ecret!";

/** Registers a new workspace owner and returns their tokens and ids. */
export async function registerOwner(overrides: Partial<{ email: string; password: string; name: string; workspace_name: string }> = {}) {
  const body = { email: uniqueEmail("owner"), password: STRONG_PASSWORD, name: "Olivia Owner", workspace_name: "Acme Shop", ...overrides };
  const res = await api("/api/v1/auth/register", { body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`register failed: ${res.status} ${res.text}`);
  return {
    email: body.email,
    password: body.password,
    token: res.json.access_token as string,
    refreshToken: res.json.refresh_token as string,
    userId: res.json.user.id as string,
    workspaceId: res.json.user.workspace_id as string,
  };
}
