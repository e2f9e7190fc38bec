import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { runExportStep } from "../worker/analytics/exports/jobs";
import { REBUILD_SQL } from "../worker/analytics/rollup";
import { api, registerOwner } from "../test/helpers";

// Analytics at scale (run by bench/analytics.mjs): one workspace with C conversations whose events
// carry M messages each (visitor messages, bot answers, agent replies) next to N noisy neighbours,
// rollups rebuilt from the events and facts, then every analytics endpoint through the API and the
// CSV export job over every conversation (rows/s, its steps run back to back as the queue would).
const scale = JSON.parse((env as unknown as { BENCH_SCALE: string }).BENCH_SCALE || "{}") as { conversations?: number; messages?: number; neighbours?: number; neighbour_conversations?: number };
const CONVERSATIONS = scale.conversations ?? 100_000;
const MESSAGES = scale.messages ?? 10;
const NEIGHBOURS = scale.neighbours ?? 9;
const NEIGHBOUR_CONVERSATIONS = scale.neighbour_conversations ?? Math.round(CONVERSATIONS / 10);
const ROWS = 5_000;
const SPAN_MS = 90 * 86_400_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

async function seed(workspaceId: string, chatbotId: string, agentId: string, n: number, tag: string) {
  const start = Date.now() - SPAN_MS;
  const at = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', (?3 + (i * ?4 / ?5) + ${expr}) / 1000.0, 'unixepoch')`;
  for (let from = 0; from < n; from += ROWS) {
    const to = Math.min(n, from + ROWS) - 1;
    const range = `WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < CAST(?2 AS INTEGER))`;
    const common = [from, to, start, SPAN_MS, n, tag, workspaceId, chatbotId, agentId, MESSAGES];
    // events: created, first visitor message, M messages alternating visitor / bot (agent after a hand-off), and the outcome
    const ev = (name: string, key: string, when: string, extra = "'', '', NULL, NULL", where = "1") =>
      env.DB.prepare(
        `${range}, k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < CAST(?10 AS INTEGER))
         INSERT INTO analytics_events (id, workspace_id, chatbot_id, conversation_id, channel, name, agent_id, dim, value, started_at, at, rolled_up)
         SELECT 'c_' || ?6 || '_' || i || ':${name}' || ${key}, ?7, ?8, 'c_' || ?6 || '_' || i, 'web', '${name}', ${extra}, ${at(when)}, 1
         FROM n, k WHERE ${where}`,
      ).bind(...common);
    await env.DB.batch([
      ev("conversation_created", "''", "0", undefined, "j = 1"),
      ev("first_visitor_message", "''", "2000", undefined, "j = 1"),
      ev("visitor_message", "':' || j", "j * 20000", undefined, "j % 2 = 1"),
      ev("bot_answered", "':' || j", "j * 20000", "'', CASE WHEN i % 7 = 0 THEN 'smalltalk' ELSE 'question' END, 0.5 + (i % 5) / 10.0, NULL", "j % 2 = 0 AND (i % 3 <> 0 OR j < 4)"),
      ev("agent_reply", "':' || j", "j * 20000", "?9, '', (i % 120) + 5, NULL", "j % 2 = 0 AND i % 3 = 0 AND j >= 4"),
      ev("escalated", "''", "70000", "'', CASE i % 4 WHEN 0 THEN 'explicit_request' WHEN 1 THEN 'low_confidence' ELSE 'frustration' END, NULL, NULL", "j = 1 AND i % 3 = 0"),
      ev("first_agent_response", "''", "70000 + (i % 600) * 1000", "?9, '', i % 600, NULL", "j = 1 AND i % 3 = 0"),
      ev("agent_conversation", "':' || ?9", "65000", "?9, '', NULL, NULL", "j = 1 AND i % 3 = 0"),
      ev("resolved", "''", "900000", "CASE WHEN i % 3 = 0 THEN ?9 ELSE '' END, CASE WHEN i % 3 = 0 THEN 'agent' ELSE 'bot' END, 898, NULL", "j = 1 AND i % 2 = 0"),
      ev("rated", "''", "960000", "'', CAST(1 + i % 5 AS TEXT), 1 + i % 5, NULL", "j = 1 AND i % 4 = 0"),
      env.DB.prepare(
        `${range} INSERT INTO analytics_conversations (conversation_id, workspace_id, chatbot_id, visitor_id, channel, created_at, first_visitor_at, last_visitor_at, last_bot_at,
           substantive, escalated_at, escalation_reason, agent_id, assigned_at, first_response_s, resolved_at, resolved_by, rating, rated_at)
         SELECT 'c_' || ?6 || '_' || i, ?7, ?8, 'v_' || ?6 || '_' || (i % 20000), 'web', ${at("0")}, ${at("2000")}, ${at("?10 * 20000 - 20000")}, ${at("?10 * 20000")},
           CASE WHEN i % 7 = 0 THEN 0 ELSE 1 END,
           CASE WHEN i % 3 = 0 THEN ${at("70000")} END, CASE WHEN i % 3 = 0 THEN 'explicit_request' END, CASE WHEN i % 3 = 0 THEN ?9 END, CASE WHEN i % 3 = 0 THEN ${at("70000")} END,
           CASE WHEN i % 3 = 0 THEN i % 600 END, CASE WHEN i % 2 = 0 THEN ${at("900000")} END, CASE WHEN i % 2 = 0 THEN (CASE WHEN i % 3 = 0 THEN 'agent' ELSE 'bot' END) END,
           CASE WHEN i % 4 = 0 THEN 1 + i % 5 END, CASE WHEN i % 4 = 0 THEN ${at("960000")} END
         FROM n`,
      ).bind(...common),
    ]);
  }
  await env.DB.batch(REBUILD_SQL.split(";").map((s) => s.trim()).filter(Boolean).map((s) => env.DB.prepare(s).bind(workspaceId)));
}

it("measures every analytics endpoint at scale", async () => {
  const t0 = Date.now();
  const owner = await registerOwner({ name: "Bench Owner" });
  const chatbot = "cb_bench_main";
  await seed(owner.workspaceId, chatbot, owner.userId, CONVERSATIONS, "main");
  for (let i = 0; i < NEIGHBOURS; i++) {
    const nb = await registerOwner({ name: `Neighbour ${i}` });
    await seed(nb.workspaceId, `cb_bench_nb${i}`, nb.userId, NEIGHBOUR_CONVERSATIONS, `nb${i}`);
  }
  const seedMs = Date.now() - t0;
  const events = await env.DB.prepare(`SELECT COUNT(*) AS n FROM analytics_events WHERE workspace_id = ?`).bind(owner.workspaceId).first<{ n: number }>();
  const messages = await env.DB.prepare(`SELECT COUNT(*) AS n FROM analytics_events WHERE workspace_id = ? AND name IN ('visitor_message', 'bot_answered', 'agent_reply')`).bind(owner.workspaceId).first<{ n: number }>();

  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const endpoints: Record<string, string> = {
    overview: `/api/v1/analytics/overview?from=${from}`,
    overview_90d: `/api/v1/analytics/overview?from=${new Date(Date.now() - 89 * 86_400_000).toISOString()}`,
    conversations_day: `/api/v1/analytics/conversations?from=${from}&interval=day`,
    conversations_hour: `/api/v1/analytics/conversations?from=${new Date(Date.now() - 7 * 86_400_000).toISOString()}&interval=hour`,
    agents: `/api/v1/analytics/agents?from=${from}`,
    bot: `/api/v1/analytics/bot?from=${from}`,
    satisfaction: `/api/v1/analytics/satisfaction?from=${from}`,
    heatmap: `/api/v1/analytics/heatmap?from=${from}`,
  };
  const result: Record<string, unknown> = {
    conversations: CONVERSATIONS, messages: messages!.n, events: events!.n, neighbours: NEIGHBOURS, neighbour_conversations: NEIGHBOUR_CONVERSATIONS, seed_ms: seedMs,
  };
  const rounds = 10;
  for (const [name, path] of Object.entries(endpoints)) {
    const times: number[] = [];
    for (let r = 0; r < rounds + 1; r++) {
      const s = performance.now();
      const res = await api(path, { token: owner.token });
      const ms = performance.now() - s;
      expect(res.status, res.text).toBe(200);
      if (r > 0) times.push(ms); // the first request loads the lazy module
      if (name === "overview" && r === 0) result.overview_conversations = res.json.conversations;
    }
    result[`${name}_p50_ms`] = pct(times, 50);
    result[`${name}_p95_ms`] = pct(times, 95);
  }
  // the export job: every conversation of the 90 days as CSV, step after step as the queue runs it
  const started = await api("/api/v1/analytics/exports", { token: owner.token, body: { kind: "conversations", from: new Date(Date.now() - 91 * 86_400_000).toISOString() } });
  expect(started.status, started.text).toBe(202);
  const t1 = performance.now();
  for (let part = 0; ; part++) {
    const job = await env.DB.prepare(`SELECT status, parts FROM analytics_exports WHERE id = ?`).bind(started.json.id).first<{ status: string; parts: number }>();
    if (job!.status === "done") break;
    await runExportStep(env, { export_id: started.json.id, part: job!.parts });
  }
  const seconds = (performance.now() - t1) / 1000;
  const job = await api(`/api/v1/analytics/exports/${started.json.id}`, { token: owner.token });
  result.export_rows = job.json.rows;
  result.export_bytes = job.json.bytes;
  result.export_seconds = Math.round(seconds * 10) / 10;
  result.export_rows_per_s = Math.round(job.json.rows / seconds);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
});
