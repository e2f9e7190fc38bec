import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { recordFeedback } from "../knowledge/feedback/feedback";
import { improveAnswer } from "../knowledge/feedback/improve";
import { verifyVisitorBearer } from "../inbox/visitor-auth";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const FeedbackBody = z
  .object({
    conversation_id: z.string().min(1).max(64),
    message_id: z.string().min(1).max(64),
    helpful: z.boolean(),
    comment: z.string().trim().max(1000).optional(),
  })
  .openapi("AnswerFeedbackRequest");

const FeedbackResponse = z
  .object({
    id: z.string(),
    conversation_id: z.string(),
    message_id: z.string(),
    helpful: z.boolean(),
    by: z.string(),
    comment: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("AnswerFeedback");

const ImproveBody = z
  .object({
    chatbot_id: z.string().min(1).max(64),
    question: z.string().trim().min(3).max(500),
    answer: z.string().trim().min(1).max(5000),
    conversation_id: z.string().max(64).optional(),
    message_id: z.string().max(64).optional(),
  })
  .openapi("ImproveAnswerRequest");

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/** `/api/v1/knowledge-base`: agent feedback on bot answers and "save a better answer". */
export const kbFeedback = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/feedback",
      tags: ["Knowledge"],
      security: AUTHENTICATED,
      summary: "Mark a bot answer helpful or not (agent)",
      middleware: [requireAuth, requirePermission("conversations:respond")],
      request: { body: { content: { "application/json": { schema: FeedbackBody } }, required: true } },
      responses: { 200: json(FeedbackResponse, "The recorded vote"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const auth = c.get("auth");
      const out = await recordFeedback(c.env, { by: "agent", workspaceId: auth.workspaceId, userId: auth.userId }, { conversationId: b.conversation_id, messageId: b.message_id, helpful: b.helpful, comment: b.comment });
      return c.json(out, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/improve",
      tags: ["Knowledge"],
      security: AUTHENTICATED,
      summary: "Save a better answer as an FAQ",
      description: "The same question is then answered from this FAQ. An FAQ with the same question is updated.",
      middleware: [requireAuth, requirePermission("knowledge:write")],
      request: { body: { content: { "application/json": { schema: ImproveBody } }, required: true } },
      responses: { 201: json(z.record(z.string(), z.unknown()), "The FAQ"), 200: json(z.record(z.string(), z.unknown()), "The updated FAQ"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const out = await improveAnswer(c.env, c.get("auth"), { chatbotId: b.chatbot_id, question: b.question, answer: b.answer });
      return c.json({ faq: out.faq as unknown as Record<string, unknown>, created: out.created }, out.created ? 201 : 200);
    },
  );

/** `POST /api/v1/widget/feedback`: the visitor's thumbs up/down on a bot answer. */
export const widgetFeedback = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Widget"],
    summary: "Mark a bot answer helpful or not (visitor)",
    request: { body: { content: { "application/json": { schema: FeedbackBody } }, required: true } },
    responses: { 200: json(FeedbackResponse, "The recorded vote"), ...errorResponses(400, 401, 404) },
  }),
  async (c) => {
    const visitor = await verifyVisitorBearer(c.env, c.req.header("authorization"), c.req.header("cf-connecting-ip") ?? null);
    const b = c.req.valid("json");
    const out = await recordFeedback(c.env, { by: "visitor", visitorId: visitor.visitorId, chatbotId: visitor.chatbotId }, { conversationId: b.conversation_id, messageId: b.message_id, helpful: b.helpful, comment: b.comment });
    return c.json(out, 200);
  },
);
