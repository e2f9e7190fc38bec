import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAuth, requirePermission } from "../auth/middleware";
import { CHANNEL_TYPES } from "../channels/types";
import { loadIntegrations } from "../lazy";
import type { AppEnv } from "../lib/context";
import { AppError, notFound } from "../lib/errors";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";
import { body, IdParams, json } from "./team-schemas";

const ChannelSchema = z
  .object({
    id: z.string(),
    type: z.enum(CHANNEL_TYPES),
    chatbot_id: z.string(),
    name: z.string().nullable(),
    active: z.boolean(),
    webhook_url: z.string(),
    last_event_at: z.string().nullable().openapi({ description: "When the provider last reached the webhook with a verified event" }),
    verify_token: z.string().optional().openapi({ description: "Messenger, Instagram, WhatsApp: the webhook's verify token for the Meta app dashboard, only in the answer to the connect call" }),
    email: z
      .object({ inbound_address: z.string().nullable(), support_address: z.string(), from_name: z.string().nullable(), from: z.string(), reply_window: z.literal("none") })
      .optional()
      .openapi({ description: "Email: forward the support mailbox to `inbound_address`; replies are sent as `from` (no 24-hour window)" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Channel");

const CreateBody = z
  .strictObject({
    type: z.enum(CHANNEL_TYPES),
    chatbot_id: z.string().min(1).max(64),
    name: z.string().trim().max(100).optional(),
    config: z.record(z.string(), z.unknown()).openapi({ description: "Provider secrets, stored encrypted and never returned. LINE: `{channel_secret, channel_access_token}`; Telegram: `{bot_token}` (the bot's webhook is set with a generated secret token); Messenger, Instagram: `{page_access_token, app_secret}`; WhatsApp: `{phone_number_id, waba_id, access_token, app_secret}`; email: `{support_address, from_name?, resend_api_key?}`" }),
  })
  .openapi("CreateChannel");

const DeliverySchema = z
  .object({ message_id: z.string(), channel_id: z.string(), status: z.enum(["pending", "sending", "retrying", "sent", "delivered", "read", "failed"]), method: z.string().nullable(), attempts: z.number(), error: z.string().nullable(), updated_at: z.string() })
  .openapi("ChannelDelivery");

const VerifySchema = z
  .object({
    ok: z.boolean(),
    checks: z.array(z.object({ key: z.enum(["credentials", "webhook", "events"]), ok: z.boolean(), detail: z.string().nullable() })),
    last_event_at: z.string().nullable(),
  })
  .openapi("ChannelVerification");

const base = { tags: ["Integrations"], security: AUTHENTICATED };
const ctx = serviceCtx;

/** `/api/v1/channels`: messaging-channel connections of a chatbot and the providers' webhook endpoint. */
export const channelsRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Connect a messaging channel to a chatbot",
      description:
        "`webhook_url` goes into the provider's console (Telegram: set by MiniChat). Types without an adapter answer 400 CHANNEL_NOT_AVAILABLE; email answers 400 EMAIL_RECEIVING_NOT_CONFIGURED when no domain routes mail to this deployment (EMAIL_REPLY_DOMAIN) and 400 EMAIL_SENDING_NOT_CONFIGURED when replies could not be sent; credentials the provider refuses answer 400 CHANNEL_CREDENTIALS_REJECTED, a provider that cannot be reached 502 CHANNEL_PROVIDER_UNAVAILABLE. A provider account (WhatsApp number, Telegram bot, LINE channel, Facebook Page, Instagram account) already connected answers 409 CHANNEL_ALREADY_CONNECTED (in the same workspace with the chatbot that has it).",
      middleware: [requireAuth, requirePermission("settings:manage")],
      request: body(CreateBody),
      responses: { 201: json(ChannelSchema, "The channel (secrets are never returned)"), ...errorResponses(400, 401, 402, 403, 404, 409, 502) },
    }),
    async (c) => c.json(await (await loadIntegrations()).createChannel({ ctx: ctx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List channel connections",
      middleware: [requireAuth, requirePermission("chatbots:read")],
      request: { query: z.object({ chatbot_id: z.string().max(64).optional() }) },
      responses: { 200: json(z.object({ data: z.array(ChannelSchema) }), "Channels"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ data: await (await loadIntegrations()).listChannels({ ctx: ctx(c), input: { chatbotId: c.req.valid("query").chatbot_id } }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}", summary: "One channel connection", middleware: [requireAuth, requirePermission("chatbots:read")], request: { params: IdParams }, responses: { 200: json(ChannelSchema, "The channel"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await (await loadIntegrations()).getChannel({ ctx: ctx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/verify",
      summary: "Check a connection with its provider: credentials, webhook URL, first event received",
      middleware: [requireAuth, requirePermission("chatbots:read")],
      request: { params: IdParams },
      responses: { 200: json(VerifySchema, "One line per check"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadIntegrations()).verifyChannel({ ctx: ctx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}", summary: "Disconnect a channel (its conversations stay)", middleware: [requireAuth, requirePermission("settings:manage")], request: { params: IdParams }, responses: { 204: { description: "Disconnected" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await (await loadIntegrations()).deleteChannel({ ctx: ctx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/deliveries/{id}",
      summary: "Delivery state of a conversation's (id) outbound channel messages",
      middleware: [requireAuth, requirePermission("conversations:read")],
      request: { params: IdParams },
      responses: { 200: json(z.object({ data: z.array(DeliverySchema) }), "Deliveries"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ data: (await (await loadIntegrations()).conversationDeliveries({ ctx: ctx(c), input: { conversationId: c.req.valid("param").id } })) as z.infer<typeof DeliverySchema>[] }, 200),
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/{id}/webhook",
      summary: "Meta's subscription handshake (Messenger, Instagram, WhatsApp): answers hub.challenge when hub.verify_token is this connection's",
      request: {
        params: IdParams,
        query: z.object({ "hub.mode": z.string().optional(), "hub.verify_token": z.string().optional(), "hub.challenge": z.string().max(200).optional() }),
      },
      responses: { 200: { description: "The challenge, as plain text", content: { "text/plain": { schema: z.string() } } }, ...errorResponses(403, 404) },
    }),
    async (c) => {
      const lib = await loadIntegrations();
      const found = await lib.channelForWebhook(c.env, c.req.valid("param").id);
      if (!found) throw notFound("Channel");
      const challenge = lib.answerHandshake((name) => c.req.query(name), found.secrets.verify_token);
      if (challenge === null) throw new AppError(403, "VERIFY_TOKEN_MISMATCH", "The verify token is not this channel's");
      return c.text(challenge, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "post",
      path: "/{id}/webhook",
      summary: "Provider webhook (LINE: signed with x-line-signature; Telegram: X-Telegram-Bot-Api-Secret-Token; WhatsApp: X-Hub-Signature-256)",
      description:
        "Meta (Messenger, Instagram, WhatsApp): one app serving several connected accounts may use any one connection's URL as the app's callback URL; entries of the app's other accounts go to their connections when those are in the same workspace and were connected with the same app secret.",
      request: { params: IdParams },
      responses: { 200: json(z.object({ ok: z.boolean(), events: z.number() }), "Accepted"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const raw = await c.req.text();
      const lib = await loadIntegrations();
      const found = await lib.channelForWebhook(c.env, c.req.valid("param").id);
      if (!found) throw notFound("Channel");
      const events = await lib.authenticEvents(found, raw, (name) => c.req.header(name));
      if (!events) throw new AppError(401, "INVALID_SIGNATURE", "The webhook signature does not match");
      if (events.length) c.executionCtx.waitUntil(lib.receiveInbound(c.env, found.row, found.secrets, events).catch((err: unknown) => console.error("channel inbound failed", err)));
      // one Meta app, several accounts: entries of the app's other connected accounts (same workspace, same app secret) go to their connections
      const siblings = await lib.appSiblings(c.env, found, raw);
      for (const s of siblings) c.executionCtx.waitUntil(lib.receiveInbound(c.env, s.row, s.secrets, s.events).catch((err: unknown) => console.error("channel inbound failed", err)));
      return c.json({ ok: true, events: events.length + siblings.reduce((n, s) => n + s.events.length, 0) }, 200);
    },
  );
