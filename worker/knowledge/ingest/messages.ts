import { z } from "zod";

/** Messages on the INGEST queue (zod-validated on receipt). */
export const DocumentMessage = z.object({
  type: z.literal("document"),
  document_id: z.string().min(1),
  workspace_id: z.string().min(1),
});
export const CrawlPageMessage = z.object({
  type: z.literal("crawl_page"),
  url_source_id: z.string().min(1),
  workspace_id: z.string().min(1),
  url: z.string().url(),
  depth: z.number().int().min(0),
  run: z.number().int().min(1),
});
/** Rebuild a chatbot's latent term basis (knowledge/index/latent.ts) off the request that changed its index. */
export const LatentBasisMessage = z.object({
  type: z.literal("latent_basis"),
  workspace_id: z.string().min(1),
  chatbot_id: z.string().min(1),
});
export const IngestMessage = z.discriminatedUnion("type", [DocumentMessage, CrawlPageMessage, LatentBasisMessage]);
export type IngestMessage = z.infer<typeof IngestMessage>;
export type DocumentMessage = z.infer<typeof DocumentMessage>;
export type CrawlPageMessage = z.infer<typeof CrawlPageMessage>;

export function sendIngest(env: Env, message: IngestMessage): Promise<void> {
  return env.INGEST.send(message, { contentType: "json" }).then(() => undefined);
}
