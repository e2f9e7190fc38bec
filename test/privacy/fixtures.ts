import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { deliver, documentMessage, multipart } from "../knowledge/sources/helpers";
import { ORIGIN, cid, eventually, visitorChat } from "../live/helpers";

export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);

/** A chatbot with knowledge (an FAQ and an ingested document) for the owner's workspace. */
export async function botWithKnowledge(owner: { token: string; workspaceId: string }, body: Record<string, unknown> = {}) {
  const bot = await createBot(owner.token, { allowed_origins: [ORIGIN], data_collection: { visitor_data_requests: true }, ...body });
  const faq = await api("/api/v1/knowledge-base/faqs", {
    token: owner.token,
    body: { chatbot_id: bot.id, question: "How long does shipping take?", answer: "Shipping takes 3 to 5 business days." },
  });
  expect(faq.status, faq.text).toBe(201);
  const doc = await api("/api/v1/knowledge-base/documents", {
    token: owner.token,
    body: multipart({ chatbot_id: bot.id, file: new File(["Returns are accepted within 30 days of delivery. Refunds take a week."], "returns.txt", { type: "text/plain" }) }),
  });
  expect(doc.status, doc.text).toBe(202);
  await deliver(documentMessage(owner, doc.json.id));
  await eventually(async () => {
    const d = await api(`/api/v1/knowledge-base/documents/${doc.json.id}`, { token: owner.token });
    expect(d.json.status).toBe("completed");
  }, 10_000);
  return bot as { id: string; public_key: string };
}

/**
 * A visitor who chats with the bot (a question answered from the knowledge,
 * logged in kb_queries), uploads a picture, rates the answer with a comment,
 * and gets an internal note from the owner. Returns once D1 mirrors it all.
 */
export async function chattingVisitor(owner: { token: string }, bot: { public_key: string }, question = "How long does shipping take?") {
  const chat = await visitorChat(bot.public_key, { pre_chat: { name: "Vera Visitor", email: "vera@example.com" } });
  chat.visitor.send({ type: "message:send", client_id: cid(), text: question });
  const answer = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 10_000);
  const form = new FormData();
  form.append("file", new File([PNG], "receipt.png", { type: "image/png" }));
  const up = await api(`/api/v1/widget/conversations/${chat.conversationId}/attachments`, { method: "POST", token: chat.token, body: form, headers: { origin: ORIGIN } });
  expect(up.status, up.text).toBe(201);
  const fb = await api("/api/v1/widget/feedback", {
    token: chat.token,
    headers: { origin: ORIGIN },
    body: { conversation_id: chat.conversationId, message_id: answer.message.id, helpful: false, comment: "my order 12345 is late" },
  });
  expect(fb.status, fb.text).toBe(200);
  const note = await api(`/api/v1/conversations/${chat.conversationId}/notes`, { token: owner.token, body: { content: "Vera is a VIP customer" } });
  expect(note.status, note.text).toBe(201);
  await eventually(async () => {
    const n = await env.DB.prepare(`select count(*) as n from messages where conversation_id = ?1 and role = 'bot'`).bind(chat.conversationId).first<{ n: number }>();
    expect(n!.n).toBeGreaterThan(0);
  });
  return { ...chat, attachment: up.json as { id: string; url: string }, botMessageId: answer.message.id as string };
}

export async function populatedWorkspace() {
  const owner = await registerOwner();
  const bot = await botWithKnowledge(owner);
  const chat = await chattingVisitor(owner, bot);
  return { owner, bot, chat };
}

/** Every D1 table with the given column, read from sqlite_master (new tables are covered without a list). */
async function tablesWith(column: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `select m.name as name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name = ?1 and m.name not like 'sqlite_%' and m.name not like '\\_cf\\_%' escape '\\'`,
  )
    .bind(column)
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/**
 * Rows a workspace (and its chatbots) hold in every D1 table that has a
 * `workspace_id` or `chatbot_id` column, plus the chatbot and workspace rows and
 * the workspace's R2 objects. Only tables with rows are listed.
 */
export async function footprint(workspaceId: string, chatbotIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const add = (k: string, n: number) => {
    if (n) out[k] = (out[k] ?? 0) + n;
  };
  for (const t of await tablesWith("workspace_id")) {
    add(`${t}.workspace_id`, (await env.DB.prepare(`select count(*) as n from "${t}" where workspace_id = ?1`).bind(workspaceId).first<{ n: number }>())!.n);
  }
  for (const t of await tablesWith("chatbot_id")) {
    const n = await env.DB.prepare(`select count(*) as n from "${t}" where chatbot_id in (select value from json_each(?1))`).bind(JSON.stringify(chatbotIds)).first<{ n: number }>();
    add(`${t}.chatbot_id`, n!.n);
  }
  add("chatbots", (await env.DB.prepare(`select count(*) as n from chatbots where id in (select value from json_each(?1))`).bind(JSON.stringify(chatbotIds)).first<{ n: number }>())!.n);
  add("workspaces", (await env.DB.prepare(`select count(*) as n from workspaces where id = ?1`).bind(workspaceId).first<{ n: number }>())!.n);
  add("r2", (await env.FILES.list({ prefix: `ws/${workspaceId}/` })).objects.length);
  return out;
}

/** Rows stored in a Durable Object (its SQLite tables and key-value entries), and whether an alarm is set. */
export async function doStorage(stub: DurableObjectStub): Promise<{ rows: number; alarm: boolean }> {
  return runInDurableObject(stub, async (_instance, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_cf\\_%' escape '\\' and name <> '_schema'`)
      .toArray()
      .map((r) => r.name);
    let rows = 0;
    for (const t of tables) rows += state.storage.sql.exec<{ n: number }>(`select count(*) as n from "${t}"`).one().n;
    rows += (await state.storage.list()).size; // key-value entries (kept by the platform in its own table)
    return { rows, alarm: (await state.storage.getAlarm()) !== null };
  });
}

export const hubDo = (workspaceId: string): DurableObjectStub => env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId));

export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);
