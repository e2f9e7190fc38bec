import { setCatalogPort } from "../durable-objects/conversation/cart";
import { app } from "./app";
import { catalogPort } from "./commerce/cart/catalog-port";
import { loadIntegrations } from "./lazy";
import { handleQueueBatch } from "./queues";
import { runScheduled } from "./scheduled";

export { ConversationDO } from "../durable-objects/conversation";
export { WorkspaceHubDO } from "../durable-objects/workspace-hub";

// the ConversationDO reads the catalog for `cart:*` frames through this port
setCatalogPort(catalogPort);

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  scheduled: runScheduled,
  // replies to signed reply-to addresses continue conversations by email (worker/notify/continuation.ts)
  email: async (message, env) => (await loadIntegrations()).receiveEmail(env, message),
} satisfies ExportedHandler<Env>;
