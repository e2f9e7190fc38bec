import { z } from "zod";
import { requireAuth } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { badRequest } from "../lib/errors";
import { listNotifications, markNotificationRead } from "../inbox/notifications";
import { queryObject, validate } from "../inbox/validate";

const ListQuery = z.object({
  unread: z.enum(["true", "false", "1", "0"]).optional(),
  limit: z.preprocess((v) => (v === undefined ? undefined : Number(v)), z.number().int().min(1).max(200).optional()),
});

/** The signed-in user's notifications (mentions, escalations). */
export const notifications = createRouter();
notifications.use("*", requireAuth, async (c, next) => {
  if (!c.get("auth").userId) throw badRequest("USER_REQUIRED", "Notifications belong to a signed-in user");
  await next();
});

notifications.get("/", async (c) => {
  const q = validate(ListQuery, queryObject(c.req.url));
  return c.json(await listNotifications({ env: c.env, auth: c.get("auth") }, { unreadOnly: q.unread === "true" || q.unread === "1", limit: q.limit }));
});

notifications.post("/:id/read", async (c) => c.json(await markNotificationRead({ env: c.env, auth: c.get("auth") }, c.req.param("id"))));
