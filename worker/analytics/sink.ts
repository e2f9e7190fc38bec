import type { AnalyticsRow } from "../../durable-objects/conversation/analytics";

/**
 * The D1 side of the analytics events the ConversationDO's outbox carries
 * (loaded lazily by the flush, see worker/lazy.ts): the event row, ignored
 * when its deterministic id is known, and the conversation's facts row.
 */

type Facts = Partial<Record<
  "first_visitor_at" | "last_visitor_at" | "last_bot_at" | "escalated_at" | "escalation_reason" | "agent_id" | "assigned_at"
  | "resolved_at" | "resolved_by" | "reopened_at" | "abandoned_at" | "rated_at",
  string
> & { substantive: number; first_response_s: number; rating: number }>;

/**
 * Events derived here from the DO's rows: the first assignment of each agent
 * to a conversation (`agent_conversation`, id `<conversation>:agent_conversation:<agent>`,
 * kept only the first time), so "conversations handled" per agent counts a
 * conversation once however often that agent took it or had it transferred back.
 */
function withDerived(rows: AnalyticsRow[]): AnalyticsRow[] {
  const out: AnalyticsRow[] = [];
  for (const r of rows) {
    out.push(r);
    if (r.name === "agent_assigned" && r.agent_id && r.conversation_id) {
      out.push({ ...r, id: `${r.conversation_id}:agent_conversation:${r.agent_id}`, name: "agent_conversation", dim: "", value: null, started_at: null, data: null });
    }
  }
  return out;
}

/** The row's details, null when none are left (an erased visitor's comment removed from an unflushed row). */
const dataOf = (r: AnalyticsRow) => (r.data && Object.keys(r.data).length ? JSON.stringify(r.data) : null);

function factsOf(r: AnalyticsRow): Facts {
  switch (r.name) {
    case "first_visitor_message": return { first_visitor_at: r.at };
    case "visitor_message": return { last_visitor_at: r.at };
    case "bot_answered": return { last_bot_at: r.at, substantive: r.dim === "question" ? 1 : 0 };
    case "escalated": return { escalated_at: r.at, escalation_reason: r.dim };
    case "agent_assigned": return { agent_id: r.agent_id, assigned_at: r.at };
    case "first_agent_response": return { first_response_s: r.value ?? 0 };
    case "resolved": return { resolved_at: r.at, resolved_by: r.dim };
    case "reopened": return { reopened_at: r.at };
    case "abandoned": return { abandoned_at: r.at };
    case "rated": return { rating: r.value ?? 0, rated_at: r.at };
    default: return {};
  }
}

const FACT_COLUMNS = [
  "first_visitor_at", "last_visitor_at", "last_bot_at", "substantive", "escalated_at", "escalation_reason", "agent_id", "assigned_at",
  "first_response_s", "resolved_at", "resolved_by", "reopened_at", "abandoned_at", "rating", "rated_at",
] as const;

const earliest = (c: string) => `CASE WHEN excluded.${c} IS NULL THEN ${c} WHEN ${c} IS NULL OR excluded.${c} < ${c} THEN excluded.${c} ELSE ${c} END`;
const latest = (c: string) => `CASE WHEN excluded.${c} IS NULL THEN ${c} WHEN ${c} IS NULL OR excluded.${c} > ${c} THEN excluded.${c} ELSE ${c} END`;
/** `c` follows the row whose `by` time is the latest (ties: the larger value, so the order of arrival never matters). */
const follows = (c: string, by: string) =>
  `CASE WHEN excluded.${by} IS NULL THEN ${c} WHEN ${by} IS NULL OR excluded.${by} > ${by} OR (excluded.${by} = ${by} AND excluded.${c} > ${c}) THEN excluded.${c} ELSE ${c} END`;

/**
 * Every update is order-independent and idempotent (earliest, latest, max,
 * first-set), so facts arriving twice or out of order end the same. SQLite
 * evaluates every SET expression against the row as it was.
 */
const FACTS_SQL = `INSERT INTO analytics_conversations (conversation_id, workspace_id, chatbot_id, visitor_id, channel, created_at, ${FACT_COLUMNS.join(", ")})
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ${FACT_COLUMNS.map((_, i) => `?${i + 7}`).join(", ")})
  ON CONFLICT(conversation_id) DO UPDATE SET
    created_at = ${earliest("created_at")},
    first_visitor_at = ${earliest("first_visitor_at")},
    last_visitor_at = ${latest("last_visitor_at")},
    last_bot_at = ${latest("last_bot_at")},
    substantive = MAX(substantive, COALESCE(excluded.substantive, 0)),
    escalated_at = ${earliest("escalated_at")},
    escalation_reason = CASE WHEN excluded.escalated_at IS NOT NULL AND (escalated_at IS NULL OR excluded.escalated_at < escalated_at) THEN excluded.escalation_reason ELSE escalation_reason END,
    agent_id = ${follows("agent_id", "assigned_at")},
    assigned_at = ${latest("assigned_at")},
    first_response_s = COALESCE(first_response_s, excluded.first_response_s),
    resolved_by = ${follows("resolved_by", "resolved_at")},
    resolved_at = ${latest("resolved_at")},
    reopened_at = ${latest("reopened_at")},
    abandoned_at = ${latest("abandoned_at")},
    rating = ${follows("rating", "rated_at")},
    rated_at = ${latest("rated_at")}`;

/**
 * A flush's analytics rows in two statements, whatever their number: the
 * events (known ids ignored) and the facts upserts, each distinct row applied
 * in turn from a JSON array exactly as the one-row statements below would
 * apply it.
 */
export function analyticsBatchStatements(db: D1Database, rows: AnalyticsRow[]): D1PreparedStatement[] {
  if (!rows.length) return [];
  const events = withDerived(rows).map((r) => [r.id, r.workspace_id, r.chatbot_id, r.conversation_id, r.agent_id, r.channel, r.name, r.dim, r.value, r.started_at, r.at, dataOf(r)]);
  const out = [
    db
      .prepare(
        `INSERT OR IGNORE INTO analytics_events (id, workspace_id, chatbot_id, conversation_id, agent_id, channel, name, dim, value, started_at, at, data)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]'), json_extract(value, '$[8]'), json_extract(value, '$[9]'), json_extract(value, '$[10]'), json_extract(value, '$[11]')
         FROM json_each(?1)`,
      )
      .bind(JSON.stringify(events)),
  ];
  // every update is idempotent, so identical rows apply once: an agent's replies carry no facts, and a flush of them upserts the row once, not once per reply
  const facts = new Set<string>();
  for (const r of rows) {
    if (!r.conversation_id) continue;
    const f = factsOf(r);
    facts.add(JSON.stringify([r.conversation_id, r.workspace_id, r.chatbot_id, r.visitor_id, r.channel, r.conversation_created_at, ...FACT_COLUMNS.map((c) => (c === "substantive" ? f.substantive ?? 0 : (f[c] ?? null)))]));
  }
  if (facts.size) out.push(db.prepare(FACTS_FROM_JSON_SQL).bind(`[${[...facts].join(",")}]`));
  return out;
}

/** FACTS_SQL fed from a JSON array of value lists (`WHERE true` lets SQLite parse the upsert after a SELECT). */
const FACTS_FROM_JSON_SQL = FACTS_SQL.replace(
  /VALUES \(\?1[^)]*\)/,
  `SELECT ${Array.from({ length: FACT_COLUMNS.length + 6 }, (_, i) => `json_extract(value, '$[${i}]')`).join(", ")} FROM json_each(?1) WHERE true`,
);

/** The D1 statements of one analytics row: the event (a known id is ignored) and the facts upsert. */
export function analyticsStatements(db: D1Database, r: AnalyticsRow): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = withDerived([r]).map((e) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO analytics_events (id, workspace_id, chatbot_id, conversation_id, agent_id, channel, name, dim, value, started_at, at, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`,
      )
      .bind(e.id, e.workspace_id, e.chatbot_id, e.conversation_id, e.agent_id, e.channel, e.name, e.dim, e.value, e.started_at, e.at, dataOf(e)),
  );
  if (!r.conversation_id) return out;
  const f = factsOf(r);
  out.push(
    db
      .prepare(FACTS_SQL)
      .bind(
        r.conversation_id, r.workspace_id, r.chatbot_id, r.visitor_id, r.channel, r.conversation_created_at,
        ...FACT_COLUMNS.map((c) => (c === "substantive" ? f.substantive ?? 0 : (f[c] ?? null))),
      ),
  );
  return out;
}
