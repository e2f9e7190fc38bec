import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { ORIGIN, cid, eventually, visitorChat } from "../live/helpers";

/** Marks `n` bot replies as already sent this month (the mirror rows the meter counts). */
async function spendAiReplies(workspaceId: string, n: number) {
  const conv = `conv_spent_${workspaceId}`;
  const now = new Date().toISOString();
  const stmts = [];
  for (let i = 1; i <= n; i++) {
    stmts.push(
      env.DB.prepare(`insert into messages (id, workspace_id, conversation_id, seq, role, text, created_at) values (?1, ?2, ?3, ?4, 'bot', 'earlier answer', ?5)`).bind(
        `msg_spent_${workspaceId}_${i}`,
        workspaceId,
        conv,
        i,
        now,
      ),
    );
  }
  for (let i = 0; i < stmts.length; i += 100) await env.DB.batch(stmts.slice(i, i + 100));
}

describe("monthly allowances never fail a visitor silently", () => {
  it("over the AI replies of the plan, the bot hands the visitor to a person and the owner is told", async () => {
    const owner = await registerOwner({ plan: "free" });
    const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    await spendAiReplies(owner.workspaceId, 500);

    const { visitor, conversationId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "What are your opening hours?" });
    const reply = await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 10_000);
    expect(reply.message.text).toMatch(/member of our team will answer/);
    await eventually(async () => {
      const conv = await api(`/api/v1/conversations/${conversationId}`, { token: owner.token });
      expect(conv.json.status).toBe("escalated");
    }, 5_000);
    visitor.close();

    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    expect(mail.json.data.map((m: { subject: string }) => m.subject)).toContainEqual(expect.stringMatching(/used all 500 AI replies/));
    const billing = await api("/api/v1/billing", { token: owner.token });
    expect(billing.json.warnings).toContainEqual(expect.objectContaining({ metric: "ai_replies", level: 100 }));
  });

  it("within the allowance the bot answers as usual, and a warning goes out once at 80 %", async () => {
    const owner = await registerOwner({ plan: "free" });
    const bot = await createBot(owner.token, { allowed_origins: [ORIGIN], ai_settings: { enable_escalation: false } });
    await spendAiReplies(owner.workspaceId, 400);
    const { visitor } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "What are your opening hours?" });
    const reply = await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 10_000);
    expect(reply.message.text).not.toMatch(/member of our team will answer/);
    visitor.close();
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    const warnings = mail.json.data.filter((m: { subject: string }) => /400 of 500 AI replies/.test(m.subject));
    expect(warnings).toHaveLength(1);
  });
});
