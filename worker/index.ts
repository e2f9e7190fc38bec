import { setCatalogPort } from "../durable-objects/conversation/cart";
import { app } from "./app";
import { catalogPort } from "./commerce/cart/catalog-port";
import { handleQueueBatch } from "./queues";
import { runScheduled } from "./scheduled";
import { observedCron, observedFetch, observedQueue } from "./observability/handlers";

export { ConversationDO } from "../durable-objects/conversation";
export { WorkspaceHubDO } from "../durable-objects/workspace-hub";
export { ApiRateLimiterDO } from "../durable-objects/api-rate-limiter";

// the ConversationDO reads the catalog for `cart:*` frames through this port
setCatalogPort(catalogPort);

export default {
  fetch: observedFetch(app.fetch),
  queue: observedQueue(handleQueueBatch),
  scheduled: observedCron(runScheduled),
} satisfies ExportedHandler<Env>;
