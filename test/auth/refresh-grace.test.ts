import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";

const BROWSER = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", "cf-connecting-ip": "198.51.100.23" };
const refresh = (token: string, headers: Record<string, string> = BROWSER) => api("/api/v1/auth/refresh", { body: { refresh_token: token }, headers });

describe("refreshing from several tabs", () => {
  it("keeps the user signed in when three tabs refresh the same token at once", async () => {
    const owner = await registerOwner();
    const tabs = await Promise.all([refresh(owner.refreshToken), refresh(owner.refreshToken), refresh(owner.refreshToken)]);
    expect(tabs.map((t) => t.status)).toEqual([200, 200, 200]);
    // every tab holds the same successor, and it keeps working
    expect(new Set(tabs.map((t) => t.json.refresh_token)).size).toBe(1);
    for (const t of tabs) expect((await api("/api/v1/auth/me", { token: t.json.access_token })).status).toBe(200);
    const next = await refresh(tabs[0]!.json.refresh_token);
    expect(next.status).toBe(200);
    expect((await api("/api/v1/auth/me", { token: next.json.access_token })).status).toBe(200);
  });

  it("answers a tab that presents the just-rotated token a moment later with the same successor", async () => {
    const owner = await registerOwner();
    const first = await refresh(owner.refreshToken);
    const late = await refresh(owner.refreshToken);
    expect(late.status).toBe(200);
    expect(late.json.refresh_token).toBe(first.json.refresh_token);
    expect(late.headers.get("set-cookie")).toContain(`mc_refresh=${first.json.refresh_token}`);
    // a tab two rotations behind catches up too
    const second = await refresh(first.json.refresh_token);
    const behind = await refresh(owner.refreshToken);
    expect(behind.status).toBe(200);
    expect(behind.json.refresh_token).toBe(second.json.refresh_token);
  });

  it("still treats a rotated token as stolen when another browser presents it", async () => {
    const owner = await registerOwner();
    const first = await refresh(owner.refreshToken);
    const thief = await refresh(owner.refreshToken, { "user-agent": "python-requests/2.32", "cf-connecting-ip": "203.0.113.66" });
    expect(thief.status).toBe(401);
    expect(thief.json.error.code).toBe("REFRESH_TOKEN_REUSED");
    expect((await refresh(first.json.refresh_token)).status).toBe(401);
    expect((await api("/api/v1/auth/me", { token: first.json.access_token })).status).toBe(401);
  });

  it("still treats a rotated token as stolen after the 30-second grace", async () => {
    const owner = await registerOwner();
    const first = await refresh(owner.refreshToken);
    await env.DB.prepare("update sessions set rotated_at = ? where user_id = ? and rotated_at is not null")
      .bind(new Date(Date.now() - 31_000).toISOString(), owner.userId)
      .run();
    const replay = await refresh(owner.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe("REFRESH_TOKEN_REUSED");
    expect((await refresh(first.json.refresh_token)).status).toBe(401);
  });

  it("gives nothing back within the grace once the session was ended", async () => {
    const owner = await registerOwner();
    const first = await refresh(owner.refreshToken);
    await api("/api/v1/auth/logout", { body: { refresh_token: first.json.refresh_token } });
    const late = await refresh(owner.refreshToken);
    expect(late.status).toBe(401);
  });
});
