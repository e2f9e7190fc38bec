/**
 * Compile-time checks of the dashboard's API client (`npx tsc --noEmit -p .`
 * fails when one breaks; vitest does not run this file): request bodies and
 * answers are typed from the generated OpenAPI types.
 */
import { api, type Schema } from "../../dashboard/src/lib/api";

export async function typedClient(id: string) {
  // the answer of a documented operation, without a type argument
  const faq: Schema<"Faq"> = await api(`/api/v1/knowledge-base/faqs/${id}`);
  void faq;
  // a documented body is accepted…
  await api("/api/v1/knowledge-base/faqs", { body: { chatbot_id: id, question: "Opening hours?", answer: "9 to 5" } });
  await api(`/api/v1/knowledge-base/faqs/${id}`, { method: "PATCH", body: { priority: "high" } });
  // …a form for an upload too
  await api("/api/v1/knowledge-base/faqs/import", { body: new FormData() });
  // @ts-expect-error a required field is missing
  await api("/api/v1/knowledge-base/faqs", { body: { chatbot_id: id, question: "Opening hours?" } });
  // @ts-expect-error a field of the wrong type
  await api(`/api/v1/knowledge-base/faqs/${id}`, { method: "PATCH", body: { priority: "urgent" } });
  // @ts-expect-error the URL source's limits are numbers
  await api("/api/v1/knowledge-base/urls", { body: { chatbot_id: id, url: "https://example.com", max_pages: "50" } });
}
