import { setCatalogPort } from "../durable-objects/conversation/cart";
import { setPorts } from "../durable-objects/ports";
import { app } from "./app";
import { catalogPort } from "./commerce/cart/catalog-port";
import { doPorts } from "./do-ports";
import { loadIntegrations } from "./lazy";
import { handleQueueBatch } from "./queues";
import { runScheduled } from "./scheduled";
import { observedCron, observedFetch, observedQueue } from "./observability/handlers";

export { ConversationDO } from "../durable-objects/conversation";
export { WorkspaceHubDO } from "../durable-objects/workspace-hub";
export { ApiRateLimiterDO } from "../durable-objects/api-rate-limiter";

// the ConversationDO reads the catalog for `cart:*` frames through this port
setCatalogPort(catalogPort);
// and the bot, search segmentation and the live membership check through these
setPorts(doPorts);

export default {
  fetch: observedFetch(app.fetch),
  queue: observedQueue(handleQueueBatch),
  scheduled: observedCron(runScheduled),
  // replies to signed reply-to addresses continue conversations by email (worker/notify/continuation.ts)
  email: async (message, env) => (await loadIntegrations()).receiveEmail(env, message),
} satisfies ExportedHandler<Env>;
