import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { emailTranscriptOnResolve } from "../../worker/notify/transcript";
import { api, uniqueEmail } from "../helpers";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";
import { eventually } from "./fakes";

interface Mail {
  subject: string;
  text: string;
  html: string | null;
}

const mailTo = async (to: string): Promise<Mail[]> => (await api(`/api/v1/dev/mail?to=${encodeURIComponent(to)}`)).json.data;

/** A web conversation of a visitor who gave `email`: one question, the bot's answer, then the team resolves it. */
async function resolvedChat(botBody: Record<string, unknown>, opts: { email?: string; question?: string } = {}) {
  const { owner, bot } = await setupWorkspace(botBody);
  const chat = await visitorChat(bot.public_key, opts.email ? { pre_chat: { name: "Nok", email: opts.email } } : {});
  chat.visitor.send({ type: "message:send", client_id: cid(), text: opts.question ?? "Do you ship to Chiang Mai?" });
  await chat.visitor.next((f) => f.type === "message:receive" && f.message.role !== "visitor", 10_000);
  const r = await api(`/api/v1/conversations/${chat.conversationId}/resolve`, { token: owner.token, body: {} });
  expect(r.status).toBe(200);
  const event = await eventually(async () => {
    const e = await env.DB.prepare(`SELECT id FROM conversation_events WHERE conversation_id = ?1 AND type = 'status_changed' AND to_status = 'resolved'`)
      .bind(chat.conversationId)
      .first<{ id: string }>();
    if (!e) throw new Error("the resolve is not mirrored yet");
    return e;
  }, 10_000);
  const job = { type: "conversation.activity" as const, workspace_id: owner.workspaceId, conversation_id: chat.conversationId, channel: "web", messages: [], events: [{ id: event.id, type: "status_changed", to_status: "resolved" }], visitor_id: chat.visitorId };
  return { owner, bot, chat, job };
}

describe("the transcript email on resolve", () => {
  it("a chatbot that offers it mails the visitor the conversation when it is resolved, once", async () => {
    const email = uniqueEmail("visitor");
    const { bot, job } = await resolvedChat({ behavior_settings: { transcript_email: true } }, { email });
    const mail = await eventually(async () => {
      const m = await mailTo(email);
      if (!m.length) throw new Error("no transcript yet");
      return m;
    }, 15_000);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe(`Your conversation with ${bot.name}`);
    expect(mail[0]!.text).toContain("You:\nDo you ship to Chiang Mai?");
    expect(mail[0]!.text).toContain(`${bot.name}:\n`);
    expect(mail[0]!.html).toContain("Do you ship to Chiang Mai?");
    // the same resolution again (a retried queue message) sends nothing more
    await emailTranscriptOnResolve(env, job);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("is in Thai when the visitor wrote Thai", async () => {
    const email = uniqueEmail("visitor");
    const { job } = await resolvedChat({ behavior_settings: { transcript_email: true } }, { email, question: "ส่งของไปเชียงใหม่ไหมคะ" });
    await emailTranscriptOnResolve(env, job);
    const mail = await mailTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(/^บทสนทนาของคุณกับ /);
    expect(mail[0]!.text).toContain("คุณ:\nส่งของไปเชียงใหม่ไหมคะ");
  });

  it("is off by default, and never sent to a visitor who gave no address", async () => {
    const email = uniqueEmail("visitor");
    const off = await resolvedChat({}, { email });
    await emailTranscriptOnResolve(env, off.job);
    expect(await mailTo(email)).toHaveLength(0);

    const anonymous = await resolvedChat({ behavior_settings: { transcript_email: true } });
    const before = await env.DB.prepare(`SELECT count(*) AS n FROM dev_mail WHERE workspace_id = ?1`).bind(anonymous.owner.workspaceId).first<{ n: number }>();
    await emailTranscriptOnResolve(env, anonymous.job);
    const after = await env.DB.prepare(`SELECT count(*) AS n FROM dev_mail WHERE workspace_id = ?1`).bind(anonymous.owner.workspaceId).first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });

  it("the setting is a boolean on the chatbot, false unless turned on", async () => {
    const { owner, bot } = await setupWorkspace();
    const read = await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token });
    expect(read.json.behavior_settings.transcript_email).toBe(false);
    const bad = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { behavior_settings: { transcript_email: "yes" } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
    const again = await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token });
    expect(again.json.behavior_settings.transcript_email).toBe(false);
    const ok = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { behavior_settings: { transcript_email: true } } });
    expect(ok.status).toBe(200);
    expect(ok.json.behavior_settings.transcript_email).toBe(true);
  });
});
