import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { badRequest } from "../lib/errors";
import { serviceCtx } from "../lib/service";
import { loadNotify } from "../lazy";
import { listNotifications, markAllNotificationsRead, markNotificationRead } from "../inbox/notifications";
import { KIND_MEDIA, NOTIFICATION_KINDS, NOTIFICATION_MEDIA, SLACK_EVENTS } from "../notifications/kinds";
import { AUTHENTICATED, errorResponses } from "./docs";
import { IdParams, Notification, json, jsonBody } from "./inbox-schemas";

const ListQuery = z.object({
  unread: z.enum(["true", "false", "1", "0"]).optional(),
  limit: z.preprocess((v) => (v === undefined ? undefined : Number(v)), z.number().int().min(1).max(200).optional()),
});

const Media = z.object(Object.fromEntries(NOTIFICATION_MEDIA.map((m) => [m, z.boolean()])) as Record<(typeof NOTIFICATION_MEDIA)[number], z.ZodBoolean>);
const Preferences = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, Media])) as Record<(typeof NOTIFICATION_KINDS)[number], typeof Media>).openapi("NotificationPreferences");
const PreferencesPatch = z
  .strictObject(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, Media.partial().strict().optional()])) as Record<(typeof NOTIFICATION_KINDS)[number], z.ZodOptional<z.ZodObject<{ in_app: z.ZodOptional<z.ZodBoolean>; email: z.ZodOptional<z.ZodBoolean>; push: z.ZodOptional<z.ZodBoolean> }>>>)
  .superRefine((patch, ctx) => {
    for (const [kind, media] of Object.entries(KIND_MEDIA)) {
      for (const [medium, on] of Object.entries((patch as Record<string, Record<string, boolean | undefined> | undefined>)[kind] ?? {})) {
        if (on && !media.includes(medium as (typeof media)[number])) ctx.addIssue({ code: "custom", path: [kind, medium], message: `${kind} is sent by ${media.join(" and ")} only` });
      }
    }
  })
  .openapi("NotificationPreferencesChange");
const PushSubscriptionIn = z
  .object({ endpoint: z.url().max(2000), keys: z.object({ p256dh: z.string().min(80).max(100), auth: z.string().min(16).max(32) }), expirationTime: z.number().nullable().optional() })
  .openapi("PushSubscriptionIn");
const PushSubscriptionOut = z
  .object({ id: z.string(), endpoint_host: z.string(), user_agent: z.string().nullable(), created_at: z.string(), last_sent_at: z.string().nullable() })
  .openapi("PushSubscription");
const SlackSettings = z
  .object({ connected: z.boolean(), events: z.array(z.enum(SLACK_EVENTS)), last_error: z.string().nullable(), updated_at: z.string().nullable() })
  .openapi("SlackSettings");
const SlackPut = z.strictObject({ webhook_url: z.string().max(500).optional(), events: z.array(z.enum(SLACK_EVENTS)).max(SLACK_EVENTS.length).optional() }).openapi("SlackSettingsChange");

const base = { tags: ["Notifications"], security: AUTHENTICATED };
const manage = requirePermission("settings:manage");

/** The signed-in member's notification centre, preferences, browser push devices, and the workspace's Slack. */
export const notifications = createRouter();
notifications.use("*", requireAuth, async (c, next) => {
  if (!c.get("auth").userId) throw badRequest("USER_REQUIRED", "Notifications belong to a signed-in user");
  await next();
});

notifications
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "The signed-in member's notifications (mentions, assignments, escalations, new conversations, offline messages, failed deliveries)", request: { query: ListQuery },
      responses: { 200: json(z.object({ data: z.array(Notification), unread_count: z.number().int() }), "Newest first"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listNotifications({ ctx: serviceCtx(c), input: { unreadOnly: q.unread === "true" || q.unread === "1", limit: q.limit } }), 200);
    },
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/read-all", summary: "Mark every notification read", responses: { 200: json(z.object({ updated: z.number().int(), unread_count: z.number().int() }), "How many changed"), ...errorResponses(401) } }),
    async (c) => c.json(await markAllNotificationsRead({ ctx: serviceCtx(c), input: undefined }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/{id}/read", summary: "Mark a notification read", request: { params: IdParams }, responses: { 200: json(Notification, "The notification"), ...errorResponses(401, 404) } }),
    async (c) => c.json(await markNotificationRead({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/preferences", summary: "The member's choices per event × medium (in_app, email, push)", responses: { 200: json(Preferences, "Every event and medium"), ...errorResponses(401) } }),
    async (c) => c.json(await (await loadNotify()).getPreferences({ ctx: serviceCtx(c), input: undefined }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "put", path: "/preferences", summary: "Change some of the member's choices (cells not given stay)", request: jsonBody(PreferencesPatch), responses: { 200: json(Preferences, "Every event and medium"), ...errorResponses(400, 401) } }),
    async (c) => c.json(await (await loadNotify()).putPreferences({ ctx: serviceCtx(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/push/public-key", summary: "The VAPID public key for PushManager.subscribe (made on first use)", responses: { 200: json(z.object({ public_key: z.string() }), "Base64url, uncompressed P-256"), ...errorResponses(401) } }),
    async (c) => c.json({ public_key: await (await loadNotify()).vapidPublicKey(c.env) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/push/subscriptions", summary: "The member's browsers with push on", responses: { 200: json(z.object({ data: z.array(PushSubscriptionOut) }), "Devices"), ...errorResponses(401) } }),
    async (c) => c.json({ data: await (await loadNotify()).listPushSubscriptions({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/push/subscriptions", summary: "Save this browser's push subscription (PushSubscription.toJSON())", request: jsonBody(PushSubscriptionIn),
      responses: { 201: json(PushSubscriptionOut, "Saved (the same endpoint again replaces its keys)"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const out = await (await loadNotify()).subscribePush({ ctx: serviceCtx(c), input: { endpoint: b.endpoint, keys: b.keys, userAgent: c.req.header("user-agent") ?? null } });
      return c.json(out, 201);
    },
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/push/subscriptions", summary: "Remove this browser by its endpoint", request: jsonBody(z.object({ endpoint: z.string().max(2000) })), responses: { 204: { description: "Removed" }, ...errorResponses(400, 401, 404) } }),
    async (c) => {
      await (await loadNotify()).unsubscribePush({ ctx: serviceCtx(c), input: { endpoint: c.req.valid("json").endpoint } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/push/subscriptions/{id}", summary: "Remove one of the member's browsers", request: { params: IdParams }, responses: { 204: { description: "Removed" }, ...errorResponses(401, 404) } }),
    async (c) => {
      await (await loadNotify()).unsubscribePush({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/slack", summary: "The workspace's Slack connection (the webhook URL is never returned)", middleware: [manage], responses: { 200: json(SlackSettings, "Connection"), ...errorResponses(401, 403) } }),
    async (c) => c.json(await (await loadNotify()).getSlack({ ctx: serviceCtx(c), input: undefined }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "put", path: "/slack", summary: "Connect Slack (an incoming-webhook URL, https://hooks.slack.com/services/…) or change the events posted",
      middleware: [manage], request: jsonBody(SlackPut), responses: { 200: json(SlackSettings, "Connection"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await (await loadNotify()).putSlack({ ctx: serviceCtx(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/slack", summary: "Disconnect Slack", middleware: [manage], responses: { 204: { description: "Disconnected" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await (await loadNotify()).deleteSlack({ ctx: serviceCtx(c), input: undefined });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/slack/test", summary: "Post a test message to the connected Slack channel now", middleware: [manage], responses: { 200: json(z.object({ delivered: z.literal(true) }), "Slack accepted it"), ...errorResponses(400, 401, 403, 404) } }),
    async (c) => c.json(await (await loadNotify()).testSlack({ ctx: serviceCtx(c), input: undefined }), 200),
  );
