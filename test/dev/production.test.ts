import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { registerOwner, uniqueEmail } from "../helpers";

const production = { ...env, APP_ENV: "production" } as Env;

/** Calls the Worker as it runs when deployed with the configuration wrangler.toml ships. */
async function prod(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://minichat.example.com${path}`, init), production, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text };
}

const DEV_ROUTES: [string, string][] = [
  ["GET", "/api/v1/dev/mail"],
  ["GET", "/api/v1/dev/mail?to=victim@example.com"],
  ["DELETE", "/api/v1/dev/mail"],
  ["POST", "/api/v1/dev/seed"],
  ["GET", "/api/v1/dev/seed"],
  ["GET", "/api/v1/dev"],
  ["POST", "/api/v1/dev/anything"],
];

describe("production configuration", () => {
  it("answers 404 on every dev route in a production-configured app", async () => {
    for (const [method, path] of DEV_ROUTES) {
      const res = await prod(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json?.error?.code, `${method} ${path}`).toBe("NOT_FOUND");
    }
  });

  it("does not mount dev routes at all: the OpenAPI document of production lists none", async () => {
    const res = await prod("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const paths = Object.keys(res.json.paths);
    expect(paths.some((p) => p.startsWith("/api/v1/auth/"))).toBe(true);
    expect(paths.filter((p) => p.includes("/dev"))).toEqual([]);
  });

  it("does not report the environment from the health check", async () => {
    const res = await prod("/api/v1/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok", db: true, checks: { d1: true, r2: true, durable_objects: true, queues: true } });
    expect(res.text).not.toMatch(/production|development|test/);
  });

  it("never stores a password-reset link readable in dev_mail without an email provider", async () => {
    const owner = await registerOwner();
    const before = await env.DB.prepare("select count(*) as n from dev_mail").first<{ n: number }>();
    const res = await prod("/api/v1/auth/forgot-password", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.200" },
      body: JSON.stringify({ email: owner.email }),
    });
    expect(res.status).toBe(200);
    const after = await env.DB.prepare("select count(*) as n from dev_mail").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
    const leaked = await env.DB.prepare("select count(*) as n from dev_mail where text like '%reset-password?token=%'").first<{ n: number }>();
    expect(leaked?.n).toBe(0);
  });

  it("never stores a verification link readable in dev_mail when someone registers in production", async () => {
    const email = uniqueEmail("prod");
    const res = await prod("/api/v1/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.201" },
      body: JSON.stringify({ email, password: "Blue-Kettle-42!", name: "Pia", workspace_name: "Prod Shop" }),
    });
    expect(res.status).toBe(201);
    const rows = await env.DB.prepare(`select count(*) as n from dev_mail where "to" = ?`).bind(email).first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });
});
