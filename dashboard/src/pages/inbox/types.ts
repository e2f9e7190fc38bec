/** Shapes of the inbox API as the dashboard reads them: the contract's, plus the thread's local state. */
import type { MessageKey } from "../../i18n";
import type { Schema } from "../../lib/api";

export type ConversationItem = Schema<"ConversationListItem">;
export type ConversationStatus = ConversationItem["status"];

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

export type Note = Schema<"InternalNote">;
export type VisitorPanel = Schema<"VisitorPanel">;

/** The detail the inbox keeps: the contract's, with a thread that also holds messages still being sent. */
export type ConversationDetail = Omit<Schema<"ConversationDetail">, "messages"> & { messages: ThreadMessage[] };

type SearchResults = Schema<"MessageSearchResults">;
export type SearchHit = SearchResults["data"][number];
export type CustomerMatch = SearchResults["visitor_matches"][number];

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

/** Message keys of each status's label (`t(STATUS_LABELS[s])`). */
export const STATUS_LABELS: Record<ConversationStatus, MessageKey> = {
  active: "inbox.status.active",
  waiting: "inbox.status.waiting",
  escalated: "inbox.status.escalated",
  agent_handling: "inbox.status.agent_handling",
  resolved: "inbox.status.resolved",
  abandoned: "inbox.status.abandoned",
  archived: "inbox.status.archived",
};
