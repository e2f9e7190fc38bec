import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAuth, requirePermission } from "../auth/middleware";
import {
  type Chatbot,
  ChatbotConfigSchema,
  ChatbotNameSchema,
  ChatbotSchema,
  CHATBOT_STATUSES,
  CreateChatbotSchema,
  UpdateChatbotSchema,
  archiveChatbot,
  cloneChatbot,
  createChatbot,
  deleteChatbot,
  embedCode,
  getChatbot,
  listChatbotVersions,
  listChatbots,
  restoreChatbot,
  restoreChatbotVersion,
  rotateChatbotKey,
  updateChatbot,
} from "../chatbots";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { loadTeams } from "../lazy";
import { AUTHENTICATED, errorResponses } from "./docs";

const ChatbotResponseSchema = ChatbotSchema.extend({
  embed_code: z.string().openapi({
    description: "Paste before </body> on an allowed origin",
    example: '<script async src="https://app.example.com/widget/loader.js" data-chatbot-key="pk_…"></script>',
  }),
}).openapi("Chatbot");

const RoutingSettingsSchema = z
  .strictObject({ team_id: z.string().min(1).max(64).nullable().openapi({ description: "The team this chatbot's escalations go to (null: none)" }) })
  .openapi("RoutingSettings");
const ChatbotWithRoutingSchema = ChatbotResponseSchema.extend({ routing_settings: RoutingSettingsSchema });
const UpdateChatbotWithRoutingSchema = UpdateChatbotSchema.extend({ routing_settings: RoutingSettingsSchema.optional() });

const ChatbotListSchema = z
  .object({
    data: z.array(ChatbotResponseSchema),
    pagination: z.object({ page: z.number().int(), limit: z.number().int(), total: z.number().int(), total_pages: z.number().int() }),
  })
  .openapi("ChatbotList");

const ChatbotVersionListSchema = z
  .object({
    current_version: z.number().int(),
    data: z.array(
      z.object({
        version: z.number().int(),
        current: z.boolean(),
        config: ChatbotConfigSchema,
        changed_fields: z.array(z.string()).openapi({ description: "Settings that differ from the version before" }),
        created_by: z.string().nullable(),
        created_by_name: z.string().nullable(),
        created_at: z.string(),
        superseded_at: z.string().nullable(),
      }),
    ),
  })
  .openapi("ChatbotVersionList");

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "cb_4f9QaB1c2D3e4F5g6H7i" }) });
const VersionParams = IdParams.extend({
  version: z.coerce.number().int().min(1).openapi({ param: { name: "version", in: "path" }, example: 2 }),
});
const ListQuery = z.object({
  status: z.enum([...CHATBOT_STATUSES, "all"]).optional().openapi({ description: "Default: every status except archived" }),
  q: z.string().trim().max(100).optional().openapi({ description: "Search in name and description" }),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const CloneBody = z.strictObject({ name: ChatbotNameSchema.optional() }).openapi("CloneChatbot", {
  description: 'Name of the copy; default "<name> copy".',
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T, required = true) => ({
  body: { content: { "application/json": { schema } }, required },
});
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Chatbots"], security: AUTHENTICATED };

const ctxOf = serviceCtx;
function present(c: Context<AppEnv>, bot: Chatbot) {
  return { ...bot, embed_code: embedCode(c.env, bot.public_key) };
}

export const chatbotsRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Create a chatbot",
      description: "Needs chatbots:manage. Only `name` is required; duplicate names in the workspace answer 409 DUPLICATE_NAME.",
      middleware: guard("chatbots:manage"),
      request: body(CreateChatbotSchema),
      responses: { 201: json(ChatbotResponseSchema, "The new chatbot"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => c.json(present(c, await createChatbot({ ctx: ctxOf(c), input: c.req.valid("json") })), 201),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List chatbots",
      middleware: guard("chatbots:read"),
      request: { query: ListQuery },
      responses: { 200: json(ChatbotListSchema, "A page of chatbots, newest first"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const list = await listChatbots({ ctx: ctxOf(c), input: c.req.valid("query") });
      return c.json({ data: list.data.map((b) => present(c, b)), pagination: list.pagination }, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/{id}",
      summary: "Get a chatbot",
      middleware: guard("chatbots:read"),
      request: { params: IdParams },
      responses: { 200: json(ChatbotWithRoutingSchema, "The chatbot"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const bot = await getChatbot({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } });
      return c.json({ ...present(c, bot), routing_settings: await (await loadTeams()).getChatbotRouting(c.env, bot.workspace_id, bot.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "patch",
      path: "/{id}",
      summary: "Update a chatbot's configuration",
      description:
        "Needs chatbots:edit. Nested settings merge; arrays replace. Every update bumps `version` and keeps the previous configuration in the version history. Setting status archived (or un-archiving) needs chatbots:manage.",
      middleware: guard("chatbots:edit"),
      request: { params: IdParams, ...body(UpdateChatbotWithRoutingSchema) },
      responses: { 200: json(ChatbotWithRoutingSchema, "The updated chatbot"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { routing_settings, ...patch } = c.req.valid("json");
      const id = c.req.valid("param").id;
      // routing alone is not a configuration version
      const bot = routing_settings && Object.keys(patch).length === 0 ? await getChatbot({ ctx: ctxOf(c), input: { id } }) : await updateChatbot({ ctx: ctxOf(c), input: { id, patch } });
      const routing = routing_settings ? await (await loadTeams()).setChatbotRouting({ ctx: ctxOf(c), input: { chatbotId: bot.id, settings: routing_settings } }) : await (await loadTeams()).getChatbotRouting(c.env, bot.workspace_id, bot.id);
      return c.json({ ...present(c, bot), routing_settings: routing }, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/{id}",
      summary: "Delete a chatbot",
      description: "Needs chatbots:manage. The chatbot disappears from the workspace and its widget stops loading.",
      middleware: guard("chatbots:manage"),
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      await deleteChatbot({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/clone",
      summary: "Clone a chatbot",
      description: "Needs chatbots:manage. The copy gets a new id, a new public key and version 1.",
      middleware: guard("chatbots:manage"),
      request: { params: IdParams, ...body(CloneBody, false) },
      responses: { 201: json(ChatbotResponseSchema, "The copy"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(present(c, await cloneChatbot({ ctx: ctxOf(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } })), 201),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/archive",
      summary: "Archive a chatbot (soft delete)",
      middleware: guard("chatbots:manage"),
      request: { params: IdParams },
      responses: { 200: json(ChatbotResponseSchema, "The archived chatbot"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(present(c, await archiveChatbot({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } })), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/restore",
      summary: "Restore an archived chatbot",
      middleware: guard("chatbots:manage"),
      request: { params: IdParams },
      responses: { 200: json(ChatbotResponseSchema, "The restored (active) chatbot"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(present(c, await restoreChatbot({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } })), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/rotate-key",
      summary: "Rotate the widget's public key",
      description: "Needs chatbots:manage. Pages still embedding the old key stop loading the widget; update the snippet.",
      middleware: guard("chatbots:manage"),
      request: { params: IdParams },
      responses: { 200: json(ChatbotResponseSchema, "The chatbot with its new public_key and embed_code"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(present(c, await rotateChatbotKey({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } })), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/{id}/versions",
      summary: "Configuration version history",
      description: "The current configuration first, then every earlier version, newest first.",
      middleware: guard("chatbots:read"),
      request: { params: IdParams },
      responses: { 200: json(ChatbotVersionListSchema, "Versions"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await listChatbotVersions({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/versions/{version}/restore",
      summary: "Restore an earlier configuration",
      description: "Needs chatbots:edit. The old configuration becomes current as a new version; history is kept.",
      middleware: guard("chatbots:edit"),
      request: { params: VersionParams },
      responses: { 200: json(ChatbotResponseSchema, "The chatbot with the restored configuration"), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const { id, version } = c.req.valid("param");
      return c.json(present(c, await restoreChatbotVersion({ ctx: ctxOf(c), input: { id, version } })), 200);
    },
  );
