/**
 * The message list as pure functions: optimistic items reconciled by ack,
 * streamed bot messages, dedupe by message id (replays and other tabs' echoes).
 */
import type { Attachment, Message, RichContent } from "../../../durable-objects/protocol";

export type Delivery = "pending" | "sent" | "read" | "failed" | "streaming" | "done";

export interface Item {
  key: string;
  /** position in the log: the message seq; notices sit just after the last seen seq */
  order: number;
  kind: "message" | "notice";
  id?: string;
  clientId?: string;
  role: Message["role"];
  author?: string;
  text: string;
  rich?: RichContent;
  attachments?: Attachment[];
  delivery: Delivery;
}

export function patchItems(items: Item[], match: (i: Item) => boolean, patch: Partial<Item>): Item[] {
  let changed = false;
  const next = items.map((i) => {
    if (!match(i)) return i;
    changed = true;
    return { ...i, ...patch };
  });
  return changed ? next : items;
}

/** Inserts or replaces a server message; `fresh` is true when the visitor has not seen it before. */
export function upsertMessage(items: Item[], m: Message): { items: Item[]; fresh: boolean } {
  const next = items.slice();
  const idx = next.findIndex((i) => i.id === m.id);
  const prev = idx >= 0 ? next[idx] : undefined;
  const item: Item = {
    key: prev?.key ?? m.id,
    id: m.id,
    clientId: prev?.clientId,
    order: m.seq,
    kind: "message",
    role: m.role,
    author: m.author?.name,
    text: m.text,
    rich: m.rich,
    attachments: m.attachments,
    delivery: prev?.delivery === "read" ? "read" : m.role === "visitor" ? "sent" : "done",
  };
  if (prev) next[idx] = item;
  else next.push(item);
  return { items: next, fresh: !prev || prev.delivery === "streaming" };
}

/** Appends streamed tokens to a bot message, creating it on the first delta. */
export function appendDelta(items: Item[], messageId: string, delta: string, order: number, author: string): Item[] {
  const existing = items.find((i) => i.id === messageId);
  if (existing) return existing.delivery === "streaming" ? patchItems(items, (i) => i === existing, { text: existing.text + delta }) : items;
  return [...items, { key: messageId, id: messageId, order, kind: "message", role: "bot", author, text: delta, delivery: "streaming" }];
}

/** The server stored a pending message: give it its id and seq, or drop it if its echo already arrived. */
export function acknowledge(items: Item[], clientId: string, messageId: string, seq: number): Item[] {
  if (items.some((i) => i.id === messageId && i.clientId !== clientId)) return items.filter((i) => i.clientId !== clientId);
  return patchItems(items, (i) => i.clientId === clientId, { id: messageId, order: seq, delivery: "sent" });
}
