import type { MessageKey, Vars } from "../../i18n";
import type { Schema } from "../../lib/api";
import { messages } from "../../i18n/messages";

/** The contract's shapes (generated from the OpenAPI document). */
export type KbDocument = Schema<"KnowledgeDocument">;
export type CrawlPage = Schema<"CrawlPage">;
/** A website source; its detail (`GET /knowledge-base/urls/{id}`) adds the crawled pages. */
export type UrlSource = Schema<"UrlSource"> & { pages?: CrawlPage[] };
export type Faq = Schema<"Faq">;
export type FaqImportReport = Schema<"FaqImportReport">;

const DOCUMENT_STATUSES: readonly KbDocument["status"][] = ["pending", "processing", "completed", "failed"];
/** A live frame's status as a document status (frames carry any source's status as a string), or null. */
export const documentStatus = (status: string): KbDocument["status"] | null => DOCUMENT_STATUSES.find((s) => s === status) ?? null;

type Translate = (key: MessageKey, vars?: Vars) => string;

/** What a failure code means to a person, in the dashboard's language (the server's words for a code it does not know). */
export function failureText(t: Translate, code: string, fallback?: string | null): string {
  const key = `kbError.${code}`;
  return key in messages.en ? t(key as MessageKey) : (fallback ?? code);
}

/** A source's, page's or FAQ's status in the dashboard's language. */
export function statusText(t: Translate, status: string): string {
  const key = `kbStatus.${status}`;
  return key in messages.en ? t(key as MessageKey) : status;
}

export const statusBadge = (status: string) =>
  status === "completed" || status === "active" ? "badge badge-success" : status === "failed" ? "badge badge-danger" : status === "processing" || status === "crawling" ? "badge badge-primary" : "badge";
