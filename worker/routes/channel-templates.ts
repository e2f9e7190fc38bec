import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { loadIntegrations } from "../lazy";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";
import { ConvParams, IdParams, json, jsonBody } from "./inbox-schemas";

const Template = z
  .object({ name: z.string(), language: z.string(), category: z.string().nullable(), body: z.string(), param_count: z.number().int(), synced_at: z.string() })
  .openapi("ChannelTemplate");
const Templates = json(z.object({ data: z.array(Template) }), "Approved templates");

const ReplyWindow = z
  .object({
    channel: z.string(),
    state: z.enum(["open", "human_agent", "closed"]),
    closes_at: z.string().nullable(),
    templates_required: z.boolean().openapi({ description: "Only an approved template can reach the person now (WhatsApp after 24 h)" }),
    last_inbound_at: z.string().nullable(),
    templates: z.array(Template),
  })
  .openapi("ReplyWindow");

const TemplateSend = z
  .object({
    name: z.string().min(1).max(512),
    language: z.string().min(2).max(20),
    parameters: z.array(z.string().trim().min(1).max(1000)).max(20).default([]),
    client_id: z.string().min(1).max(64),
  })
  .openapi("ChannelTemplateInput");

const base = { tags: ["Integrations"], security: AUTHENTICATED };

/** `/api/v1/channels/{id}/templates`: a WhatsApp channel's approved message templates. */
export const channelTemplateRoutes = createRouter()
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}/templates", summary: "A WhatsApp channel's approved templates (as last synced)", middleware: [requireAuth, requirePermission("conversations:read")], request: { params: IdParams }, responses: { 200: Templates, ...errorResponses(400, 401, 403, 404) } }),
    async (c) => c.json({ data: await (await loadIntegrations()).listTemplates({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/{id}/templates/sync", summary: "Sync the approved templates from the WhatsApp Business Account", middleware: [requireAuth, requirePermission("chatbots:read")], request: { params: IdParams }, responses: { 200: Templates, ...errorResponses(400, 401, 403, 404, 502) } }),
    async (c) => c.json({ data: await (await loadIntegrations()).syncTemplates({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }) }, 200),
  );

/** `/api/v1/conversations/{id}/…`: the channel's reply window and sending an approved template. */
export const conversationChannelRoutes = createRouter()
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}/reply-window", summary: "Whether the business may write on the conversation's channel now",
      description: "WhatsApp: open for 24 h after the customer's last message, then `closed` with `templates_required`. Messenger/Instagram: then `human_agent` up to 7 days. Other channels: always open.",
      middleware: [requireAuth, requirePermission("conversations:read")], request: { params: ConvParams }, responses: { 200: json(ReplyWindow, "The window"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadIntegrations()).conversationReplyWindow({ ctx: serviceCtx(c), input: { conversationId: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/channel-template", summary: "Send an approved WhatsApp template as the agent",
      description: "Works inside and outside the 24-hour window. `parameters` fill the body's {{1}}…{{n}} in order; `client_id` makes the send idempotent. 400 TEMPLATE_PARAMETERS when the count differs, TEMPLATES_NOT_SUPPORTED on other channels.",
      middleware: [requireAuth, requirePermission("conversations:respond")], request: { params: ConvParams, ...jsonBody(TemplateSend) },
      responses: { 201: json(z.object({ message_id: z.string(), seq: z.number().int(), text: z.string() }), "Appended and queued for WhatsApp"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await (await loadIntegrations()).sendTemplate({ ctx: serviceCtx(c), input: { conversationId: c.req.valid("param").id, ...c.req.valid("json") } }), 201),
  );
