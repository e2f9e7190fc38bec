import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../lib/context";
import { aiProviders } from "./ai-providers";
import { analyticsRoutes, chatbotAnalyticsRoutes } from "./analytics";
import { analyticsExportRoutes } from "./analytics-exports";
import { apiKeysRoutes } from "./api-keys";
import { agentAttachments, attachmentFiles, widgetAttachments } from "./attachments";
import { auditLogsRoutes } from "./audit-logs";
import { automationRoutes } from "./automation";
import { authRoutes } from "./auth";
import { cannedResponses } from "./canned-responses";
import { agentCartRoutes, widgetCart } from "./cart";
import { channelsRoutes } from "./channels";
import { channelTemplateRoutes, conversationChannelRoutes } from "./channel-templates";
import { chatbotsRoutes } from "./chatbots";
import { conversationActions } from "./conversation-actions";
import { conversationFilters } from "./conversation-filters";
import { conversationRouting } from "./conversation-routing";
import { conversations } from "./conversations";
import { demo } from "./demo";
import { devLineRoutes } from "./dev-line";
import { devTelegramRoutes } from "./dev-telegram";
import { devMessengerRoutes } from "./dev-messenger";
import { devWhatsAppRoutes } from "./dev-whatsapp";
import { devMailRoutes } from "./dev-mail";
import { devSeedRoutes } from "./dev-seed";
import { devPlanRoutes } from "./dev-plan";
import { billingRoutes } from "./billing";
import { adminPlanPaymentRoutes, planPaymentRoutes } from "./plan-payments";
import { adminRoutes } from "./admin";
import { mountDocs } from "./docs";
import { flowsRoutes } from "./flows";
import { health } from "./health";
import { invitationsRoutes } from "./invitations";
import { kbDocuments } from "./kb-documents";
import { kbFaqs } from "./kb-faqs";
import { kbFeedback, widgetFeedback } from "./kb-feedback";
import { kbGaps } from "./kb-gaps";
import { kbTest } from "./kb-test";
import { kbUrls } from "./kb-urls";
import { contactsRoutes, leadsRoutes } from "./leads";
import { membersRoutes } from "./members";
import { notes } from "./notes";
import { notifications } from "./notifications";
import { unsubscribeRoutes } from "./unsubscribe";
import { ordersRoutes } from "./orders";
import { paymentSettingsRoutes } from "./payment-settings";
import { productsRoutes } from "./products";
import { productImageFiles, productMediaRoutes } from "./product-media";
import { orderSlipRoutes, widgetSlips } from "./slips";
import { realtime } from "./realtime";
import { tags } from "./tags";
import { teamsRoutes } from "./teams";
import { visitors } from "./visitors";
import { widget } from "./widget";
import { webhooksRoutes } from "./webhooks";
import { widgetConfigRoutes } from "./widget-config";
import { workspaceRoutes } from "./workspace";

export interface MountOptions {
  /** Local development and tests only: the dev mailbox and the demo seed. Never mounted in production. */
  devRoutes: boolean;
}

/** The table of contents of the HTTP API: one line per resource. */
export function mountRoutes(app: OpenAPIHono<AppEnv>, options: MountOptions) {
  app.route("/api/v1/health", health);

  // accounts and the workspace
  app.route("/api/v1/auth", authRoutes);
  app.route("/api/v1/workspace", workspaceRoutes);
  app.route("/api/v1/members", membersRoutes);
  app.route("/api/v1/invitations", invitationsRoutes);
  app.route("/api/v1/api-keys", apiKeysRoutes);
  app.route("/api/v1/audit-logs", auditLogsRoutes);
  app.route("/api/v1/teams", teamsRoutes);

  // chatbots and the AI
  app.route("/api/v1/chatbots", chatbotsRoutes);
  app.route("/api/v1/ai/providers", aiProviders);
  app.route("/api/v1/flows", flowsRoutes);
  app.route("/api/v1/automation/rules", automationRoutes);

  // knowledge base
  app.route("/api/v1/knowledge-base/faqs", kbFaqs);
  app.route("/api/v1/knowledge-base/documents", kbDocuments);
  app.route("/api/v1/knowledge-base/urls", kbUrls);
  app.route("/api/v1/knowledge-base/test", kbTest);
  app.route("/api/v1/knowledge-base/gaps", kbGaps);
  app.route("/api/v1/knowledge-base", kbFeedback);

  // commerce: catalog, payments, orders
  app.route("/api/v1/products", productsRoutes);
  app.route("/api/v1/products", productMediaRoutes);
  app.route("/api/v1/product-images", productImageFiles);
  app.route("/api/v1/payment-settings", paymentSettingsRoutes);
  app.route("/api/v1/orders", ordersRoutes);
  app.route("/api/v1/orders", orderSlipRoutes);
  app.route("/api/v1/webhooks", webhooksRoutes);
  app.route("/api/v1/contacts", contactsRoutes);
  app.route("/api/v1/leads", leadsRoutes);

  // messaging channels (LINE …); outgoing webhooks are under /api/v1/webhooks
  app.route("/api/v1/channels", channelsRoutes);
  app.route("/api/v1/channels", channelTemplateRoutes);

  // the visitor's widget (public key + visitor token)
  app.route("/api/v1/widget/config", widgetConfigRoutes);
  app.route("/api/v1/widget/conversations", widgetAttachments);
  app.route("/api/v1/widget/feedback", widgetFeedback);
  app.route("/api/v1/widget", widget);
  app.route("/api/v1/widget/conversations", widgetCart);
  app.route("/api/v1/widget/conversations", widgetSlips);

  // the agent inbox and live actions
  app.route("/api/v1/conversations", conversations);
  app.route("/api/v1/conversations", notes);
  app.route("/api/v1/conversations", agentAttachments);
  app.route("/api/v1/conversations", conversationActions);
  app.route("/api/v1/conversations", agentCartRoutes);
  app.route("/api/v1/conversations", conversationRouting);
  app.route("/api/v1/conversations", conversationChannelRoutes);
  app.route("/api/v1/attachments", attachmentFiles);
  app.route("/api/v1/canned-responses", cannedResponses);
  app.route("/api/v1/conversation-filters", conversationFilters);
  app.route("/api/v1/notifications", notifications);
  app.route("/api/v1/unsubscribe", unsubscribeRoutes);
  app.route("/api/v1/tags", tags);
  app.route("/api/v1/realtime", realtime);
  app.route("/api/v1/visitors", visitors);

  // plans, limits and usage
  app.route("/api/v1/billing", billingRoutes);
  app.route("/api/v1/billing/promptpay", planPaymentRoutes);

  // the platform operators' console (not a workspace role)
  app.route("/api/v1/admin", adminRoutes);
  app.route("/api/v1/admin/plan-payments", adminPlanPaymentRoutes);
  // analytics and reports
  app.route("/api/v1/analytics/exports", analyticsExportRoutes);
  app.route("/api/v1/analytics", analyticsRoutes);
  app.route("/api/v1/chatbots", chatbotAnalyticsRoutes);

  // development only (not mounted in production) and the demo host page
  if (options.devRoutes) {
    app.route("/api/v1/dev/mail", devMailRoutes);
    app.route("/api/v1/dev/line", devLineRoutes);
    app.route("/api/v1/dev/telegram", devTelegramRoutes);
    app.route("/api/v1/dev/messenger", devMessengerRoutes);
    app.route("/api/v1/dev/whatsapp", devWhatsAppRoutes);
    app.route("/api/v1/dev", devSeedRoutes);
    app.route("/api/v1/dev", devPlanRoutes);
  }
  app.route("/demo", demo);

  // last: the OpenAPI document lists every route mounted above
  mountDocs(app);
}
