export const STAGES = ["new", "contacted", "qualified", "won", "lost"] as const;
export type Stage = (typeof STAGES)[number];
export const SOURCES = ["chatbot", "page", "campaign", "checkout", "form", "manual", "import"] as const;

export interface ContactRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  source: string;
  merged_into_id: string | null;
  visitor_ids: string[];
  created_at: string;
}

export interface LeadRow {
  id: string;
  title: string;
  stage: Stage;
  value: number | null;
  currency: string;
  source: string;
  conversation_id: string | null;
  order_id: string | null;
  notes: string;
  contact: ContactRow | null;
  created_at: string;
}

export interface LeadDetail extends LeadRow {
  timeline: { from: Stage | null; to: Stage; actor: string; note: string | null; at: string }[];
  tasks: { id: string; title: string; due_at: string | null; done: boolean }[];
}
