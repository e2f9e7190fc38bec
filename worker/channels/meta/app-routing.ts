import { timingSafeEqual } from "../../../common/crypto";
import { decryptSecret } from "../../lib/secrets";
import { parseMetaEvents } from "../messenger/webhook";
import type { ChannelRow } from "../store";
import { channelSecretAd, type InboundEvent } from "../types";
import { parseWhatsAppEvents } from "../whatsapp/webhook";

/** At most this many other connections take entries from one webhook request. */
const MAX_SIBLINGS = 20;

const TYPE_OF_OBJECT: Record<string, "messenger" | "instagram" | "whatsapp"> = { page: "messenger", instagram: "instagram", whatsapp_business_account: "whatsapp" };

interface MetaBody {
  object?: string;
  entry?: { id?: string; changes?: { value?: { metadata?: { phone_number_id?: string } } }[] }[];
}

/**
 * One Meta app serving several Pages (or Instagram accounts, or WhatsApp
 * numbers): Meta posts every event of the app to one callback URL per
 * object, so the connection whose URL that is receives entries for the
 * app's other accounts too. Once the request is authentic for that
 * connection (its app secret), each other entry goes to the connection of
 * its account — the Page / Instagram account id of the entry, the
 * phone_number_id of a WhatsApp change — when that connection is in the same
 * workspace and was connected with the same app secret. Anything else is
 * ignored, as before.
 */
export async function appSiblings(
  env: Env,
  channel: { row: ChannelRow; secrets: Record<string, string> },
  raw: string,
): Promise<{ row: ChannelRow; secrets: Record<string, string>; events: InboundEvent[] }[]> {
  const appSecret = channel.secrets.app_secret;
  if (!appSecret) return [];
  let body: MetaBody;
  try {
    body = JSON.parse(raw) as MetaBody;
  } catch {
    return [];
  }
  const type = TYPE_OF_OBJECT[body.object ?? ""];
  if (!type) return [];
  const own = channel.row.type === type ? (channel.row.provider_account_id ?? null) : null;
  const ids = new Set<string>();
  for (const entry of body.entry ?? []) {
    if (type === "whatsapp") for (const c of entry.changes ?? []) if (c.value?.metadata?.phone_number_id) ids.add(c.value.metadata.phone_number_id);
    if (type !== "whatsapp" && entry.id) ids.add(entry.id);
  }
  if (own) ids.delete(own);
  if (!ids.size) return [];
  const rows = await env.DB.prepare(
    `SELECT * FROM channels WHERE workspace_id = ?1 AND type = ?2 AND active = 1 AND id != ?3 AND provider_account_id IN (SELECT value FROM json_each(?4)) LIMIT ${MAX_SIBLINGS}`,
  )
    .bind(channel.row.workspace_id, type, channel.row.id, JSON.stringify([...ids].slice(0, MAX_SIBLINGS)))
    .all<ChannelRow>();
  const out: { row: ChannelRow; secrets: Record<string, string>; events: InboundEvent[] }[] = [];
  for (const row of rows.results) {
    const secrets = JSON.parse(await decryptSecret(env, row.secrets_enc, channelSecretAd(row.workspace_id, row.id))) as Record<string, string>;
    // the request was signed with this app's secret: only connections of the same app take its entries
    if (!secrets.app_secret || !timingSafeEqual(secrets.app_secret, appSecret)) continue;
    const events =
      row.type === "whatsapp" ? parseWhatsAppEvents(raw, secrets.phone_number_id ?? "") : parseMetaEvents(raw, row.type === "instagram" ? "instagram" : "messenger", secrets.instagram_account_id ?? secrets.page_id);
    if (events.length) out.push({ row, secrets, events });
  }
  return out;
}
