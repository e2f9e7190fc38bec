import type { RichContent } from "../../../durable-objects/protocol";
import { PermanentFailure } from "../../outbound/messages";
import { messagingWindow } from "../meta/window";
import { recordPart, sentParts } from "../parts";
import type { OutgoingMessage } from "../types";
import { sendMessage, type PageAuth } from "./api";
import { renderMeta, renderMetaPlain, type MetaMessage } from "./render";

export type MetaSendRow = Pick<OutgoingMessage, "message_id" | "workspace_id" | "channel_id" | "channel_user_id" | "text" | "rich" | "type">;

const NAMES = { messenger: "Messenger", instagram: "Instagram" } as const;
const day = (iso: string) => iso.slice(0, 16).replace("T", " ") + " UTC";

/**
 * How Meta lets this message go, from the person's last message: inside the
 * 24-hour window anything goes (`RESPONSE`); up to 7 days only a person's
 * reply, tagged `HUMAN_AGENT`; bot and automatic messages outside 24 h, and
 * everything after 7 days, are not sent (a permanent failure whose reason the
 * inbox shows under the message).
 */
export function messagingTypeFor(type: "messenger" | "instagram", role: string, lastInboundAt: string | null, now = Date.now()): { messaging_type: "RESPONSE" } | { messaging_type: "MESSAGE_TAG"; tag: "HUMAN_AGENT" } {
  const w = messagingWindow(lastInboundAt, now);
  const name = NAMES[type];
  if (w.state === "open") return { messaging_type: "RESPONSE" };
  if (!lastInboundAt) throw new PermanentFailure(`Not sent: the customer has not written on ${name} yet, and ${name} only allows replies`);
  if (w.state === "human_agent" && role === "agent") return { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" };
  if (w.state === "human_agent") {
    throw new PermanentFailure(`Not sent: outside ${name}'s 24-hour window (the customer last wrote ${day(lastInboundAt)}); until ${day(w.closes_at)} only a team member's reply can be sent`);
  }
  throw new PermanentFailure(`Not sent: more than 7 days since the customer last wrote on ${name} (${day(lastInboundAt)}); a reply can go once they write again`);
}

/**
 * Messenger / Instagram: the window decides the messaging type (above), then
 * each rendered message goes through the Send API in order (each accepted part
 * is recorded with its mid, so a retry sends only the rest). When Meta refuses
 * a template (invalid parameter, code 100) the message goes again as text
 * with every button written out — the plain-text fallback.
 */
export async function sendMessenger(env: Env, row: MetaSendRow, secrets: Record<string, string>, files: { url: string; content_type: string }[]): Promise<"send" | "human_agent" | "plain"> {
  const type = row.type === "instagram" ? "instagram" : "messenger";
  const info = await env.DB.prepare(
    `SELECT m.role, cc.last_inbound_at FROM messages m
     LEFT JOIN channel_contacts cc ON cc.channel_id = ?2 AND cc.external_id = ?3 WHERE m.id = ?1`,
  )
    .bind(row.message_id, row.channel_id, row.channel_user_id)
    .first<{ role: string; last_inbound_at: string | null }>();
  const how = messagingTypeFor(type, info?.role ?? "bot", info?.last_inbound_at ?? null);
  const auth: PageAuth = { page_access_token: secrets.page_access_token!, app_secret: secrets.app_secret! };
  const rich = row.rich ? (JSON.parse(row.rich) as RichContent) : undefined;
  const send = async (message: MetaMessage) => (await sendMessage(env, auth, secrets.page_id!, { recipient: { id: row.channel_user_id }, ...how, message })).message_id ?? null;
  const parts = renderMeta(type, row.text, rich, files);
  // a retry after a failure part-way starts where the last attempt stopped: nothing the person already got goes twice
  const done = await sentParts(env, row.message_id);
  for (const [i, message] of parts.entries()) {
    if (done.has(i)) continue;
    try {
      await recordPart(env, row, i, await send(message));
    } catch (err) {
      const template = (message.attachment as { type?: string } | undefined)?.type === "template";
      if (!(template && err instanceof PermanentFailure && /\(code 100\b/.test(err.message))) throw err;
      // the whole message written out (cards and buttons as text) stands for this part and the rest
      let last: string | null = null;
      for (const plain of renderMetaPlain(row.text, rich)) last = await send(plain);
      for (let j = i; j < parts.length; j++) await recordPart(env, row, j, j === i ? last : null);
      return "plain";
    }
  }
  return how.messaging_type === "MESSAGE_TAG" ? "human_agent" : "send";
}
