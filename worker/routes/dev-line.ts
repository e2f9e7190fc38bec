import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";

// the smallest PNG: what the fake serves as a user's image
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const SentSchema = z.object({ id: z.number(), path: z.string(), body: z.unknown(), created_at: z.string() });

/**
 * A LINE Messaging API fake for local development (mounted only with the dev
 * routes): local LINE channels send their replies and pushes here (see
 * `LINE_API_BASE_URL`), `GET …/sent` shows them, `npm run channel:simulate`
 * plays the user's side.
 */
export const devLineRoutes = createRouter();
devLineRoutes.use("*", async (c, next) => {
  if (c.env.APP_ENV !== "development" && c.env.APP_ENV !== "test") throw notFound("Route");
  await next();
});

devLineRoutes
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/sent",
      summary: "What local LINE channels sent (development only), newest first",
      responses: { 200: { description: "Requests", content: { "application/json": { schema: z.object({ data: z.array(SentSchema) }) } } } },
    }),
    async (c) => {
      const rows = await c.env.DB.prepare(`SELECT id, path, body, created_at FROM dev_channel_outbox WHERE provider = 'line' AND path LIKE '/v2/bot/message/%' ORDER BY id DESC LIMIT 100`).all<{ id: number; path: string; body: string; created_at: string }>();
      return c.json({ data: rows.results.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown })) }, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "post",
      path: "/v2/bot/message/{kind}",
      summary: "LINE fake: reply or push (development only)",
      request: { params: z.object({ kind: z.enum(["reply", "push"]) }) },
      responses: { 200: { description: "Accepted", content: { "application/json": { schema: z.object({}) } } } },
    }),
    async (c) => {
      await c.env.DB.prepare(`INSERT INTO dev_channel_outbox (provider, path, body, created_at) VALUES ('line', ?1, ?2, ?3)`)
        .bind(`/v2/bot/message/${c.req.valid("param").kind}`, await c.req.text(), nowIso())
        .run();
      return c.json({}, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/v2/bot/profile/{user_id}",
      summary: "LINE fake: a user's profile (development only)",
      request: { params: z.object({ user_id: z.string().max(100) }) },
      responses: { 200: { description: "Profile", content: { "application/json": { schema: z.object({ displayName: z.string(), userId: z.string() }) } } } },
    }),
    async (c) => {
      const id = c.req.valid("param").user_id;
      return c.json({ displayName: `LINE user ${id.slice(-4)}`, userId: id }, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/v2/bot/message/{id}/content",
      summary: "LINE fake: the bytes of a user's image (development only)",
      request: { params: z.object({ id: z.string().max(100) }) },
      responses: { 200: { description: "A PNG", content: { "image/png": { schema: z.string().openapi({ format: "binary" }) } } } },
    }),
    (c) => c.body(Uint8Array.from(atob(PNG), (ch) => ch.charCodeAt(0)), 200, { "content-type": "image/png" }),
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/v2/bot/info",
      summary: "LINE fake: the bot behind a channel access token (development only)",
      responses: { 200: { description: "Bot info", content: { "application/json": { schema: z.object({ displayName: z.string(), basicId: z.string() }) } } } },
    }),
    (c) => c.json({ displayName: "MiniChat local LINE", basicId: "@minichat-local" }, 200),
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "put",
      path: "/v2/bot/channel/webhook/endpoint",
      summary: "LINE fake: set the webhook URL, as pasting it in the LINE console does (development only)",
      request: { body: { content: { "application/json": { schema: z.object({ endpoint: z.string().max(2000) }) } } } },
      responses: { 200: { description: "Set", content: { "application/json": { schema: z.object({}) } } } },
    }),
    async (c) => {
      await c.env.DB.prepare(`INSERT INTO dev_channel_outbox (provider, path, body, created_at) VALUES ('line', '/v2/bot/channel/webhook/endpoint', ?1, ?2)`)
        .bind(JSON.stringify({ endpoint: c.req.valid("json").endpoint }), nowIso())
        .run();
      return c.json({}, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/v2/bot/channel/webhook/endpoint",
      summary: "LINE fake: the webhook URL last set (development only)",
      responses: { 200: { description: "Endpoint", content: { "application/json": { schema: z.object({ endpoint: z.string(), active: z.boolean() }) } } } },
    }),
    async (c) => {
      const row = await c.env.DB.prepare(`SELECT body FROM dev_channel_outbox WHERE provider = 'line' AND path = '/v2/bot/channel/webhook/endpoint' ORDER BY id DESC LIMIT 1`).first<{ body: string }>();
      const endpoint = row ? String((JSON.parse(row.body) as { endpoint?: string }).endpoint ?? "") : "";
      return c.json({ endpoint, active: endpoint !== "" }, 200);
    },
  );
