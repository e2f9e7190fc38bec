import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../lib/context";
import { health } from "./health";
import { kbFaqs } from "./kb-faqs";
import { kbDocuments } from "./kb-documents";
import { kbUrls } from "./kb-urls";
import { chatbotsRoutes } from "./chatbots";
import { widgetConfigRoutes } from "./widget-config";
import { devSeedRoutes } from "./dev-seed";
import { mountDocs } from "./docs";
import { demo } from "./demo";
import { conversations } from "./conversations";
import { notes } from "./notes";
import { cannedResponses } from "./canned-responses";
import { conversationFilters } from "./conversation-filters";
import { agentAttachments, attachmentFiles, widgetAttachments } from "./attachments";
import { notifications } from "./notifications";
import { tags } from "./tags";
import { authRoutes } from "./auth";
import { devMailRoutes } from "./dev-mail";

import { kbTest } from "./kb-test";
import { kbGaps } from "./kb-gaps";
import { kbFeedback, widgetFeedback } from "./kb-feedback";
import { aiProviders } from "./ai-providers";
/** The table of contents of the HTTP API: one line per resource. */
export function mountRoutes(app: OpenAPIHono<AppEnv>) {
  app.route("/api/v1/health", health);
  app.route("/api/v1/knowledge-base/faqs", kbFaqs);
  app.route("/api/v1/knowledge-base/documents", kbDocuments);
  app.route("/api/v1/knowledge-base/urls", kbUrls);
  app.route("/api/v1/dev/mail", devMailRoutes);
  app.route("/api/v1/auth", authRoutes);
  app.route("/api/v1/chatbots", chatbotsRoutes);
  app.route("/api/v1/widget/config", widgetConfigRoutes);
  app.route("/api/v1/dev", devSeedRoutes);
  app.route("/api/v1/conversations", conversations);
  app.route("/api/v1/conversations", notes);
  app.route("/api/v1/conversations", agentAttachments);
  app.route("/api/v1/widget/conversations", widgetAttachments);
  app.route("/api/v1/attachments", attachmentFiles);
  app.route("/api/v1/canned-responses", cannedResponses);
  app.route("/api/v1/conversation-filters", conversationFilters);
  app.route("/api/v1/notifications", notifications);
  app.route("/api/v1/tags", tags);
  app.route("/demo", demo);
  app.route("/api/v1/knowledge-base/test", kbTest);
  app.route("/api/v1/knowledge-base/gaps", kbGaps);
  app.route("/api/v1/knowledge-base", kbFeedback);
  app.route("/api/v1/widget/feedback", widgetFeedback);
  app.route("/api/v1/ai/providers", aiProviders);
  // last: the OpenAPI document lists every route mounted above
  mountDocs(app);
}
