import { nowIso } from "../../common/ids";
import type { Attachment } from "../protocol";
import { ConversationLive } from "./live";
import { VISITOR_TAG, send } from "./sockets";
import { forgetLive, forgetSchedule, loadState } from "./storage";
import { forgetOutbox } from "./outbox";

/** What an erased message says instead of its text (in the DO log and the D1 mirror). */
export const ERASED_TEXT = "[erased at the visitor's request]";
/** Close code for sockets of a conversation that was erased or deleted: the widget stops reconnecting. */
export const GONE_CLOSE_CODE = 4004;

/**
 * Data rights on one conversation (the Worker's privacy domain calls these over
 * RPC): erasing the visitor's content, dropping expired attachments, and purging
 * the object's whole storage.
 */
export abstract class ConversationPrivacy extends ConversationLive {
  /**
   * Replaces every message's text, rich content and attachments with a tombstone
   * and forgets the visitor's name, page and rating comment. The conversation
   * keeps its status, counts and timestamps, so metrics stay consistent. Pending
   * outbox rows are rewritten too, so no later flush can bring the text back.
   */
  async eraseVisitorContent(): Promise<{ messages: number }> {
    const s = loadState(this.sql);
    if (!s) return { messages: 0 };
    const messages = this.sql.exec(
      `UPDATE messages SET text = ?, rich = NULL, attachments = NULL, author_name = CASE WHEN role = 'visitor' THEN NULL ELSE author_name END`,
      ERASED_TEXT,
    ).rowsWritten;
    this.sql.exec(
      `UPDATE outbox SET payload = json_set(json_remove(payload, '$.message.rich', '$.message.attachments', '$.message.author.name'), '$.message.text', ?)
       WHERE kind = 'message'`,
      ERASED_TEXT,
    );
    // the reporting figures of a pending event are derived at the flush: they keep what they count, not the visitor's words
    // (the rating comment and resolution note go, as worker/analytics/privacy.ts does in D1)
    this.sql.exec(
      `UPDATE outbox SET payload = json_set(payload, '$.analytics_data', json_remove(json_extract(payload, '$.event.data'), '$.comment', '$.note', '$.text', '$.name', '$.email', '$.phone'), '$.event.data', json('{}'))
       WHERE kind = 'event' AND json_type(payload, '$.analytics_data') IS NULL`,
    );
    // reporting rows queued before analytics moved to the flush
    this.sql.exec(`UPDATE outbox SET payload = json_remove(payload, '$.row.data.comment', '$.row.data.note', '$.row.data.text', '$.row.data.name', '$.row.data.email', '$.row.data.phone') WHERE kind = 'analytics'`);
    this.sql.exec(`DELETE FROM outbox WHERE kind IN ('visitor_page', 'visitor_contact')`);
    forgetOutbox(this.sql);
    this.sql.exec(`DELETE FROM tickets`);
    s.visitorName = null;
    s.subject = null;
    s.lastMessagePreview = s.lastMessageAt ? ERASED_TEXT : null;
    s.ratingComment = null;
    s.context = { pageUrl: null, pageTitle: null, locale: null };
    s.erasedAt = nowIso();
    this.commit(s);
    this.closeSockets(VISITOR_TAG, "erased");
    await this.flush();
    return { messages };
  }

  /** Removes the given uploads from every message (retention of attachments); returns how many messages changed. */
  async dropAttachments(ids: string[]): Promise<number> {
    if (!loadState(this.sql) || ids.length === 0) return 0;
    const rows = this.sql.exec<{ seq: number; attachments: string }>(`SELECT seq, attachments FROM messages WHERE attachments IS NOT NULL`).toArray();
    let changed = 0;
    for (const row of rows) {
      const before = JSON.parse(row.attachments) as Attachment[];
      const after = withoutAttachments(before, ids);
      if (after.length === before.length) continue;
      this.sql.exec(`UPDATE messages SET attachments = ? WHERE seq = ?`, after.length ? JSON.stringify(after) : null, row.seq);
      changed++;
    }
    for (const row of this.sql.exec<{ id: number; payload: string }>(`SELECT id, payload FROM outbox WHERE kind = 'message'`).toArray()) {
      const item = JSON.parse(row.payload) as { message: { attachments?: Attachment[] } };
      if (!item.message.attachments?.length) continue;
      item.message.attachments = withoutAttachments(item.message.attachments, ids);
      this.sql.exec(`UPDATE outbox SET payload = ? WHERE id = ?`, JSON.stringify(item), row.id);
    }
    return changed;
  }

  /** Deletes everything this object stores (log, state, outbox, timers) and closes its sockets. */
  async purge(): Promise<void> {
    this.closeSockets(undefined, "deleted");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    forgetOutbox(this.sql);
    forgetSchedule(this.sql);
    forgetLive(this.sql);
  }

  private closeSockets(tag: string | undefined, reason: string) {
    for (const ws of this.ctx.getWebSockets(tag)) {
      send(ws, { type: "error", code: "CONVERSATION_GONE", message: "This conversation is no longer available" });
      try {
        ws.close(GONE_CLOSE_CODE, reason);
      } catch {
        // already closed
      }
    }
  }
}

/** The attachments that are not one of `ids` (matched by id or by their signed link). */
export function withoutAttachments(list: Attachment[], ids: string[]): Attachment[] {
  return list.filter((a) => !ids.some((id) => a.id === id || a.url?.includes(`/attachments/${encodeURIComponent(id)}`)));
}
