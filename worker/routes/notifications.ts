import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { badRequest } from "../lib/errors";
import { serviceCtx } from "../lib/service";
import { listNotifications, markNotificationRead } from "../inbox/notifications";
import { AUTHENTICATED, errorResponses } from "./docs";
import { IdParams, Notification, json } from "./inbox-schemas";

const ListQuery = z.object({
  unread: z.enum(["true", "false", "1", "0"]).optional(),
  limit: z.preprocess((v) => (v === undefined ? undefined : Number(v)), z.number().int().min(1).max(200).optional()),
});

const base = { tags: ["Conversations"], security: AUTHENTICATED };

/** The signed-in user's notifications (mentions, escalations). */
export const notifications = createRouter();
notifications.use("*", requireAuth, async (c, next) => {
  if (!c.get("auth").userId) throw badRequest("USER_REQUIRED", "Notifications belong to a signed-in user");
  await next();
});

notifications
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "The signed-in user's notifications (mentions, escalations)", request: { query: ListQuery },
      responses: { 200: json(z.object({ data: z.array(Notification), unread_count: z.number().int() }), "Newest first"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listNotifications({ ctx: serviceCtx(c), input: { unreadOnly: q.unread === "true" || q.unread === "1", limit: q.limit } }), 200);
    },
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/{id}/read", summary: "Mark a notification read", request: { params: IdParams }, responses: { 200: json(Notification, "The notification"), ...errorResponses(401, 404) } }),
    async (c) => c.json(await markNotificationRead({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  );
