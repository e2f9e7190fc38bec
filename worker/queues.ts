import { handleIngestBatch } from "./knowledge/ingest/consumer";
import { loadIntegrations } from "./lazy";
/**
 * Queue consumer entry: each queue's messages go to its domain handler.
 * Handlers ack what they finished and retry (with backoff) what failed
 * transiently; after `max_retries` the platform moves a message to the
 * queue's dead-letter queue.
 */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) {
  const name = batch.queue.replace(/-dlq$/, "");
  const handler = QUEUE_HANDLERS[name];
  if (!handler) {
    // never ack-and-drop: the messages stay for a handler (and reach the dead-letter queue meanwhile)
    console.error(`no handler for queue ${batch.queue}; retrying ${batch.messages.length} message(s)`);
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  await handler(batch, env, ctx);
}

export type QueueHandler = (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>;

/** Queue name (without `-dlq`) → handler. Domains register theirs here. */
export const QUEUE_HANDLERS: Record<string, QueueHandler> = {};
QUEUE_HANDLERS["minichat-ingest"] = handleIngestBatch;
QUEUE_HANDLERS["minichat-outbound"] = async (batch, env, ctx) => (await loadIntegrations()).handleOutboundBatch(batch, env, ctx);
