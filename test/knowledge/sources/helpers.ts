import { env } from "cloudflare:test";
import { addMember, createBot, registerOwner } from "../../chatbots/fixtures";
import { api } from "../../helpers";

export { addMember, api };

/** A fresh workspace owner with one chatbot. */
export async function ownerWithBot() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  return { ...owner, botId: bot.id as string };
}

/** Chunks the index holds for one source, in order. */
export async function chunksOf(sourceType: "faq" | "document" | "url", sourceId: string) {
  const rows = await env.DB.prepare(`select text, page, section, title, url, position from chunks where source_type = ?1 and source_id = ?2 order by position`)
    .bind(sourceType, sourceId)
    .all<{ text: string; page: number | null; section: string | null; title: string; url: string | null; position: number }>();
  return rows.results;
}

/** Rows in the full-text index whose body matches `term` for a chatbot. */
export async function ftsHits(chatbotId: string, term: string) {
  const row = await env.DB.prepare(`select count(*) as n from chunks_fts where chunks_fts match ?1 and chatbot_id = ?2`)
    .bind(term, chatbotId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export async function vectorCount(chatbotId: string) {
  const row = await env.DB.prepare(`select count(*) as n from chunk_vectors where chatbot_id = ?1`).bind(chatbotId).first<{ n: number }>();
  return row?.n ?? 0;
}

export function multipart(fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}
