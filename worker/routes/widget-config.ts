import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  BusinessHoursSchema,
  DataCollectionSchema,
  ScheduleSchema,
  WidgetSettingsSchema,
  resolveWidgetChatbot,
  visitorConfig,
} from "../chatbots";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/router";
import { requestOrigin } from "../widget/cors";
import { errorResponses } from "./docs";

/**
 * Public configuration for the embedded widget. No credentials: the chatbot's
 * public key identifies it and the page's Origin must be one of its allowed
 * origins. CORS is answered for that exact origin only.
 */

const KeyQuery = z.object({
  key: z.string().min(1).max(100).openapi({ description: "The chatbot's public key (pk_…)", example: "pk_9aB8cD7eF6gH5iJ4kL3mN2oP" }),
});

const VisitorConfigSchema = z
  .object({
    name: z.string(),
    greeting_message: z.string(),
    widget_settings: WidgetSettingsSchema,
    data_collection: DataCollectionSchema,
    business_hours: BusinessHoursSchema.pick({ enabled: true, timezone: true }).extend({ schedule: ScheduleSchema }),
    online: z.boolean().openapi({ description: "Whether the team is within business hours right now" }),
    offline_message: z.string(),
    locale: z.enum(["auto", "en", "th"]),
    show_typing_indicator: z.boolean(),
  })
  .openapi("WidgetConfig");

function corsHeaders(c: Context<AppEnv>, origin: string) {
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Access-Control-Allow-Methods", "GET, OPTIONS");
  c.header("Access-Control-Allow-Headers", "Content-Type");
  c.header("Access-Control-Max-Age", "600");
}

export const widgetConfigRoutes = createRouter();

// Every answer depends on the Origin header, including refusals.
widgetConfigRoutes.use("*", async (c, next) => {
  await next();
  c.header("Vary", "Origin", { append: true });
});

widgetConfigRoutes.openapi(
  createRoute({
    tags: ["Widget"], method: "options", path: "/", summary: "CORS preflight for the widget configuration",
    description: "Answers 204 with CORS headers only for an Origin the chatbot allows; other origins are refused like the GET.",
    request: { query: z.object({ key: z.string().max(100).optional() }) },
    responses: { 204: { description: "Allowed (Access-Control-Allow-* headers)" }, ...errorResponses(403, 404) },
  }),
  async (c) => {
    const origin = requestOrigin(c.req);
    await resolveWidgetChatbot(c.env, c.req.valid("query").key ?? "", origin);
    corsHeaders(c, origin as string);
    return c.body(null, 204);
  },
);

widgetConfigRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Widget"],
    summary: "Widget configuration for visitors",
    description:
      "Called by the widget from the host page. Answers only when the request's Origin is in the chatbot's allowed_origins (else 403 ORIGIN_NOT_ALLOWED); unknown, inactive or archived keys answer 404.",
    request: { query: KeyQuery },
    responses: {
      200: { description: "The visitor-safe configuration", content: { "application/json": { schema: VisitorConfigSchema } } },
      ...errorResponses(400, 403, 404),
    },
  }),
  async (c) => {
    const origin = requestOrigin(c.req);
    const bot = await resolveWidgetChatbot(c.env, c.req.valid("query").key, origin);
    corsHeaders(c, origin as string);
    c.header("Cache-Control", "no-store");
    return c.json(visitorConfig(bot), 200);
  },
);
