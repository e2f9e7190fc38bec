import type { FlowEntry } from "../../common/flows/schema";

/**
 * The published, enabled flows of the chatbot (`chatbots.id` of the outer
 * query) as one JSON column, read together with the chatbot when a
 * conversation starts, so starting one costs no extra round trip.
 */
export const PUBLISHED_FLOWS_COLUMN = `(SELECT json_group_array(json_object('flow_id', f.id, 'version_id', f.published_version_id, 'trigger', json(f.trigger)))
  FROM flows f WHERE f.chatbot_id = chatbots.id AND f.published_version_id IS NOT NULL AND f.enabled = 1) AS flows`;

export function flowEntries(raw: string | null | undefined): FlowEntry[] | undefined {
  if (!raw || raw === "[]") return undefined;
  const list = JSON.parse(raw) as FlowEntry[];
  return list.length ? list : undefined;
}
