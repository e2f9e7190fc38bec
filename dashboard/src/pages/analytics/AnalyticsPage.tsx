import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { listOf, useResource } from "../../lib/useResource";
import { useAuth } from "../../lib/auth";
import { LineChart } from "./Chart";
import { TimeZonePicker } from "./TimeZonePicker";
import { downloadCsv } from "./csv";

/** The workspace time zone until the server says otherwise (an IANA zone id, not prose). */
const DEFAULT_TIME_ZONE = "Asia/Bangkok"; // i18n-ignore
import type { Agents, Bot, Heatmap, Overview, Satisfaction, SeriesReport } from "./types";

const PRESETS = [7, 30, 90] as const;
const COLORS = ["#2563eb", "#16a34a", "#f59e0b"];

export default function AnalyticsPage() {
  const { t, number } = useI18n();
  const { can } = useAuth();
  const [zoneVersion, setZoneVersion] = useState(0);
  const [days, setDays] = useState<(typeof PRESETS)[number]>(7);
  const [chatbot, setChatbot] = useState("");
  const [agent, setAgent] = useState("");
  const [channel, setChannel] = useState("");
  const [businessHours, setBusinessHours] = useState(false);
  // one "now" per choice, so every panel asks about the same range
  const query = useMemo(() => {
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    if (chatbot) q.set("chatbot_id", chatbot);
    if (agent) q.set("agent_id", agent);
    if (channel) q.set("channel", channel);
    if (businessHours) q.set("business_hours", "true");
    return q.toString();
  }, [days, chatbot, agent, channel, businessHours, zoneVersion]);

  const bots = listOf<{ id: string; name: string }>(useResource<unknown>("/api/v1/chatbots").data);
  const members = listOf<{ user_id: string; name: string }>(useResource<unknown>("/api/v1/members").data);
  const overview = useResource<Overview>(`/api/v1/analytics/overview?${query}`);
  const series = useResource<SeriesReport>(`/api/v1/analytics/conversations?${query}&interval=day`);
  const heat = useResource<Heatmap>(`/api/v1/analytics/heatmap?${query}`);
  const agents = useResource<Agents>(`/api/v1/analytics/agents?${query}`);
  const bot = useResource<Bot>(`/api/v1/analytics/bot?${query}`);
  const sat = useResource<Satisfaction>(`/api/v1/analytics/satisfaction?${query}`);
  const o = overview.data;

  return (
    <section class="page" data-testid="analytics-page">
      <header class="page-header">
        <div>
          <h1>{t("analytics.title")}</h1>
          <p>{t("analytics.subtitle", { tz: o?.range.time_zone ?? DEFAULT_TIME_ZONE })}</p>
        </div>
      </header>
      <div class="filters card">
        <div class="row" role="group">
          {PRESETS.map((d) => (
            <button key={d} type="button" class={`btn btn-sm ${d === days ? "btn-primary" : "btn-ghost"}`} onClick={() => setDays(d)} data-testid={`range-${d}`}>
              {t(`analytics.range.${d}`)}
            </button>
          ))}
        </div>
        <Select label={t("analytics.filter.chatbot")} value={chatbot} onChange={setChatbot} options={bots.map((b) => [b.id, b.name])} all={t("analytics.filter.all")} />
        <Select label={t("analytics.filter.agent")} value={agent} onChange={setAgent} options={members.map((m) => [m.user_id, m.name])} all={t("analytics.filter.all")} />
        <Select label={t("analytics.filter.channel")} value={channel} onChange={setChannel} options={[["web", "Web"]]} all={t("analytics.filter.all")} />
        <label class="row small">
          <input type="checkbox" checked={businessHours} onChange={(e) => setBusinessHours(e.currentTarget.checked)} />
          {t("analytics.filter.businessHours")}
        </label>
        {can("settings:manage") && o && <TimeZonePicker value={o.range.time_zone} onSaved={() => setZoneVersion(zoneVersion + 1)} />}
      </div>

      {overview.error && <p class="error">{overview.error}</p>}
      {!o ? (
        <div class="spinner" />
      ) : (
        <div class="grid-3 analytics-kpis" data-testid="analytics-kpis">
          <Kpi testid="kpi-conversations" label={t("analytics.kpi.conversations")} value={number(o.conversations)} now={o.conversations} before={o.previous.conversations} />
          <Kpi testid="kpi-resolved" label={t("analytics.kpi.resolved")} value={number(o.resolved)} now={o.resolved} before={o.previous.resolved} />
          <Kpi testid="kpi-handoff" label={t("analytics.kpi.handoff")} value={pct(o.handoff_rate, number)} now={o.handoff_rate} before={o.previous.handoff_rate} />
          <Kpi testid="kpi-bot-confirmed" label={t("analytics.kpi.confirmed")} value={number(o.bot_resolution.confirmed)} now={o.bot_resolution.confirmed} before={o.previous.bot_resolution.confirmed} />
          <Kpi testid="kpi-bot-assumed" label={t("analytics.kpi.assumed")} value={number(o.bot_resolution.assumed)} now={o.bot_resolution.assumed} before={o.previous.bot_resolution.assumed} />
          <Kpi
            testid="kpi-frt"
            label={t("analytics.kpi.frt")}
            value={`${duration(o.first_response_time.median_s, number)} / ${duration(o.first_response_time.p90_s, number)}`}
            now={o.first_response_time.median_s}
            before={o.previous.first_response_time.median_s}
          />
          <Kpi testid="kpi-csat" label={t("analytics.kpi.csat")} value={pct(o.csat, number)} now={o.csat} before={o.previous.csat} hint={t("analytics.kpi.ratings", { n: number(o.ratings) })} />
        </div>
      )}

      {o && o.conversations === 0 && (
        <div class="empty-state" data-testid="analytics-no-data">
          <h2>{t("analytics.empty")}</h2>
        </div>
      )}
      <SeriesPanel report={series.data} />
      <HeatmapPanel report={heat.data} />
      <AgentsPanel report={agents.data} />
      <BotPanel report={bot.data} />
      <SatisfactionPanel report={sat.data} />
    </section>
  );
}

function Select({ label, value, onChange, options, all }: { label: string; value: string; onChange: (v: string) => void; options: [string, string][]; all: string }) {
  return (
    <label class="field">
      <span class="small muted">{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{all}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

type Fmt = (n: number, o?: Intl.NumberFormatOptions) => string;
const pct = (x: number | null, number: Fmt) => (x === null ? "–" : number(x, { style: "percent", maximumFractionDigits: 1 }));
function duration(s: number | null, number: Fmt): string {
  if (s === null) return "–";
  if (s < 90) return number(s, { style: "unit", unit: "second", maximumFractionDigits: 0 });
  if (s < 5400) return number(s / 60, { style: "unit", unit: "minute", maximumFractionDigits: 1 });
  return number(s / 3600, { style: "unit", unit: "hour", maximumFractionDigits: 1 });
}

function Kpi({ label, value, now, before, hint, testid }: { label: string; value: string; now: number | null; before: number | null; hint?: string; testid: string }) {
  const { t, number } = useI18n();
  const change = now !== null && before !== null && before !== 0 ? (now - before) / Math.abs(before) : null;
  return (
    <div class="card stat" data-testid={testid}>
      <div class="muted small">{label}</div>
      <div class="stat-value" data-testid={`${testid}-value`}>
        {value}
      </div>
      <div class="small muted">
        {change === null ? t("analytics.kpi.noPrevious") : t("analytics.kpi.vsPrevious", { change: number(change, { style: "percent", signDisplay: "exceptZero", maximumFractionDigits: 0 }) })}
        {hint ? ` · ${hint}` : ""}
      </div>
    </div>
  );
}

/** A titled card whose chart can be swapped for its table, with the table as CSV. */
function Panel(props: { title: string; testid: string; csv: () => void; table: ComponentChildren; chart?: ComponentChildren; empty: boolean }) {
  const { t } = useI18n();
  const [asTable, setAsTable] = useState(!props.chart);
  return (
    <div class="card" data-testid={props.testid}>
      <div class="card-header">
        <h2>{props.title}</h2>
        <div class="row">
          {props.chart && (
            <button type="button" class="btn btn-sm btn-ghost" onClick={() => setAsTable(!asTable)}>
              {asTable ? t("analytics.chart") : t("analytics.table")}
            </button>
          )}
          <button type="button" class="btn btn-sm btn-ghost" onClick={props.csv} disabled={props.empty}>
            {t("analytics.csv")}
          </button>
        </div>
      </div>
      {props.empty && <p class="muted" data-testid="analytics-empty">{t("analytics.emptyTable")}</p>}
      {!props.empty && asTable && <div class="table-wrap">{props.table}</div>}
      {!props.empty && !asTable && props.chart}
    </div>
  );
}

function SeriesPanel({ report }: { report: SeriesReport | undefined }) {
  const { t, number, date } = useI18n();
  const data = report?.data ?? [];
  const empty = data.every((d) => d.conversations === 0);
  const x = useMemo(() => data.map((_, i) => i), [report]);
  const series = useMemo(
    () => [
      { label: t("analytics.series.conversations"), values: data.map((d) => d.conversations), color: COLORS[0]! },
      { label: t("analytics.series.resolutions"), values: data.map((d) => d.resolutions), color: COLORS[1]! },
      { label: t("analytics.series.escalations"), values: data.map((d) => d.escalations), color: COLORS[2]! },
    ],
    [report, t],
  );
  const day = (i: number) => (data[Math.round(i)] ? date(`${data[Math.round(i)]!.start}T12:00:00Z`, { month: "short", day: "numeric" }) : "");
  const header = [t("analytics.series.date"), t("analytics.series.conversations"), t("analytics.series.resolutions"), t("analytics.series.escalations")];
  return (
    <Panel
      title={t("analytics.series.title")}
      testid="analytics-series"
      empty={!report || empty}
      csv={() => downloadCsv("conversations", header, data.map((d) => [d.start, d.conversations, d.resolutions, d.escalations]))}
      chart={<LineChart x={x} series={series} xLabel={t("analytics.series.date")} yLabel={t("analytics.series.conversations")} format={day} />}
      table={
        <table class="table">
          <thead>
            <tr>{header.map((h) => <th key={h}>{h}</th>)}</tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.start}>
                <td>{d.start}</td>
                <td>{number(d.conversations)}</td>
                <td>{number(d.resolutions)}</td>
                <td>{number(d.escalations)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function HeatmapPanel({ report }: { report: Heatmap | undefined }) {
  const { t, number } = useI18n();
  const cells = report?.cells ?? [];
  const max = Math.max(0, ...cells.flat());
  return (
    <Panel
      title={t("analytics.heatmap.title")}
      testid="analytics-heatmap"
      empty={!report || max === 0}
      csv={() => downloadCsv("heatmap", ["weekday", ...Array.from({ length: 24 }, (_, h) => String(h))], cells.map((row, i) => [report!.weekdays[i]!, ...row]))}
      table={
        <table class="table heatmap">
          <thead>
            <tr>
              <th />
              {Array.from({ length: 24 }, (_, h) => <th key={h}>{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {cells.map((row, i) => (
              <tr key={i}>
                <th>{report!.weekdays[i]}</th>
                {row.map((n, h) => (
                  <td key={h} title={number(n)} style={{ background: n ? `rgba(37, 99, 235, ${0.12 + (0.88 * n) / max})` : undefined }}>
                    {n || ""}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

type AgentRow = Agents["data"][number];
const AGENT_COLUMNS: [keyof AgentRow | "frt" | "aht", string][] = [
  ["name", "analytics.agents.name"],
  ["conversations", "analytics.agents.conversations"],
  ["replies", "analytics.agents.replies"],
  ["frt", "analytics.agents.frt"],
  ["resolved", "analytics.agents.resolved"],
  ["aht", "analytics.agents.handle"],
  ["csat", "analytics.agents.csat"],
  ["online_s", "analytics.agents.online"],
];

function AgentsPanel({ report }: { report: Agents | undefined }) {
  const { t, number } = useI18n();
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: "conversations", desc: true });
  const value = (r: AgentRow, key: string): number | string => (key === "frt" ? r.first_response_time.median_s ?? Infinity : key === "aht" ? r.handle_time.median_s ?? Infinity : key === "name" ? r.name ?? r.agent_id : ((r as unknown as Record<string, number | null>)[key] ?? -1));
  const rows = [...(report?.data ?? [])].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return sort.desc ? -c : c;
  });
  const header = AGENT_COLUMNS.map(([, k]) => t(k as never));
  return (
    <Panel
      title={t("analytics.agents.title")}
      testid="analytics-agents"
      empty={rows.length === 0}
      csv={() => downloadCsv("agents", header, rows.map((r) => [r.name ?? r.agent_id, r.conversations, r.replies, r.first_response_time.median_s, r.resolved, r.handle_time.median_s, r.csat, r.online_s]))}
      table={
        <table class="table">
          <thead>
            <tr>
              {AGENT_COLUMNS.map(([key, label]) => (
                <th key={key} aria-sort={sort.key === key ? (sort.desc ? "descending" : "ascending") : "none"}>
                  <button type="button" class="btn-link" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : true })}>
                    {t(label as never)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.agent_id}>
                <td>{r.name ?? r.agent_id}</td>
                <td>{number(r.conversations)}</td>
                <td>{number(r.replies)}</td>
                <td>{duration(r.first_response_time.median_s, number)}</td>
                <td>{number(r.resolved)}</td>
                <td>{duration(r.handle_time.median_s, number)}</td>
                <td>{pct(r.csat, number)}</td>
                <td>{duration(r.online_s, number)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function BotPanel({ report }: { report: Bot | undefined }) {
  const { t, number } = useI18n();
  if (!report) return null;
  const r = report.bot_resolution;
  return (
    <div class="card" data-testid="analytics-bot">
      <div class="card-header">
        <h2>{t("analytics.bot.title")}</h2>
        <button type="button" class="btn btn-sm btn-ghost" onClick={() => downloadCsv("handoff-reasons", [t("analytics.bot.reason"), t("analytics.bot.count")], report.handoff_reasons.map((x) => [x.reason, x.count]))}>
          {t("analytics.csv")}
        </button>
      </div>
      <p class="small muted">{t("analytics.bot.explain")}</p>
      <div class="grid-3">
        <div class="stat"><div class="muted small">{t("analytics.kpi.confirmed")}</div><div class="stat-value">{number(r.confirmed)}</div></div>
        <div class="stat"><div class="muted small">{t("analytics.kpi.assumed")}</div><div class="stat-value">{number(r.assumed)}</div></div>
        <div class="stat"><div class="muted small">{t("analytics.bot.pending")}</div><div class="stat-value">{number(r.pending)}</div></div>
      </div>
      <h3>{t("analytics.bot.reasons")}</h3>
      {report.handoff_reasons.length === 0 ? (
        <p class="muted">{t("analytics.emptyTable")}</p>
      ) : (
        <table class="table">
          <tbody>
            {report.handoff_reasons.map((x) => (
              <tr key={x.reason}><td>{x.reason}</td><td>{number(x.count)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t("analytics.bot.unanswered")}</h3>
      {report.unanswered_questions.length === 0 ? (
        <p class="muted">{t("analytics.emptyTable")}</p>
      ) : (
        <ul>
          {report.unanswered_questions.map((q) => (
            <li key={q.question}>{q.question} <span class="muted small">× {number(q.count)}</span></li>
          ))}
        </ul>
      )}
      <a href="/knowledge" class="small">{t("analytics.bot.gaps")}</a>
    </div>
  );
}

function SatisfactionPanel({ report }: { report: Satisfaction | undefined }) {
  const { t, number, date } = useI18n();
  const dist = report ? ["5", "4", "3", "2", "1"].map((k) => [k, report.distribution[k] ?? 0] as const) : [];
  return (
    <Panel
      title={t("analytics.sat.title")}
      testid="analytics-satisfaction"
      empty={!report || report.ratings === 0}
      csv={() => downloadCsv("ratings", [t("analytics.sat.rating"), t("analytics.bot.count")], dist.map(([k, n]) => [k, n]))}
      table={
        <div>
          <table class="table">
            <tbody>
              {dist.map(([k, n]) => (
                <tr key={k}><td>{"★".repeat(Number(k))}</td><td>{number(n)}</td></tr>
              ))}
            </tbody>
          </table>
          <h3>{t("analytics.sat.comments")}</h3>
          <ul>
            {report?.comments.map((c) => (
              <li key={`${c.conversation_id}${c.at}`}>
                <a href={`/inbox/${c.conversation_id}`}>{"★".repeat(c.rating)}</a> {c.comment} <span class="muted small">{date(c.at)}</span>
              </li>
            ))}
          </ul>
        </div>
      }
    />
  );
}
