/**
 * The catalog as the bot's knowledge: product passages for the index (on
 * catalog changes) and product cards for bot answers (on the first turn whose
 * retrieval found products). See worker/lazy.ts.
 */
export { productAnswer, withCards } from "../commerce/knowledge/product-cards";
export { syncProductIndex } from "../commerce/knowledge/index-products";
