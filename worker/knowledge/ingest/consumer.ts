import { crawlPage, failCrawlPage } from "../crawl/crawl-page";
import { refreshLatent } from "../index/latent";
import { IngestError } from "./errors";
import { IngestMessage } from "./messages";
import { failDocument, processDocument } from "./process-document";

/** Backoff for transient failures: 10 s, 20 s, 40 s … capped at 5 minutes. */
export const retryDelay = (attempts: number) => Math.min(300, 10 * 2 ** Math.max(0, attempts - 1));

/**
 * INGEST queue consumer (documents, crawl pages and latent-basis rebuilds). Malformed messages can
 * never succeed: acked and logged. Permanent failures are recorded on the
 * source and acked; transient ones are retried with backoff, and after
 * `max_retries` the platform moves them to the dead-letter queue, whose batch
 * marks the source failed with PROCESSING_FAILED.
 */
export async function handleIngestBatch(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext): Promise<void> {
  const deadLetters = batch.queue.endsWith("-dlq");
  for (const message of batch.messages) {
    const parsed = IngestMessage.safeParse(message.body);
    if (!parsed.success) {
      console.warn(`ingest: dropping malformed message ${message.id}`, parsed.error.issues.slice(0, 3));
      message.ack();
      continue;
    }
    const body = parsed.data;
    try {
      if (deadLetters) {
        const reason = "Processing kept failing; try again later";
        if (body.type === "document") await failDocument(env, body, "PROCESSING_FAILED", reason);
        else if (body.type === "crawl_page") await failCrawlPage(env, body, "PROCESSING_FAILED");
        // a basis that could not be rebuilt stays as it was: questions fold new passages into it, and the next index change asks again
        else console.error(`ingest: latent basis of ${body.chatbot_id} could not be rebuilt`);
      } else if (body.type === "document") {
        await processDocument(env, body);
      } else if (body.type === "crawl_page") {
        await crawlPage(env, body);
      } else {
        await refreshLatent(env, body.chatbot_id);
      }
      message.ack();
    } catch (err) {
      if (err instanceof IngestError && body.type === "document") {
        try {
          await failDocument(env, body, err.code, err.message);
          message.ack();
        } catch (inner) {
          console.error("ingest: could not record failure", inner);
          message.retry({ delaySeconds: retryDelay(message.attempts) });
        }
        continue;
      }
      console.error(`ingest: ${body.type} failed (attempt ${message.attempts})`, err instanceof Error ? err.message : err);
      message.retry({ delaySeconds: retryDelay(message.attempts) });
    }
  }
}
