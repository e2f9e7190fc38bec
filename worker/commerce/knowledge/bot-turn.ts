import type { TurnResult } from "../../ai/turn";
import type { AnswerInput, AnswerResult } from "../../ai/types";
import { ensureCatalogIndexed } from "./index-sync";
import { loadShopBot } from "../../lazy";
import { productHits } from "./hits";
import type { ProductAnswer } from "./product-cards";

/**
 * The one place the bot turn meets the catalog: make sure the chatbot's
 * product passages exist, run the turn, and when retrieval found products,
 * answer with product cards. An LLM's own wording is kept; the offline
 * answerer's passage excerpt (or its "I don't know") gives way to a short
 * line about the product. A turn that hands over to a person is left alone.
 */
export async function withCatalog(env: Env, input: AnswerInput, run: () => Promise<TurnResult>): Promise<AnswerResult> {
  await ensureCatalogIndexed(env, input.workspaceId, input.chatbotId).catch((err) => console.error("catalog index check failed", err));
  const turn = await run();
  const { result } = turn;
  if (result.escalation || result.action === "escalate") return result;
  if (!productHits(turn.hits).length) return result;
  let found: ProductAnswer | null = null;
  let withCards: typeof import("./product-cards").withCards | null = null;
  try {
    const shop = await loadShopBot();
    withCards = shop.withCards;
    found = await shop.productAnswer(env, { workspaceId: input.workspaceId, chatbotId: input.chatbotId, message: input.message }, turn.hits);
  } catch (err) {
    console.error("product cards failed", err);
  }
  if (!found?.cards.length || !withCards) return result;
  const ownWords = !result.failed && result.model !== "offline-extractive" && result.model !== "fallback";
  return {
    ...result,
    text: ownWords ? result.text : found.text,
    failed: false,
    intent: result.intent,
    rich: withCards(result.rich, found.cards),
  };
}
