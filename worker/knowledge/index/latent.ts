import { nowIso } from "../../lib/ids";
import { sendIngest } from "../ingest/messages";
import { buildLatent, decodeBasis, encodeBasis, type LatentBasis } from "../search/latent";

/**
 * The chatbot's latent (LSA) term basis, stored in `knowledge_latent`. Built
 * from all of the chatbot's passages when there is none yet or when the
 * passage count has moved by a quarter since the last build (none below 256 passages), so a
 * knowledge base filled page by page is built a handful of times, not once per
 * page; in between, passages are folded in with the existing basis at
 * question time (terms it does not know are left out).
 */
export const LATENT = {
  dims: 64,
  minDf: 2,
  maxDfShare: 0.5,
  maxTerms: 15_000,
  power: 1,
  /** rebuilt when the passage count has grown by a quarter (or shrunk by a fifth) since the last build: a basis built from about half of the passages lost the gain on the evaluation sets */
  rebuildGrowth: 1.25,
  /** below this many passages a basis of `dims` dimensions is close to the plain term space: none is built */
  minPassages: 256,
};

export function latentStampStatement(env: Env, chatbotId: string): D1PreparedStatement {
  return env.DB.prepare(`select built_at, passages from knowledge_latent where chatbot_id = ?1`).bind(chatbotId);
}

type LatentDue = "build" | "drop" | null;

/** What the chatbot's basis needs after an index change: a (re)build, dropping, or nothing. */
async function latentDue(env: Env, chatbotId: string): Promise<LatentDue> {
  const [stamp, count] = await env.DB.batch<{ built_at?: string; passages?: number; n?: number }>([
    latentStampStatement(env, chatbotId),
    env.DB.prepare(`select count(*) as n from chunks where chatbot_id = ?1`).bind(chatbotId),
  ]);
  const built = stamp!.results[0]?.passages;
  const n = count!.results[0]?.n ?? 0;
  if (n < LATENT.minPassages) return built ? "drop" : null;
  if (built && n <= built * LATENT.rebuildGrowth && n * LATENT.rebuildGrowth >= built) return null;
  return "build";
}

/**
 * After an index change: drops the basis of a chatbot with too few passages
 * at once, and hands a due rebuild (a truncated SVD over every passage,
 * about 3 s at 10,000 passages) to the ingestion queue, so the request or job
 * that changed the index does not wait for it. Questions meanwhile fold the
 * new passages into the previous basis. Without a queue binding it runs inline.
 */
export async function scheduleLatent(env: Env, ref: { workspaceId: string; chatbotId: string }): Promise<void> {
  const due = await latentDue(env, ref.chatbotId);
  if (due === "build" && env.INGEST) await sendIngest(env, { type: "latent_basis", workspace_id: ref.workspaceId, chatbot_id: ref.chatbotId });
  else await apply(env, ref.chatbotId, due);
}

/** The queue's job: rebuilds the basis if it is still due (a repeated or late job finds it done and does nothing). */
export async function refreshLatent(env: Env, chatbotId: string): Promise<void> {
  await apply(env, chatbotId, await latentDue(env, chatbotId));
}

async function apply(env: Env, chatbotId: string, due: LatentDue): Promise<void> {
  if (due === "drop") await dropLatent(env, chatbotId);
  else if (due === "build") await buildLatentBasis(env, chatbotId);
}

function dropLatent(env: Env, chatbotId: string) {
  return env.DB.prepare(`delete from knowledge_latent where chatbot_id = ?1`).bind(chatbotId).run();
}

async function buildLatentBasis(env: Env, chatbotId: string): Promise<void> {
  const res = await env.DB.prepare(
    `select f.title as title, f.headings as headings, f.body as body from chunks c join chunks_fts f on f.rowid = c.rowid where c.chatbot_id = ?1`,
  )
    .bind(chatbotId)
    .all<{ title: string; headings: string; body: string }>();
  const basis = buildLatent(
    res.results.map((r) => ({ terms: `${r.title} ${r.headings} ${r.body}`.split(" ").filter(Boolean) })),
    LATENT.dims,
    LATENT,
  );
  const { terms, blob } = encodeBasis(basis);
  await env.DB.prepare(
    `insert into knowledge_latent (chatbot_id, passages, dims, terms, basis, built_at) values (?1, ?2, ?3, ?4, ?5, ?6)
     on conflict (chatbot_id) do update set passages = excluded.passages, dims = excluded.dims, terms = excluded.terms, basis = excluded.basis, built_at = excluded.built_at`,
  )
    .bind(chatbotId, res.results.length, basis.dims, terms, blob, `${nowIso()}#${crypto.randomUUID()}`)
    .run();
}

const cache = new Map<string, { stamp: string; basis: LatentBasis }>();
const MAX_CACHED = 8;

/** The stored basis for a stamp read with the question's first batch; decoded once per isolate and build. */
export async function loadLatent(env: Env, chatbotId: string, stamp: string | undefined): Promise<LatentBasis | null> {
  if (!stamp) return null;
  const hit = cache.get(chatbotId);
  if (hit?.stamp === stamp) return hit.basis;
  const row = await env.DB.prepare(`select dims, terms, basis, built_at from knowledge_latent where chatbot_id = ?1`)
    .bind(chatbotId)
    .first<{ dims: number; terms: string; basis: ArrayBuffer; built_at: string }>();
  if (!row) return null;
  const basis = decodeBasis(row.dims, row.terms, row.basis);
  if (cache.size >= MAX_CACHED && !cache.has(chatbotId)) cache.delete(cache.keys().next().value!);
  cache.set(chatbotId, { stamp: row.built_at, basis });
  return basis;
}
