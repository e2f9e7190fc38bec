/** The analytics API's answers, as the page reads them (see worker/analytics/reports.ts). */
interface Kpis {
  conversations: number;
  resolved: number;
  bot_resolution: { confirmed: number; assumed: number; pending: number; bot_handled: number };
  handoffs: number;
  handoff_rate: number | null;
  csat: number | null;
  ratings: number;
}
export interface Overview extends Kpis {
  range: { from: string; to: string; time_zone: string; business_hours: boolean };
  messages: number;
  first_response_time: { median_s: number | null; p90_s: number | null };
  previous: Kpis & { first_response_time: { median_s: number | null; p90_s: number | null } };
}
export interface SeriesReport {
  interval: string;
  data: { start: string; conversations: number; resolutions: number; escalations: number; messages: number }[];
}
export interface Heatmap {
  weekdays: string[];
  cells: number[][];
}
export interface Agents {
  data: {
    agent_id: string;
    name: string | null;
    conversations: number;
    replies: number;
    first_response_time: { median_s: number | null; p90_s: number | null };
    resolved: number;
    handle_time: { median_s: number | null; p90_s: number | null };
    csat: number | null;
    online_s: number;
  }[];
}
export interface Bot {
  bot_resolution: { confirmed: number; assumed: number; pending: number };
  handoff_reasons: { reason: string; count: number }[];
  unanswered_questions: { question: string; count: number }[];
}
export interface Satisfaction {
  csat: number | null;
  ratings: number;
  distribution: Record<string, number>;
  comments: { conversation_id: string; rating: number; comment: string; at: string }[];
}
