import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";

describe("the member's dashboard language", () => {
  it("follows the browser until chosen, is kept on the account and can be cleared again", async () => {
    const owner = await registerOwner();
    const before = await api("/api/v1/auth/me", { token: owner.token });
    expect(before.json.user.locale).toBeNull();

    const set = await api("/api/v1/auth/me", { method: "PATCH", token: owner.token, body: { locale: "th" } });
    expect(set.status).toBe(200);
    expect(set.json.user.locale).toBe("th");
    expect((await api("/api/v1/auth/me", { token: owner.token })).json.user.locale).toBe("th");

    const renamed = await api("/api/v1/auth/me", { method: "PATCH", token: owner.token, body: { name: "สมศรี" } });
    expect(renamed.json.user).toMatchObject({ name: "สมศรี", locale: "th" });

    const cleared = await api("/api/v1/auth/me", { method: "PATCH", token: owner.token, body: { locale: null } });
    expect(cleared.json.user.locale).toBeNull();
  });

  it("refuses a language the dashboard does not have, and unknown fields", async () => {
    const owner = await registerOwner();
    const bad = await api("/api/v1/auth/me", { method: "PATCH", token: owner.token, body: { locale: "fr" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
    const extra = await api("/api/v1/auth/me", { method: "PATCH", token: owner.token, body: { email: "x@example.com" } });
    expect(extra.status).toBe(400);
    expect((await api("/api/v1/auth/me", { method: "PATCH", body: { locale: "th" } })).status).toBe(401);
  });
});
