import { setCatalogPort } from "../durable-objects/conversation/cart";
import { app } from "./app";
import { catalogPort } from "./commerce/cart/catalog-port";
import { handleQueueBatch } from "./queues";
import { runScheduled } from "./scheduled";

export { ConversationDO } from "../durable-objects/conversation";
export { WorkspaceHubDO } from "../durable-objects/workspace-hub";
export { ApiRateLimiterDO } from "../durable-objects/api-rate-limiter";

// the ConversationDO reads the catalog for `cart:*` frames through this port
setCatalogPort(catalogPort);

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  scheduled: runScheduled,
} satisfies ExportedHandler<Env>;
