import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { seedWorkspace } from "../inbox/seed";

describe("notification preferences", () => {
  it("start from sensible defaults for every event × medium", async () => {
    const ws = await seedWorkspace();
    const res = await api("/api/v1/notifications/preferences", { token: ws.agent.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["assignment", "daily_digest", "escalation", "failed_delivery", "mention", "new_conversation", "offline_message"]);
    expect(res.json.escalation).toEqual({ in_app: true, email: true, push: true });
    expect(res.json.new_conversation).toEqual({ in_app: true, email: false, push: false });
    // the daily summary is asked for, not sent by default
    expect(res.json.daily_digest).toEqual({ in_app: false, email: false, push: false });
  });

  it("change cell by cell, per member, and reject what is not an event or medium", async () => {
    const ws = await seedWorkspace();
    const put = (body: unknown, token = ws.agent.token) => api("/api/v1/notifications/preferences", { method: "PUT", token, body });
    const a = await put({ escalation: { email: false }, new_conversation: { push: true } });
    expect(a.status, a.text).toBe(200);
    expect(a.json.escalation).toEqual({ in_app: true, email: false, push: true });
    expect(a.json.new_conversation).toEqual({ in_app: true, email: false, push: true });
    // a second change keeps the first
    const b = await put({ mention: { in_app: false } });
    expect(b.json.escalation.email).toBe(false);
    expect(b.json.mention.in_app).toBe(false);
    // back to the default is stored as "no difference"
    expect((await put({ escalation: { email: true } })).json.escalation.email).toBe(true);
    // another member is untouched
    expect((await api("/api/v1/notifications/preferences", { token: ws.admin.token })).json.mention.in_app).toBe(true);
    for (const bad of [{ birthday: { email: true } }, { mention: { sms: true } }, { mention: { email: "yes" } }]) {
      const r = await put(bad);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBeTruthy();
    }
    expect((await api("/api/v1/notifications/preferences")).status).toBe(401);
  });
});
