import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { faqs, type Faq } from "../../db/schema";
import type { AuthContext } from "../../lib/context";
import { conflict, notFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { requireChatbot } from "../sources/chatbot";
import { indexSourceChunks, removeSourceChunks } from "../sources/index-api";
import { cleanTags, normalizeQuestion } from "./normalize";
import type { CreateFaqInput, ListFaqsInput, UpdateFaqInput } from "./schemas";

export function serializeFaq(f: Faq) {
  return {
    id: f.id,
    chatbot_id: f.chatbotId,
    question: f.question,
    answer: f.answer,
    category: f.category,
    tags: f.tags,
    priority: f.priority,
    status: f.status,
    usage_count: f.usageCount,
    embedding_generated: f.status === "active",
    created_by: f.createdBy,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
  };
}
export type FaqDto = ReturnType<typeof serializeFaq>;

/** Keeps the index in step with one FAQ: active ones are one chunk "Q: …\nA: …", others are removed. */
export async function syncFaqIndex(env: Env, faq: Faq): Promise<void> {
  const ref = { workspaceId: faq.workspaceId, chatbotId: faq.chatbotId, sourceType: "faq" as const, sourceId: faq.id };
  if (faq.status === "active") {
    await indexSourceChunks(env, {
      ...ref,
      title: faq.question,
      chunks: [{ text: `Q: ${faq.question}\nA: ${faq.answer}`, section: faq.category ?? null, position: 0 }],
    });
  } else {
    await removeSourceChunks(env, ref);
  }
}

export async function findFaqByQuestion(env: Env, chatbotId: string, question: string): Promise<Faq | undefined> {
  return getDb(env)
    .select()
    .from(faqs)
    .where(and(eq(faqs.chatbotId, chatbotId), eq(faqs.normalizedQuestion, normalizeQuestion(question))))
    .get();
}

/** Creates an FAQ for one of the caller's chatbots and indexes it when active. A duplicate question is a 409. */
export async function createFaq(env: Env, auth: AuthContext, input: CreateFaqInput): Promise<FaqDto> {
  await requireChatbot(env, auth.workspaceId, input.chatbot_id);
  const existing = await findFaqByQuestion(env, input.chatbot_id, input.question);
  if (existing) throw conflict("DUPLICATE_FAQ", "An FAQ with this question already exists for this chatbot", { faq_id: existing.id });
  const now = nowIso();
  const row: Faq = {
    id: newId("faq"),
    workspaceId: auth.workspaceId,
    chatbotId: input.chatbot_id,
    question: input.question,
    normalizedQuestion: normalizeQuestion(input.question),
    answer: input.answer,
    category: input.category ?? null,
    tags: cleanTags(input.tags ?? []),
    priority: input.priority ?? "medium",
    status: input.status ?? "active",
    usageCount: 0,
    createdBy: auth.userId,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await getDb(env).insert(faqs).values(row);
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw conflict("DUPLICATE_FAQ", "An FAQ with this question already exists for this chatbot");
    throw err;
  }
  await syncFaqIndex(env, row);
  return serializeFaq(row);
}

async function loadFaq(env: Env, auth: AuthContext, id: string): Promise<Faq> {
  const row = await getDb(env)
    .select()
    .from(faqs)
    .where(and(eq(faqs.id, id), eq(faqs.workspaceId, auth.workspaceId)))
    .get();
  if (!row) throw notFound("FAQ");
  return row;
}

export async function getFaq(env: Env, auth: AuthContext, id: string): Promise<FaqDto> {
  return serializeFaq(await loadFaq(env, auth, id));
}

export async function listFaqs(env: Env, auth: AuthContext, input: ListFaqsInput) {
  const where: SQL[] = [eq(faqs.workspaceId, auth.workspaceId)];
  if (input.chatbot_id) where.push(eq(faqs.chatbotId, input.chatbot_id));
  if (input.category) where.push(eq(faqs.category, input.category));
  if (input.status) where.push(eq(faqs.status, input.status));
  if (input.q) {
    const pattern = `%${input.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    const text = or(sql`${faqs.question} like ${pattern} escape '\\'`, sql`${faqs.answer} like ${pattern} escape '\\'`);
    if (text) where.push(text);
  }
  const db = getDb(env);
  const cond = and(...where);
  const [rows, count] = await Promise.all([
    db
      .select()
      .from(faqs)
      .where(cond)
      .orderBy(desc(faqs.createdAt), desc(faqs.id))
      .limit(input.limit)
      .offset((input.page - 1) * input.limit),
    db.select({ n: sql<number>`count(*)` }).from(faqs).where(cond).get(),
  ]);
  const total = count?.n ?? 0;
  return {
    data: rows.map(serializeFaq),
    pagination: { page: input.page, limit: input.limit, total, total_pages: Math.ceil(total / input.limit) },
  };
}

export async function updateFaq(env: Env, auth: AuthContext, id: string, input: UpdateFaqInput): Promise<FaqDto> {
  const current = await loadFaq(env, auth, id);
  const next: Faq = {
    ...current,
    question: input.question ?? current.question,
    normalizedQuestion: input.question !== undefined ? normalizeQuestion(input.question) : current.normalizedQuestion,
    answer: input.answer ?? current.answer,
    category: input.category !== undefined ? input.category : current.category,
    tags: input.tags !== undefined ? cleanTags(input.tags) : current.tags,
    priority: input.priority ?? current.priority,
    status: input.status ?? current.status,
    updatedAt: nowIso(),
  };
  if (next.normalizedQuestion !== current.normalizedQuestion) {
    const dup = await findFaqByQuestion(env, current.chatbotId, next.question);
    if (dup && dup.id !== id) throw conflict("DUPLICATE_FAQ", "An FAQ with this question already exists for this chatbot", { faq_id: dup.id });
  }
  const { id: _id, workspaceId: _ws, chatbotId: _cb, createdAt: _c, createdBy: _b, usageCount: _u, ...changes } = next;
  await getDb(env).update(faqs).set(changes).where(and(eq(faqs.id, id), eq(faqs.workspaceId, auth.workspaceId)));
  await syncFaqIndex(env, next);
  return serializeFaq(next);
}

/** Deletes the FAQ and its chunks; answers what was deleted (for the audit log). */
export async function deleteFaq(env: Env, auth: AuthContext, id: string): Promise<{ chatbot_id: string; question: string }> {
  const current = await loadFaq(env, auth, id);
  await removeSourceChunks(env, { workspaceId: current.workspaceId, chatbotId: current.chatbotId, sourceType: "faq", sourceId: id });
  await getDb(env).delete(faqs).where(and(eq(faqs.id, id), eq(faqs.workspaceId, auth.workspaceId)));
  return { chatbot_id: current.chatbotId, question: current.question };
}

