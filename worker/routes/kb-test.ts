import { createRoute, z } from "@hono/zod-openapi";
import { testKnowledge } from "../ai/kb-test";
import { requireAuth, requirePermission } from "../auth/middleware";
import { requireChatbot } from "../knowledge/sources/chatbot";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const Body = z
  .object({
    chatbot_id: z.string().min(1).max(64),
    question: z.string().trim().min(1).max(2000).optional(),
    query: z.string().trim().min(1).max(2000).optional().openapi({ description: "Alias of question" }),
    top_k: z.number().int().min(1).max(20).optional(),
  })
  .refine((b) => b.question || b.query, { message: "question is required", path: ["question"] })
  .openapi("KnowledgeTestRequest");

const Result = z.record(z.string(), z.unknown()).openapi("KnowledgeTestResult");

/** `POST /api/v1/knowledge-base/test`: what the bot would retrieve and answer. */
export const kbTest = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Knowledge"],
    security: AUTHENTICATED,
    summary: "Test the knowledge base with a question",
    description: "Ranked passages with their BM25, vector and fused scores, the suggested answer, confidence, action, intent and sentiment. The question is not logged.",
    middleware: [requireAuth, requirePermission("knowledge:read")],
    request: { body: { content: { "application/json": { schema: Body } }, required: true } },
    responses: { 200: { description: "Retrieval and answer", content: { "application/json": { schema: Result } } }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const auth = c.get("auth");
    await requireChatbot(c.env, auth.workspaceId, body.chatbot_id);
    const out = await testKnowledge(c.env, { workspaceId: auth.workspaceId, chatbotId: body.chatbot_id, query: (body.question ?? body.query)!, topK: body.top_k ?? 5 });
    return c.json(out as Record<string, unknown>, 200);
  },
);
