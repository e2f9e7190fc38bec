import { loadShopBot } from "../../lazy";

/**
 * Keeps the bot's product passages in step with the catalog. The indexing
 * itself (worker/commerce/knowledge/index-products.ts) loads lazily with the
 * card builder (worker/lazy/shop-bot.ts).
 */
export async function syncProductIndex(env: Env, workspaceId: string, productIds?: string[], chatbotId?: string) {
  const { syncProductIndex: sync } = await loadShopBot();
  return sync(env, workspaceId, productIds, chatbotId);
}

/** Chatbots whose product index this isolate has already checked. */
const checked = new Set<string>();

/**
 * A chatbot created after its workspace's catalog has no product passages
 * yet: on its first bot turn in this isolate, index the catalog for it.
 */
export async function ensureCatalogIndexed(env: Env, workspaceId: string, chatbotId: string): Promise<void> {
  if (checked.has(chatbotId)) return;
  const row = await env.DB.prepare(
    `select (select count(*) from products where workspace_id = ?1 and status = 'active') as products,
            (select count(*) from knowledge_source_terms where chatbot_id = ?2 and source_type = 'product') as indexed`,
  )
    .bind(workspaceId, chatbotId)
    .first<{ products: number; indexed: number }>();
  if (row && row.products > 0 && row.indexed === 0) await syncProductIndex(env, workspaceId, undefined, chatbotId);
  checked.add(chatbotId);
}
