import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sendDailyDigests } from "../../worker/notifications/digest";
import { api } from "../helpers";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";
import { eventually } from "../integrations/fakes";

interface Mail {
  subject: string;
  text: string;
}

const digestsTo = async (to: string): Promise<Mail[]> =>
  (await env.DB.prepare(`SELECT subject, text FROM dev_mail WHERE "to" = ?1 AND subject LIKE '%daily summary%'`).bind(to).all<Mail>()).results;

const emailOf = async (userId: string) => (await env.DB.prepare(`SELECT email FROM users WHERE id = ?1`).bind(userId).first<{ email: string }>())!.email;

describe("the daily digest email", () => {
  it("is off by default; a member who turns it on gets yesterday's figures of the workspace, once a day", async () => {
    const { owner, bot, agent } = await setupWorkspace();
    const prefs = await api("/api/v1/notifications/preferences", { token: owner.token });
    expect(prefs.json.daily_digest).toEqual({ in_app: false, email: false, push: false });

    // a day's work: two conversations, one handed to a person, the other resolved
    const a = await visitorChat(bot.public_key);
    a.visitor.send({ type: "message:send", client_id: cid(), text: "I want to talk to a person" });
    await a.visitor.next("conversation:escalated", 10_000);
    const b = await visitorChat(bot.public_key);
    b.visitor.send({ type: "message:send", client_id: cid(), text: "Do you ship to Chiang Mai?" });
    await b.visitor.next((f) => f.type === "message:receive" && f.message.role !== "visitor", 10_000);
    expect((await api(`/api/v1/conversations/${b.conversationId}/resolve`, { token: owner.token, body: {} })).status).toBe(200);
    await eventually(async () => {
      const n = await env.DB.prepare(`SELECT count(*) AS n FROM conversation_events WHERE workspace_id = ?1 AND type = 'status_changed' AND to_status IN ('escalated', 'resolved')`)
        .bind(owner.workspaceId)
        .first<{ n: number }>();
      if (n!.n < 2) throw new Error("not mirrored yet");
    }, 10_000);

    // nobody asked for it: nothing is sent
    await sendDailyDigests(env, new Date(Date.now() + 60_000));
    expect(await digestsTo(owner.email)).toHaveLength(0);

    const on = await api("/api/v1/notifications/preferences", { method: "PUT", token: owner.token, body: { daily_digest: { email: true } } });
    expect(on.status).toBe(200);
    expect(on.json.daily_digest).toEqual({ in_app: false, email: true, push: false });
    await sendDailyDigests(env, new Date(Date.now() + 60_000));
    const [mail] = await digestsTo(owner.email);
    expect(mail).toBeDefined();
    expect(mail!.subject).toMatch(/^Acme Shop: your daily summary for \d{4}-\d{2}-\d{2}$/);
    expect(mail!.text).toContain("Conversations started: 2");
    expect(mail!.text).toContain("Handed to a person: 1");
    expect(mail!.text).toContain("Resolved: 1");
    expect(mail!.text).toContain("Waiting for a person now: 1");
    expect(mail!.text).toMatch(/Stop these emails: \S+\/api\/v1\/unsubscribe\?/);
    // the agent did not turn it on
    expect(await digestsTo(await emailOf(agent.userId))).toHaveLength(0);

    // a second run the same day sends nothing new
    await sendDailyDigests(env, new Date(Date.now() + 120_000));
    expect(await digestsTo(owner.email)).toHaveLength(1);
  });

  it("only email exists for the digest: asking for it in the app or by push is refused, and nothing changes", async () => {
    const { owner } = await setupWorkspace();
    for (const medium of ["in_app", "push"]) {
      const r = await api("/api/v1/notifications/preferences", { method: "PUT", token: owner.token, body: { daily_digest: { [medium]: true } } });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("VALIDATION_ERROR");
    }
    const prefs = await api("/api/v1/notifications/preferences", { token: owner.token });
    expect(prefs.json.daily_digest).toEqual({ in_app: false, email: false, push: false });
  });
});
