import { loadCsvLibs } from "../lazy";
import type { Call, ServiceCtx } from "../lib/service";
import { loadConversation, shapeConversation } from "./conversation-row";
import { MESSAGE_COLS, type MessageRow, listEvents, shapeMessage, visitorPanel } from "./detail";
import { listNotes } from "./notes";

const MAX_EXPORT_MESSAGES = 10_000;

async function allMessages(env: Env, workspaceId: string, conversationId: string) {
  const { results } = await env.DB.prepare(
    `select ${MESSAGE_COLS}
     from messages where conversation_id = ?1 and workspace_id = ?2 order by seq asc limit ?3`,
  )
    .bind(conversationId, workspaceId, MAX_EXPORT_MESSAGES)
    .all<MessageRow>();
  return results.map(shapeMessage);
}

/** A transcript file: JSON (conversation, visitor, messages, notes, events) or CSV (one row per message). */
export async function exportTranscript({
  ctx,
  input: { conversationId, format },
}: Call<{ conversationId: string; format: "json" | "csv" }>): Promise<{ body: string; contentType: string; filename: string }> {
  const row = await loadConversation(ctx.env, ctx.auth.workspaceId, conversationId);
  const messages = await allMessages(ctx.env, ctx.auth.workspaceId, conversationId);
  if (format === "csv") {
    const rows = messages.map((m) => ({
      seq: m.seq,
      created_at: m.created_at,
      role: m.role,
      author: m.author.name ?? (m.role === "visitor" ? (row.visitor_name ?? "Visitor") : ""),
      text: m.text,
      attachments: (m.attachments ?? []).map((a) => a.name ?? "").join("; "),
    }));
    const csv = (await loadCsvLibs()).Papa.unparse(rows, { columns: ["seq", "created_at", "role", "author", "text", "attachments"], escapeFormulae: true });
    return { body: csv, contentType: "text/csv; charset=utf-8", filename: `conversation-${conversationId}.csv` };
  }
  const [notes, events, visitor] = await Promise.all([
    listNotes({ ctx, input: { conversationId } }),
    listEvents(ctx.env, ctx.auth.workspaceId, conversationId),
    visitorPanel(ctx.env, ctx.auth.workspaceId, row.visitor_id, conversationId),
  ]);
  const doc = { exported_at: new Date().toISOString(), conversation: shapeConversation(row), visitor, messages, internal_notes: notes, events };
  return { body: JSON.stringify(doc, null, 2), contentType: "application/json; charset=utf-8", filename: `conversation-${conversationId}.json` };
}
