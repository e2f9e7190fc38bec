import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";

async function newKey(token: string, name = "Sync") {
  const res = await api("/api/v1/api-keys", { token, body: { name, scopes: ["team:read"] } });
  expect(res.status).toBe(201);
  return { key: res.json.key as string, id: res.json.id as string };
}

describe("API key request limits per plan", () => {
  it("counts down in RateLimit headers, answers 429 with Retry-After when the hour is spent, and keys are counted apart", async () => {
    const owner = await registerOwner({ plan: "free" });
    const a = await newKey(owner.token, "Key A");
    const b = await newKey(owner.token, "Key B");

    const first = await api("/api/v1/members", { token: a.key });
    expect(first.status).toBe(200);
    expect(first.headers.get("RateLimit-Limit")).toBe("100");
    expect(first.headers.get("RateLimit-Remaining")).toBe("99");
    const reset = Number(first.headers.get("RateLimit-Reset"));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(3600);

    for (let i = 0; i < 99; i++) expect((await api("/api/v1/members", { token: a.key })).status).toBe(200);
    const over = await api("/api/v1/members", { token: a.key });
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe("RATE_LIMITED");
    expect(over.headers.get("Retry-After")).toBe(over.headers.get("RateLimit-Reset"));
    expect(over.headers.get("RateLimit-Remaining")).toBe("0");

    const other = await api("/api/v1/members", { token: b.key });
    expect(other.status).toBe(200);
    expect(other.headers.get("RateLimit-Remaining")).toBe("99");

    // the dashboard's own sessions are not API-key traffic
    expect((await api("/api/v1/members", { token: owner.token })).status).toBe(200);
  });

  it("a higher plan lifts the limit at once", async () => {
    const owner = await registerOwner({ plan: "free" });
    const k = await newKey(owner.token);
    await api("/api/v1/dev/plan", { token: owner.token, body: { plan: "pro" } });
    const res = await api("/api/v1/members", { token: k.key });
    expect(res.headers.get("RateLimit-Limit")).toBe("2000");
  });

  it("records when a key was last used without a database write per request", async () => {
    const owner = await registerOwner();
    const k = await newKey(owner.token);
    for (let i = 0; i < 5; i++) await api("/api/v1/members", { token: k.key });
    await new Promise((r) => setTimeout(r, 50));
    const row = await env.DB.prepare("select last_used_at from api_keys where id = ?").bind(k.id).first<{ last_used_at: string | null }>();
    expect(row?.last_used_at).toBeTruthy();
  });
});
