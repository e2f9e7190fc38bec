import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { notFound } from "../lib/errors";
import { clearDevMail, devMailEnabled, listDevMail } from "../notify/dev-mail";

const MailSchema = z.object({
  id: z.string(),
  workspace_id: z.string().nullable(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  created_at: z.string(),
});

/**
 * The development mailbox: every email the app would have sent, newest first.
 * Exists only when APP_ENV is development or test; elsewhere it answers 404.
 */
export const devMailRoutes = createRouter();

devMailRoutes.use("*", async (c, next) => {
  if (!devMailEnabled(c.env)) throw notFound("Route");
  await next();
});

devMailRoutes
  .openapi(
    createRoute({
      tags: ["Auth"],
      method: "get",
      path: "/",
      summary: "List captured development mail (development and test only)",
      request: { query: z.object({ to: z.string().trim().max(254).optional() }) },
      responses: { 200: { description: "Newest first", content: { "application/json": { schema: z.object({ data: z.array(MailSchema) }) } } } },
    }),
    async (c) => c.json({ data: await listDevMail(c.env, c.req.valid("query").to) }, 200),
  )
  .delete("/", async (c) => {
    await clearDevMail(c.env);
    return c.body(null, 204);
  });
