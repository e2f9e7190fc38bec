import { timingSafeEqual } from "../../../common/crypto";
import { hmacHex } from "../../../common/hmac";
import { newId } from "../../../common/ids";
import { AppError, notFound } from "../../lib/errors";
import type { AnalyticsFilter } from "../filters";
import { COLUMNS, csvLine, type ExportKind, PAGE_ROWS, pageOf } from "./csv";

/**
 * CSV exports as background jobs: `POST /analytics/exports` records a job and
 * queues its first step on OUTBOUND; each step writes up to STEP_ROWS rows as
 * one R2 part (`exports/<workspace>/<job>/<n>.csv`), saves the cursor and
 * queues the next step, so a 100k-row export never runs inside one request
 * and a retried step rewrites the same part. The download link is signed and
 * streams the parts in order.
 */
export const STEP_ROWS = PAGE_ROWS * 5;
/** How long a download link stays valid. */
export const LINK_TTL_SECONDS = 15 * 60;

export interface ExportRow {
  id: string;
  workspace_id: string;
  requested_by: string;
  kind: ExportKind;
  format: string;
  params: string;
  status: "queued" | "running" | "done" | "failed";
  rows: number;
  cursor: string | null;
  parts: number;
  bytes: number;
  r2_key: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

const partKey = (job: Pick<ExportRow, "workspace_id" | "id">, n: number) => `exports/${job.workspace_id}/${job.id}/${String(n).padStart(5, "0")}.csv`;

export interface ExportStepMessage {
  type: "analytics.export";
  export_id: string;
  part: number;
}

export async function createExport(env: Env, f: AnalyticsFilter, kind: ExportKind, userId: string) {
  const id = newId("exp");
  const now = new Date().toISOString();
  const params = JSON.stringify(f);
  await env.DB.prepare(
    `INSERT INTO analytics_exports (id, workspace_id, requested_by, kind, format, params, status, r2_key, created_at) VALUES (?1, ?2, ?3, ?4, 'csv', ?5, 'queued', ?6, ?7)`,
  )
    .bind(id, f.workspaceId, userId, kind, params, `exports/${f.workspaceId}/${id}/`, now)
    .run();
  await env.OUTBOUND.send({ type: "analytics.export", export_id: id, part: 0 } satisfies ExportStepMessage);
  return view(env, (await load(env.DB, f.workspaceId, id))!);
}

const load = (db: D1Database, workspaceId: string, id: string) =>
  db.prepare(`SELECT * FROM analytics_exports WHERE id = ?1 AND workspace_id = ?2`).bind(id, workspaceId).first<ExportRow>();

export async function getExport(env: Env, workspaceId: string, id: string) {
  const job = await load(env.DB, workspaceId, id);
  if (!job) throw notFound("Export");
  return view(env, job);
}

export async function listExports(env: Env, workspaceId: string) {
  const { results } = await env.DB.prepare(`SELECT * FROM analytics_exports WHERE workspace_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 50`)
    .bind(workspaceId)
    .all<ExportRow>();
  return { data: await Promise.all(results.map((j) => view(env, j))) };
}

/** The job as the API shows it; a finished one carries a signed download link. */
async function view(env: Env, j: ExportRow) {
  const f = JSON.parse(j.params) as AnalyticsFilter;
  let download_url: string | null = null;
  let expires_at: string | null = null;
  if (j.status === "done") {
    const exp = Math.floor(Date.now() / 1000) + LINK_TTL_SECONDS;
    download_url = `/api/v1/analytics/exports/${j.id}/download?exp=${exp}&sig=${await signature(env, j.id, exp)}`;
    expires_at = new Date(exp * 1000).toISOString();
  }
  return {
    id: j.id, kind: j.kind, format: j.format, status: j.status, rows: j.rows, bytes: j.bytes, error: j.error,
    filters: { from: f.from, to: f.to, chatbot_id: f.chatbotId, agent_id: f.agentId, channel: f.channel },
    created_at: j.created_at, finished_at: j.finished_at, download_url, expires_at,
  };
}

const signature = (env: Pick<Env, "JWT_SECRET">, id: string, exp: number) => hmacHex(env.JWT_SECRET, `analytics-export:${id}:${exp}`);

/**
 * One step of a job (the OUTBOUND consumer calls it): writes the next part.
 * A message for a part already written (a redelivery) does nothing.
 */
export async function runExportStep(
  env: Env,
  msg: Pick<ExportStepMessage, "export_id" | "part">,
  size: { stepRows: number; pageRows: number } = { stepRows: STEP_ROWS, pageRows: PAGE_ROWS },
): Promise<{ rows: number; done: boolean }> {
  const job = await env.DB.prepare(`SELECT * FROM analytics_exports WHERE id = ?1`).bind(msg.export_id).first<ExportRow>();
  if (!job || job.status === "done" || job.status === "failed" || job.parts !== msg.part) return { rows: 0, done: true };
  const f = JSON.parse(job.params) as AnalyticsFilter;
  let cursor = job.cursor ? (JSON.parse(job.cursor) as string[]) : null;
  let body = msg.part === 0 ? csvLine([...COLUMNS[job.kind]]) : "";
  let rows = 0;
  let done = false;
  while (rows < size.stepRows) {
    const page = await pageOf(env.DB, job.kind, f, cursor, size.pageRows);
    for (const r of page.rows) body += csvLine(r);
    rows += page.rows.length;
    if (!page.next) {
      done = true;
      break;
    }
    cursor = page.next;
  }
  const bytes = new TextEncoder().encode(body).byteLength;
  await env.FILES.put(partKey(job, msg.part), body, { httpMetadata: { contentType: "text/csv; charset=utf-8" } });
  await env.DB.prepare(
    `UPDATE analytics_exports SET status = ?2, rows = rows + ?3, bytes = bytes + ?4, parts = parts + 1, cursor = ?5, finished_at = ?6
     WHERE id = ?1 AND parts = ?7`,
  )
    .bind(job.id, done ? "done" : "running", rows, bytes, cursor ? JSON.stringify(cursor) : null, done ? new Date().toISOString() : null, msg.part)
    .run();
  if (!done) await env.OUTBOUND.send({ type: "analytics.export", export_id: job.id, part: msg.part + 1 } satisfies ExportStepMessage);
  return { rows, done };
}

/** Marks a job failed (its step ran out of retries). */
export async function failExport(env: Env, id: string, reason: string) {
  await env.DB.prepare(`UPDATE analytics_exports SET status = 'failed', error = ?2, finished_at = ?3 WHERE id = ?1 AND status <> 'done'`)
    .bind(id, reason.slice(0, 500), new Date().toISOString())
    .run();
}

/** The file behind a signed link: the parts streamed in order. */
export async function downloadExport(env: Env, id: string, exp: number, sig: string): Promise<Response> {
  if (!Number.isFinite(exp) || exp * 1000 < Date.now() || !timingSafeEqual(sig, await signature(env, id, exp))) {
    throw new AppError(403, "LINK_EXPIRED", "This download link is invalid or has expired; open the export again for a new one");
  }
  const job = await env.DB.prepare(`SELECT * FROM analytics_exports WHERE id = ?1`).bind(id).first<ExportRow>();
  if (!job || job.status !== "done") throw notFound("Export");
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (n >= job.parts) return controller.close();
      const obj = await env.FILES.get(partKey(job, n++));
      if (!obj) return controller.error(new Error("export part missing"));
      controller.enqueue(new Uint8Array(await obj.arrayBuffer()));
    },
  });
  const f = JSON.parse(job.params) as AnalyticsFilter;
  const name = `minichat-${job.kind}-${f.from.slice(0, 10)}-${f.to.slice(0, 10)}.csv`;
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "content-length": String(job.bytes), "cache-control": "private, no-store" },
  });
}
