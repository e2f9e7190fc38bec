import { handleIngestBatch } from "./knowledge/ingest/consumer";
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
    console.warn(`no handler for queue ${batch.queue}; acking ${batch.messages.length} message(s)`);
    batch.ackAll();
    return;
  }
  await handler(batch, env, ctx);
}

export type QueueHandler = (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>;

/** Queue name (without `-dlq`) → handler. Domains register theirs here. */
export const QUEUE_HANDLERS: Record<string, QueueHandler> = {};
QUEUE_HANDLERS["minichat-ingest"] = handleIngestBatch;
