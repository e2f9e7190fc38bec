import { badRequest, notFound } from "../../lib/errors";
import type { Call } from "../../lib/service";
import { syncProductIndex } from "../knowledge/index-sync";

/**
 * Which chatbots sell a product: none listed = every chatbot of the workspace.
 * A product assigned to some chatbots is in only their bots' knowledge, so only
 * they answer with its card.
 */
export async function productChatbots({ ctx, input: { productId } }: Call<{ productId: string }>) {
  const { env, auth } = ctx;
  const p = await env.DB.prepare(`select id from products where id = ?1 and workspace_id = ?2`).bind(productId, auth.workspaceId).first();
  if (!p) throw notFound("Product");
  const rows = await env.DB.prepare(`select chatbot_id from product_chatbots where product_id = ?1 and workspace_id = ?2 order by chatbot_id`).bind(productId, auth.workspaceId).all<{ chatbot_id: string }>();
  const ids = rows.results.map((r) => r.chatbot_id);
  return { product_id: productId, all_chatbots: ids.length === 0, chatbot_ids: ids };
}

/** Replaces the product's chatbots (an empty list: all chatbots) and re-indexes it for every chatbot. */
export async function setProductChatbots({ ctx, input: { productId, chatbotIds } }: Call<{ productId: string; chatbotIds: string[] }>) {
  const { env, auth } = ctx;
  const p = await env.DB.prepare(`select id from products where id = ?1 and workspace_id = ?2`).bind(productId, auth.workspaceId).first();
  if (!p) throw notFound("Product");
  const ids = [...new Set(chatbotIds)];
  if (ids.length) {
    const known = await env.DB.prepare(`select id from chatbots where workspace_id = ?1 and id in (${ids.map((_, i) => `?${i + 2}`).join(",")})`)
      .bind(auth.workspaceId, ...ids)
      .all<{ id: string }>();
    const found = new Set(known.results.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw badRequest("UNKNOWN_CHATBOT", "Some chatbots are not in this workspace", { chatbot_ids: missing });
  }
  await env.DB.batch([
    env.DB.prepare(`delete from product_chatbots where product_id = ?1 and workspace_id = ?2`).bind(productId, auth.workspaceId),
    ...ids.map((id) => env.DB.prepare(`insert into product_chatbots (product_id, chatbot_id, workspace_id) values (?1, ?2, ?3)`).bind(productId, id, auth.workspaceId)),
  ]);
  await syncProductIndex(env, auth.workspaceId, [productId]);
  return productChatbots({ ctx, input: { productId } });
}
