import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { notify } from "../../worker/notifications/dispatch";
import { api, registerOwner } from "../helpers";

/** An escalation notification for the owner (email is on for escalations by default). */
async function escalationMailed(owner: { workspaceId: string; userId: string; email: string }, key: string) {
  await notify(env, { workspaceId: owner.workspaceId, userIds: [owner.userId], kind: "escalation", dedupeKey: key, conversationId: null, actorName: "Nok", excerpt: "I want to talk to a person" });
  const { results } = await env.DB.prepare(`SELECT text, html FROM dev_mail WHERE "to" = ?1 AND subject LIKE '%waiting for a person%' ORDER BY created_at`).bind(owner.email).all<{ text: string; html: string }>();
  return results;
}

const linkIn = (text: string) => {
  const m = /Stop these emails: (\S+)/.exec(text);
  if (!m) throw new Error(`no unsubscribe link in:\n${text}`);
  // the mailed link names the deployment (APP_URL); the test talks to the Worker directly
  const u = new URL(m[1]!);
  return `${u.pathname}${u.search}`;
};

async function raw(path: string, method = "GET", body?: string) {
  return api(path, { method, ...(body ? { body, headers: { "content-type": "application/x-www-form-urlencoded" } } : {}) });
}

describe("unsubscribing from notification emails", () => {
  it("every notification email has a one-click unsubscribe link for its kind; the link asks first, then turns only that email off", async () => {
    const owner = await registerOwner();
    const [mail] = await escalationMailed(owner, `ev_${Date.now()}a`);
    expect(mail).toBeDefined();
    const link = linkIn(mail!.text);
    expect(mail!.html).toContain("Stop these emails");

    // opening the link (a mail service's link scanner does too) changes nothing
    const asked = await raw(link);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("<form method=\"post\"");
    const still = await api("/api/v1/notifications/preferences", { token: owner.token });
    expect(still.json.escalation.email).toBe(true);

    // the confirm button, or a mail client's RFC 8058 one-click POST
    const done = await raw(link, "POST", "List-Unsubscribe=One-Click");
    expect(done.status).toBe(200);
    expect(done.text).toContain("Unsubscribed");
    const prefs = await api("/api/v1/notifications/preferences", { token: owner.token });
    expect(prefs.json.escalation).toEqual({ in_app: true, email: false, push: true });
    expect(prefs.json.offline_message.email).toBe(true);

    // the next escalation reaches the bell, not the mailbox
    const after = await escalationMailed(owner, `ev_${Date.now()}b`);
    expect(after).toHaveLength(1);
    const listed = await api("/api/v1/notifications", { token: owner.token });
    expect(listed.json.data.filter((n: { type: string }) => n.type === "escalation")).toHaveLength(2);
  });

  it("a link that was altered (another member, another kind, a cut signature) is refused and changes nothing", async () => {
    const owner = await registerOwner();
    const other = await registerOwner();
    const [mail] = await escalationMailed(owner, `ev_${Date.now()}c`);
    const link = linkIn(mail!.text);
    const url = new URL(link, "http://x");
    const variants = [
      (() => { const u = new URL(url); u.searchParams.set("u", other.userId); return u; })(),
      (() => { const u = new URL(url); u.searchParams.set("k", "mention"); return u; })(),
      (() => { const u = new URL(url); u.searchParams.set("s", url.searchParams.get("s")!.slice(0, 20)); return u; })(),
      (() => { const u = new URL(url); u.searchParams.set("k", "everything"); return u; })(),
    ];
    for (const u of variants) {
      for (const method of ["GET", "POST"]) {
        const r = await raw(`${u.pathname}${u.search}`, method, method === "POST" ? "List-Unsubscribe=One-Click" : undefined);
        expect(r.status).toBe(400);
        expect(r.json.error.code).toBe("INVALID_UNSUBSCRIBE_LINK");
      }
    }
    const missing = await raw("/api/v1/unsubscribe?w=x");
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("VALIDATION_ERROR");
    for (const who of [owner, other]) {
      const prefs = await api("/api/v1/notifications/preferences", { token: who.token });
      expect(prefs.json.escalation.email).toBe(true);
      expect(prefs.json.mention.email).toBe(false);
    }
  });
});
