/** Shapes of the inbox API as the dashboard reads them. */
export type ConversationStatus = "active" | "waiting" | "escalated" | "agent_handling" | "resolved" | "abandoned" | "archived";

export interface ConversationItem {
  id: string;
  chatbot_id: string;
  status: ConversationStatus;
  mode: "bot" | "human";
  bot_mode: "active" | "passive" | "off";
  visitor: { id: string; name: string | null; email: string | null };
  assigned_agent_id: string | null;
  assigned_agent: { id: string; name: string; email: string } | null;
  subject: string | null;
  last_message_preview: string | null;
  last_message_at: string | null;
  message_count: number;
  unread_count: number;
  tags: string[];
  satisfaction_rating: number | null;
  has_notes: boolean;
  created_at: string;
}

export interface AttachmentRef {
  id?: string;
  /** a short-lived link the server signed; the thread renders nothing else */
  url?: string;
  name: string;
  content_type: string;
  size: number;
}

export interface ThreadMessage {
  id: string;
  seq: number;
  role: "visitor" | "bot" | "agent" | "system";
  author: { id?: string | null; name?: string | null };
  text: string;
  attachments?: AttachmentRef[];
  created_at: string;
  pending?: boolean;
}

export interface Note {
  id: string;
  content: string;
  author: { id: string | null; name: string | null };
  mentions: { id: string; name: string }[];
  created_at: string;
}

export interface VisitorPanel {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  current_page: string | null;
  referrer: string | null;
  landing_page: string | null;
  device: { type: string | null; browser: string | null; os: string | null };
  location: { country: string | null; city: string | null };
  locale: string | null;
  visit_count: number;
  previous_conversations: { id: string; status: string; last_message_preview: string | null; created_at: string }[];
}

export interface ConversationDetail extends ConversationItem {
  messages: ThreadMessage[];
  messages_page: { has_more_before: boolean };
  internal_notes: Note[];
  events: { id: string; type: string; created_at: string; actor: string | null; to_status?: string | null; data?: Record<string, unknown> }[];
  rating_comment?: string | null;
  visitor: VisitorPanel & ConversationItem["visitor"];
}

export interface SearchHit {
  conversation_id: string;
  message_id: string;
  seq: number;
  role: string;
  created_at: string;
  highlights: { text: string; match: boolean }[];
  conversation: { status: string; visitor_name: string | null; visitor_email: string | null };
}

export interface CustomerMatch {
  conversation_id: string;
  status: string;
  visitor_name: string | null;
  visitor_email: string | null;
  last_message_preview: string | null;
  last_message_at: string | null;
}

export interface CannedResponse {
  id: string;
  title: string;
  shortcut: string;
  text: string;
}

export interface Member {
  id?: string;
  user_id?: string;
  name: string;
  email: string;
  role: string;
}

export const STATUS_LABELS: Record<ConversationStatus, string> = {
  active: "Active",
  waiting: "Waiting",
  escalated: "Escalated",
  agent_handling: "With agent",
  resolved: "Resolved",
  abandoned: "Abandoned",
  archived: "Archived",
};
