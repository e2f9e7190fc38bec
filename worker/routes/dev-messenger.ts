import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";

/** The fake's Page and its linked Instagram account. */
const PAGE = { id: "100000000000001", name: "MiniChat local Page", instagram_business_account: { id: "17841400000000001", username: "minichat.local" } };
const Node = z.object({ node: z.string().max(100) });
const Edge = Node.extend({ edge: z.enum(["messages", "subscribed_apps"]) });
const json = (schema: z.ZodType, description: string) => ({ 200: { description, content: { "application/json": { schema } } } });
const record = (env: Env, path: string, body: string) => env.DB.prepare(`INSERT INTO dev_channel_outbox (provider, path, body, created_at) VALUES ('messenger', ?1, ?2, ?3)`).bind(path, body || "{}", nowIso()).run();

/**
 * A Graph API fake for local Messenger/Instagram channels (development only;
 * see `MESSENGER_API_BASE_URL`): any token and app secret are accepted,
 * `GET …/sent` shows what was sent (`npm run channel:simulate messenger`
 * prints it). Recipients whose id starts with 551 play a person who cannot be
 * reached (Meta's error 551).
 */
export const devMessengerRoutes = createRouter();
devMessengerRoutes.use("*", async (c, next) => {
  if (c.env.APP_ENV !== "development" && c.env.APP_ENV !== "test") throw notFound("Route");
  await next();
});

devMessengerRoutes
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/sent", summary: "What local Messenger/Instagram channels sent (development only), newest first", responses: json(z.object({ data: z.array(z.unknown()) }), "Requests") }),
    async (c) => {
      const rows = await c.env.DB.prepare(`SELECT id, path, body, created_at FROM dev_channel_outbox WHERE provider = 'messenger' ORDER BY id DESC LIMIT 100`).all<{ id: number; path: string; body: string }>();
      return c.json({ data: rows.results.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown })) }, 200);
    },
  )
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/{node}", summary: "Graph API fake: the Page (me) or a person's profile (development only)", request: { params: Node }, responses: json(z.object({ id: z.string() }).passthrough(), "The node") }),
    (c) => {
      const node = c.req.valid("param").node;
      if (node === "me") return c.json(PAGE, 200);
      return c.json({ id: node, first_name: "Simulated", last_name: "User", name: "Simulated User", username: "simulated.user" }, 200);
    },
  )
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/{node}/{edge}", summary: "Graph API fake: the Page's subscribed apps (development only)", request: { params: Edge }, responses: json(z.object({ data: z.array(z.unknown()) }), "Apps") }),
    async (c) => {
      const last = await c.env.DB.prepare(`SELECT path FROM dev_channel_outbox WHERE provider = 'messenger' AND path LIKE '%subscribed_apps' ORDER BY id DESC LIMIT 1`).first<{ path: string }>();
      return c.json({ data: last?.path.startsWith("POST") ? [{ id: "1", name: "MiniChat local app", subscribed_fields: ["messages", "messaging_postbacks"] }] : [] }, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "post",
      path: "/{node}/{edge}",
      summary: "Graph API fake: Send API or subscribing the app (development only)",
      request: { params: Edge },
      responses: { ...json(z.object({}).passthrough(), "Accepted"), 400: { description: "Recipient ids starting with 551: not reachable", content: { "application/json": { schema: z.object({ error: z.unknown() }) } } } },
    }),
    async (c) => {
      const { node, edge } = c.req.valid("param");
      const raw = await c.req.text();
      if (edge === "messages" && /"id":"551/.test(raw)) return c.json({ error: { message: "(#551) This person isn't available right now.", code: 551 } }, 400);
      await record(c.env, `POST /${node}/${edge}`, raw);
      return c.json(edge === "messages" ? { message_id: `m_${Date.now()}` } : { success: true }, 200);
    },
  )
  .openapi(
    createRoute({ tags: ["Integrations"], method: "delete", path: "/{node}/{edge}", summary: "Graph API fake: unsubscribing the app (development only)", request: { params: Edge }, responses: json(z.object({ success: z.boolean() }), "Done") }),
    async (c) => {
      const { node, edge } = c.req.valid("param");
      await record(c.env, `DELETE /${node}/${edge}`, "");
      return c.json({ success: true }, 200);
    },
  );
