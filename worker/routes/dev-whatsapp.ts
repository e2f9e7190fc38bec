import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";

// the smallest PNG: what the fake serves as a customer's photo
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const Id = z.object({ id: z.string().regex(/^[\w.-]{1,100}$/) });
const Any = { description: "The Graph API's answer", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } };

/**
 * A WhatsApp Cloud API (Graph API) fake for local development (mounted only
 * with the dev routes): local WhatsApp channels call it unless
 * `WHATSAPP_API_BASE_URL` is set; `GET …/sent` shows every message sent
 * (`npm run channel:simulate whatsapp`). Any phone number id and token are
 * accepted; two approved templates are offered; recipients starting with 403
 * play a number WhatsApp refuses.
 */
export const devWhatsAppRoutes = createRouter();
devWhatsAppRoutes.use("*", async (c, next) => {
  if (c.env.APP_ENV !== "development" && c.env.APP_ENV !== "test") throw notFound("Route");
  await next();
});

const TEMPLATES = [
  { name: "order_update", language: "en_US", status: "APPROVED", category: "UTILITY", components: [{ type: "BODY", text: "Hi {{1}}, your order {{2}} is on its way." }] },
  { name: "follow_up", language: "th", status: "APPROVED", category: "MARKETING", components: [{ type: "BODY", text: "สวัสดีค่ะ คุณ {{1}} มีอะไรให้ช่วยเพิ่มเติมไหมคะ" }] },
];

devWhatsAppRoutes
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/sent", summary: "What local WhatsApp channels sent (development only), newest first", responses: { 200: Any } }),
    async (c) => {
      const rows = await c.env.DB.prepare(`SELECT id, path, body, created_at FROM dev_channel_outbox WHERE provider = 'whatsapp' ORDER BY id DESC LIMIT 100`).all<{ id: number; path: string; body: string; created_at: string }>();
      return c.json({ data: rows.results.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown })) }, 200);
    },
  )
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/media-bytes/{id}", summary: "WhatsApp fake: a media file's bytes (development only)", request: { params: Id }, responses: { 200: { description: "A PNG", content: { "image/png": { schema: z.string().openapi({ format: "binary" }) } } } } }),
    (c) => c.body(Uint8Array.from(atob(PNG), (ch) => ch.charCodeAt(0)), 200, { "content-type": "image/png" }),
  )
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/{id}/message_templates", summary: "WhatsApp fake: a WABA's templates (development only)", request: { params: Id }, responses: { 200: Any } }),
    (c) => c.json({ data: TEMPLATES, paging: { cursors: { before: "a", after: "b" } } }, 200),
  )
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/{id}/subscribed_apps", summary: "WhatsApp fake: apps subscribed to a WABA (development only)", request: { params: Id }, responses: { 200: Any } }),
    (c) => c.json({ data: [{ whatsapp_business_api_data: { name: "MiniChat local", id: "1" } }] }, 200),
  )
  .openapi(
    createRoute({ tags: ["Integrations"], method: "get", path: "/{id}", summary: "WhatsApp fake: a phone number, or a media id's URL (development only)", request: { params: Id }, responses: { 200: Any } }),
    (c) => {
      const id = c.req.valid("param").id;
      if (id.startsWith("media")) return c.json({ id, url: `${new URL(c.req.url).origin}/api/v1/dev/whatsapp/media-bytes/${id}`, mime_type: "image/png", messaging_product: "whatsapp" }, 200);
      return c.json({ id, verified_name: "MiniChat local shop", display_phone_number: "+66 80 000 0000" }, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"], method: "post", path: "/{id}/messages", summary: "WhatsApp fake: send a message (development only)", request: { params: Id },
      responses: { 200: Any, 400: { description: "A refused recipient (numbers starting with 403)", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } } },
    }),
    async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { to?: string };
      if (String(body.to).startsWith("403")) return c.json({ error: { message: "Recipient phone number not in allowed list", code: 131030 } }, 400);
      const wamid = `wamid.LOCAL${Date.now()}${Math.floor(Math.random() * 1000)}`;
      await c.env.DB.prepare(`INSERT INTO dev_channel_outbox (provider, path, body, created_at) VALUES ('whatsapp', ?1, ?2, ?3)`).bind(`/${c.req.valid("param").id}/messages`, JSON.stringify(body), nowIso()).run();
      return c.json({ messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] }, 200);
    },
  );
