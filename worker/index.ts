import { app } from "./app";
import { handleQueueBatch } from "./queues";
import { runScheduled } from "./scheduled";

export { ConversationDO } from "../durable-objects/conversation";
export { WorkspaceHubDO } from "../durable-objects/workspace-hub";

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  scheduled: runScheduled,
} satisfies ExportedHandler<Env>;
