import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";

// the smallest PNG: what the fake serves as a user's photo
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const SentSchema = z.object({ id: z.number(), path: z.string(), body: z.unknown(), created_at: z.string() });
const Answer = z.object({ ok: z.boolean(), result: z.unknown().optional(), description: z.string().optional() });

/**
 * A Telegram Bot API fake for local development (mounted only with the dev
 * routes): local Telegram channels call it (see `TELEGRAM_API_BASE_URL`),
 * `GET …/sent` shows every call (setWebhook with its secret token included,
 * which is how `npm run channel:simulate telegram` signs its updates). Chats
 * whose id starts with 403 play a user who blocked the bot: sends to them are
 * refused the way Telegram refuses them.
 */
export const devTelegramRoutes = createRouter();
devTelegramRoutes.use("*", async (c, next) => {
  if (c.env.APP_ENV !== "development" && c.env.APP_ENV !== "test") throw notFound("Route");
  await next();
});

/** The bot's numeric id (the token's first part): calls are recorded per bot. */
const botOf = (token: string) => token.replace(/^bot/, "").split(":")[0] ?? "";

devTelegramRoutes
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/sent",
      summary: "What local Telegram channels called (development only), newest first",
      responses: { 200: { description: "Calls", content: { "application/json": { schema: z.object({ data: z.array(SentSchema) }) } } } },
    }),
    async (c) => {
      const rows = await c.env.DB.prepare(`SELECT id, path, body, created_at FROM dev_channel_outbox WHERE provider = 'telegram' ORDER BY id DESC LIMIT 100`).all<{ id: number; path: string; body: string; created_at: string }>();
      return c.json({ data: rows.results.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown })) }, 200);
    },
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "get",
      path: "/file/{bot_token}/photos/{name}",
      summary: "Telegram fake: the bytes of a user's photo (development only)",
      request: { params: z.object({ bot_token: z.string().max(200), name: z.string().max(200) }) },
      responses: { 200: { description: "A PNG (served as octet-stream, like Telegram)", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } } },
    }),
    (c) => c.body(Uint8Array.from(atob(PNG), (ch) => ch.charCodeAt(0)), 200, { "content-type": "application/octet-stream" }),
  )
  .openapi(
    createRoute({
      tags: ["Integrations"],
      method: "post",
      path: "/{bot_token}/{method}",
      summary: "Telegram fake: a Bot API method (development only)",
      request: { params: z.object({ bot_token: z.string().max(200), method: z.string().max(40) }) },
      responses: {
        200: { description: "Telegram's answer", content: { "application/json": { schema: Answer } } },
        403: { description: "The user blocked the bot (chat ids starting with 403)", content: { "application/json": { schema: Answer.extend({ error_code: z.number() }) } } },
      },
    }),
    async (c) => {
      const { bot_token, method } = c.req.valid("param");
      const bot = botOf(bot_token);
      const raw = await c.req.text();
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      const record = () =>
        c.env.DB.prepare(`INSERT INTO dev_channel_outbox (provider, path, body, created_at) VALUES ('telegram', ?1, ?2, ?3)`)
          .bind(`/bot${bot}/${method}`, JSON.stringify(body), nowIso())
          .run();
      switch (method) {
        case "getMe":
          return c.json({ ok: true, result: { id: Number(bot) || 1, is_bot: true, first_name: "MiniChat local bot", username: `minichat_local_${bot}_bot` } }, 200);
        case "getWebhookInfo": {
          const last = await c.env.DB.prepare(`SELECT path, body FROM dev_channel_outbox WHERE provider = 'telegram' AND path IN (?1, ?2) ORDER BY id DESC LIMIT 1`)
            .bind(`/bot${bot}/setWebhook`, `/bot${bot}/deleteWebhook`)
            .first<{ path: string; body: string }>();
          const url = last?.path.endsWith("setWebhook") ? String((JSON.parse(last.body) as { url?: string }).url ?? "") : "";
          return c.json({ ok: true, result: { url, pending_update_count: 0 } }, 200);
        }
        case "getFile":
          return c.json({ ok: true, result: { file_id: body.file_id, file_path: `photos/${String(body.file_id).replace(/[^A-Za-z0-9_-]/g, "")}.png` } }, 200);
        case "setWebhook":
        case "deleteWebhook":
        case "answerCallbackQuery":
          await record();
          return c.json({ ok: true, result: true }, 200);
        default:
          if (!method.startsWith("send")) return c.json({ ok: false, description: "Not Found" }, 200);
          if (String(body.chat_id).startsWith("403")) return c.json({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }, 403);
          await record();
          return c.json({ ok: true, result: { message_id: Date.now() % 1_000_000 } }, 200);
      }
    },
  );
