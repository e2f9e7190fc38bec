import { indexSourceChunks, removeSourceChunks } from "../../knowledge/sources/index-api";
import { formatMoney } from "../orders/format";
import type { Product, ProductVariant } from "../../db/schema";

/**
 * The catalog as knowledge: each active product is one passage per chatbot of
 * its workspace (source type `product`) in the same chunk index the bot's
 * hybrid retrieval reads, so "do you have a canvas tote in blue?" finds it.
 * A product assigned to chatbots (product_chatbots) is indexed only for those.
 * Stock is not indexed (it changes with every order): the product card reads
 * it live. Draft and archived products are taken out of the index.
 */

interface ProductRow {
  id: string;
  name: string;
  description: string;
  category: string | null;
  tags: string;
  status: string;
}
interface VariantRow {
  product_id: string;
  name: string;
  options: string;
  price: number;
}

/** The passage the bot retrieves for one product: name, description, category, tags, variants with their options and prices. */
export function productPassage(p: Pick<Product, "name" | "description" | "category" | "tags">, variants: Pick<ProductVariant, "name" | "options" | "price">[], currency: string): string {
  const lines = [p.name];
  if (p.description) lines.push(p.description);
  const about = [p.category ? `Category: ${p.category}.` : "", p.tags.length ? `Tags: ${p.tags.join(", ")}.` : ""].filter(Boolean).join(" ");
  if (about) lines.push(about);
  if (variants.length) {
    const opts = variants.map((v) => {
      const values = Object.values(v.options ?? {}).filter((x) => x && x.toLowerCase() !== v.name.toLowerCase());
      return `${v.name}${values.length ? ` (${values.join(", ")})` : ""} ${formatMoney(v.price, currency)}`;
    });
    lines.push(`${variants.length > 1 ? "Options" : "Price"}: ${opts.join("; ")}.`);
  }
  return lines.join("\n");
}

async function chatbotIds(env: Env, workspaceId: string, only?: string): Promise<string[]> {
  const rows = await env.DB.prepare(`select id from chatbots where workspace_id = ?1 ${only ? "and id = ?2" : ""}`)
    .bind(...(only ? [workspaceId, only] : [workspaceId]))
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

async function currencyOf(env: Env, workspaceId: string): Promise<string> {
  const row = await env.DB.prepare(`select currency from commerce_settings where workspace_id = ?1`).bind(workspaceId).first<{ currency: string }>();
  return row?.currency ?? "THB";
}

function parseJson<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

/**
 * Re-indexes the given products (or the whole catalog) for the workspace's
 * chatbots (or one of them). Deleted, draft and archived products leave the index.
 */
export async function syncProductIndex(env: Env, workspaceId: string, productIds?: string[], chatbotId?: string): Promise<{ indexed: number; removed: number }> {
  const bots = await chatbotIds(env, workspaceId, chatbotId);
  if (!bots.length) return { indexed: 0, removed: 0 };
  const ids = productIds ? [...new Set(productIds)] : null;
  const filter = ids ? `and id in (${ids.map((_, i) => `?${i + 2}`).join(",")})` : "";
  const rows = ids && !ids.length ? [] : (
    await env.DB.prepare(`select id, name, description, category, tags, status from products where workspace_id = ?1 ${filter}`)
      .bind(workspaceId, ...(ids ?? []))
      .all<ProductRow>()
  ).results;
  const live = rows.filter((r) => r.status === "active");
  const variants = new Map<string, VariantRow[]>();
  if (live.length) {
    const vs = await env.DB.prepare(
      `select product_id, name, options, price from product_variants where workspace_id = ?1 and product_id in (${live.map((_, i) => `?${i + 2}`).join(",")}) order by position`,
    )
      .bind(workspaceId, ...live.map((r) => r.id))
      .all<VariantRow>();
    for (const v of vs.results) variants.set(v.product_id, [...(variants.get(v.product_id) ?? []), v]);
  }
  // products assigned to chatbots (product_chatbots) are sold only by those
  const assigned = new Map<string, Set<string>>();
  if (live.length) {
    const rows = await env.DB.prepare(`select product_id, chatbot_id from product_chatbots where workspace_id = ?1 and product_id in (${live.map((_, i) => `?${i + 2}`).join(",")})`)
      .bind(workspaceId, ...live.map((r) => r.id))
      .all<{ product_id: string; chatbot_id: string }>();
    for (const a of rows.results) assigned.set(a.product_id, (assigned.get(a.product_id) ?? new Set()).add(a.chatbot_id));
  }
  const sells = (productId: string, bot: string) => !assigned.has(productId) || assigned.get(productId)!.has(bot);
  const currency = await currencyOf(env, workspaceId);
  const gone = new Set(ids ?? []);
  for (const r of rows) if (r.status === "active") gone.delete(r.id);
  for (const r of rows) if (r.status !== "active") gone.add(r.id);
  let removed = 0;
  let indexed = 0;
  for (const bot of bots) {
    for (const p of live) {
      if (!sells(p.id, bot)) {
        removed += (await removeSourceChunks(env, { workspaceId, chatbotId: bot, sourceType: "product", sourceId: p.id })).removed;
        continue;
      }
      indexed++;
      const text = productPassage(
        { name: p.name, description: p.description, category: p.category, tags: parseJson<string[]>(p.tags, []) },
        (variants.get(p.id) ?? []).map((v) => ({ name: v.name, options: parseJson<Record<string, string>>(v.options, {}), price: v.price })),
        currency,
      );
      await indexSourceChunks(env, {
        workspaceId, chatbotId: bot, sourceType: "product", sourceId: p.id, title: p.name, summary: p.category,
        chunks: [{ text, section: p.category, position: 0 }],
      });
    }
    for (const id of gone) removed += (await removeSourceChunks(env, { workspaceId, chatbotId: bot, sourceType: "product", sourceId: id })).removed;
  }
  return { indexed, removed };
}
