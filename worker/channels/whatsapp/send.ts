import type { RichContent } from "../../../durable-objects/protocol";
import { PermanentFailure, RetryLater } from "../../outbound/messages";
import { recordPart, sentParts } from "../parts";
import type { OutgoingMessage } from "../types";
import { lastInboundOf, replyWindow } from "../reply-window";
import { sendWhatsApp } from "./api";
import { renderWhatsApp, renderWhatsAppPlain, templateMessage, type WaMessage } from "./render";

/** A template row written by the composer is bound to its message within this long (see channel_template_sends). */
const TEMPLATE_BINDING_MS = 120_000;

type Outgoing = Pick<OutgoingMessage, "message_id" | "workspace_id" | "conversation_id" | "channel_id" | "channel_user_id" | "text" | "rich">;

/**
 * Sends one message to a WhatsApp user. A template the agent chose goes at
 * any time; anything else only inside the 24-hour customer-service window
 * (outside it: a permanent failure saying why, so the message shows as not
 * delivered). Each part's wamid is recorded: a retry sends only the parts
 * WhatsApp has not accepted yet, and status webhooks find the message. An
 * interactive message WhatsApp refuses (400) goes again as plain text.
 */
export async function sendToWhatsApp(env: Env, row: Outgoing, secrets: Record<string, string>, files: { url: string; content_type: string }[]): Promise<"send" | "plain" | "template"> {
  const template = await env.DB.prepare(`SELECT name, language, parameters FROM channel_template_sends WHERE message_id = ?1`)
    .bind(row.message_id)
    .first<{ name: string; language: string; parameters: string }>();
  if (!template) await assertWindowOpen(env, row);
  const rich = row.rich ? (JSON.parse(row.rich) as RichContent) : undefined;
  const parts: WaMessage[] = template ? [templateMessage(template.name, template.language, JSON.parse(template.parameters) as string[])] : renderWhatsApp(row.text, rich, files);
  const done = await sentParts(env, row.message_id);
  let method: "send" | "plain" | "template" = template ? "template" : "send";
  for (const [i, part] of parts.entries()) {
    if (done.has(i)) continue;
    let wamid: string;
    try {
      wamid = await sendWhatsApp(env, secrets.access_token!, secrets.phone_number_id!, row.channel_user_id!, part);
    } catch (err) {
      if (!(part.type === "interactive" && err instanceof PermanentFailure && / 400\b/.test(err.message))) throw err;
      wamid = await sendWhatsApp(env, secrets.access_token!, secrets.phone_number_id!, row.channel_user_id!, plainPart(i - files.length, row.text, rich));
      method = "plain";
    }
    await recordPart(env, row, i, wamid);
  }
  return method;
}

/** Part k after the files, written out: a card (k < number of cards) or the text with its buttons and quick replies. */
function plainPart(k: number, text: string, rich: RichContent | undefined): WaMessage {
  const cards = rich?.cards ?? [];
  if (k < cards.length) return renderWhatsAppPlain("", { cards: [cards[k]!] });
  return renderWhatsAppPlain(text, { ...(rich?.buttons ? { buttons: rich.buttons } : {}), ...(rich?.quick_replies ? { quick_replies: rich.quick_replies } : {}) });
}

async function assertWindowOpen(env: Env, row: Outgoing): Promise<void> {
  const conv = await lastInboundOf(env, row.conversation_id);
  const w = replyWindow("whatsapp", conv?.last_inbound_at ?? null);
  if (w.state === "open") return;
  // the composer writes its template before the message exists; give the binding a moment
  const pending = await env.DB.prepare(`SELECT 1 AS p FROM channel_template_sends WHERE conversation_id = ?1 AND message_id IS NULL AND created_at > ?2`)
    .bind(row.conversation_id, new Date(Date.now() - TEMPLATE_BINDING_MS).toISOString())
    .first();
  if (pending) throw new RetryLater("Waiting for the chosen template to be attached to the message", 5);
  throw new PermanentFailure(
    `Outside WhatsApp's 24-hour customer-service window (the customer last wrote ${conv?.last_inbound_at ?? "never"}): only an approved template can be sent until they write again`,
  );
}
