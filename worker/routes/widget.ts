import { createRoute, z } from "@hono/zod-openapi";
import { assertWorkspaceLive } from "../admin/suspension";
import { LAST_SEQ_HEADER, TICKET_HEADER, IDENTITY_HEADER } from "../../durable-objects/conversation";
import { encodeInternalHeader } from "../../durable-objects/internal-header";
import { Message } from "../../durable-objects/protocol";
import { check, clientIp, enforce } from "../auth/limits";
import { resolveWidgetChatbot } from "../chatbots";
import { notFound } from "../lib/errors";
import { ticketedConversation } from "../conversations/ticketed";
import { forVisitor } from "../../durable-objects/conversation/project";
import { createRouter } from "../lib/router";
import { clientOf, requestCtx } from "../lib/service";
import { VISITOR, errorResponses } from "./docs";
import { ConvParams, ConversationView, ErasureResult, SocketTicket, VisitorExport, json, jsonBody, webSocketUpgrade } from "./inbox-schemas";
import { relaySocket, type SocketTarget } from "../conversations/upgrade";
import { eraseOwnData, exportOwnData } from "../privacy/visitors";
import { createWidgetConversation, ownView, rateConversation, visitorConversationStub } from "../widget/conversations";
import { allowOrigin, requestOrigin, widgetCors } from "../widget/cors";
import { VISITOR_TOKEN_TTL_SECONDS, bearerFromProtocol, signVisitorToken, verifyVisitorToken } from "../widget/token";
import { openConversationsOf, requireActiveVisitor, upsertVisitor } from "../widget/visitors";
import { assertNetworkNotBanned, ipHashOf } from "../widget/ip-bans";
import { allInOrder } from "../lib/settle";
import { ownConversation, visitorClaimsOf, visitorIp, visitorOf } from "./widget-visitor";

/**
 * The visitor side of the live chat: sessions (public, checked against the
 * chatbot's allowed origins), conversations, history, socket tickets and the
 * socket itself, ratings. Everything after the session uses the short-lived
 * visitor token.
 */
export const widget = createRouter();
widget.use("*", widgetCors);

const SessionBody = z
  .object({
    chatbot_key: z.string().min(1).max(100),
    visitor_id: z.string().max(64).optional(),
    visitor_secret: z.string().max(200).optional(),
    page: z.object({ url: z.string().url().max(2000), title: z.string().max(500).optional(), referrer: z.string().max(2000).optional() }),
    locale: z.string().max(20).optional(),
  })
  .openapi("WidgetSessionRequest");

const SessionResponse = z
  .object({
    visitor_token: z.string(),
    expires_in: z.number().int(),
    visitor_id: z.string(),
    visitor_secret: z.string().optional().openapi({ description: "Only for a new visitor; keep it to resume history later" }),
    conversations: z.array(
      z.object({ id: z.string(), status: z.string(), last_message_preview: z.string().nullable(), last_message_at: z.string().nullable(), created_at: z.string() }),
    ),
  })
  .openapi("WidgetSession");

widget.openapi(
  createRoute({
    method: "post",
    path: "/session",
    tags: ["Widget"],
    summary: "Start or resume a visitor session",
    description:
      "Public. The request Origin must be one of the chatbot's allowed origins. At most 120 sessions and 30 new visitors per IP per 10 minutes (429 RATE_LIMITED).",
    request: { body: { content: { "application/json": { schema: SessionBody } }, required: true } },
    responses: { 200: { description: "A visitor token", content: { "application/json": { schema: SessionResponse } } } },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const origin = requestOrigin(c.req);
    const bot = await resolveWidgetChatbot(c.env, body.chatbot_key, origin);
    allowOrigin(c.req.raw, origin);
    // after the origin check, so the widget can read the 429
    const ip = clientIp(clientOf(c));
    const ipHash = await ipHashOf(c.env, bot.workspace_id, visitorIp(c));
    // the rate limit and the network ban are checked side by side; over the limit answers 429 before a ban's 403
    await allInOrder([
      enforce(c.env, [check("widgetSessionsPerIp", ip), ...(body.visitor_id ? [] : [check("newVisitorsPerIp", ip)])], "Too many chat sessions from this network; try again later"),
      // a banned network gets no new visitor either
      assertNetworkNotBanned(c.env, bot.workspace_id, ipHash),
    ]);
    const cf = (c.req.raw as Request & { cf?: { country?: string; city?: string } }).cf ?? null;
    const visitor = await upsertVisitor(c.env, {
      chatbotId: bot.id,
      workspaceId: bot.workspace_id,
      visitorId: body.visitor_id,
      visitorSecret: body.visitor_secret,
      page: body.page,
      locale: body.locale,
      userAgent: c.req.header("user-agent") ?? null,
      cf: cf ? { country: cf.country ?? null, city: cf.city ?? null } : null,
      ipHash,
    });
    const [token, conversations] = await Promise.all([
      signVisitorToken(c.env, { visitorId: visitor.id, chatbotId: bot.id, workspaceId: bot.workspace_id, origin }),
      // a visitor created just now has none to resume
      visitor.secret ? [] : openConversationsOf(c.env, bot.workspace_id, visitor.id),
    ]);
    return c.json(
      {
        visitor_token: token,
        expires_in: VISITOR_TOKEN_TTL_SECONDS,
        visitor_id: visitor.id,
        ...(visitor.secret ? { visitor_secret: visitor.secret } : {}),
        conversations,
      },
      200,
    );
  },
);

const NewConversationBody = z
  .object({
    pre_chat: z
      .object({
        name: z.string().trim().min(1).max(100).optional(),
        email: z.string().email().max(254).optional(),
        phone: z.string().max(40).optional(),
        custom: z.record(z.string(), z.union([z.string().max(1000), z.number(), z.boolean()])).optional(),
      })
      .optional(),
    offline_message: z.string().trim().min(1).max(4000).optional(),
  })
  .openapi("WidgetConversationInput");

const HistoryQuery = z.object({
  after_seq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
const RatingBody = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() }).openapi("RatingInput");
const EraseBody = z.object({ confirm: z.literal(true, { message: "Confirm the deletion with {\"confirm\": true}" }) }).openapi("EraseOwnDataInput");
const SocketQuery = z.object({
  last_seq: z.string().regex(/^\d{1,12}$/, "last_seq must be a non-negative integer").optional().openapi({ description: "Resume after this seq" }),
  ticket: z.string().max(2000).optional().openapi({ description: "A single-use ticket from POST /conversations/{id}/ws-ticket" }),
});

const visitorBase = { tags: ["Widget"], security: VISITOR };

widget
  .openapi(
    createRoute({
      ...visitorBase, method: "post", path: "/conversations", summary: "Start a conversation",
      description: "`pre_chat` carries the pre-chat form; `offline_message` leaves a message outside business hours (the conversation starts waiting).",
      request: jsonBody(NewConversationBody, false), responses: { 201: json(ConversationView, "The new conversation"), ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      // the standing check (banned visitor or network) is one of the reads createWidgetConversation makes together
      const visitor = await visitorClaimsOf(c);
      const view = await createWidgetConversation(c.env, visitor, c.req.valid("json"), {
        ip: visitorIp(c),
        pageUrl: null,
        locale: null,
      });
      return c.json(view, 201);
    },
  )
  .openapi(
    createRoute({
      ...visitorBase, method: "get", path: "/conversations/{id}/messages", summary: "The conversation's messages after `after_seq` (the visitor's projection)",
      request: { params: ConvParams, query: HistoryQuery },
      responses: { 200: json(z.object({ conversation: ConversationView, data: z.array(Message), has_more: z.boolean() }), "A page of messages, oldest first"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { visitor, stub } = await ownConversation(c, c.req.valid("param").id);
      const [view, history] = await Promise.all([ownView(stub, visitor), stub.history(q.after_seq, q.limit)]);
      const data: Message[] = history.map(forVisitor);
      return c.json({ conversation: view, data, has_more: data.length === q.limit }, 200);
    },
  )
  .openapi(
    createRoute({
      ...visitorBase, method: "post", path: "/conversations/{id}/ws-ticket", summary: "A single-use ticket for the conversation socket",
      request: { params: ConvParams }, responses: { 201: json(SocketTicket, "The ticket"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { visitor, row, stub } = await ownConversation(c, c.req.valid("param").id);
      const ticket = await stub.issueTicket({ kind: "visitor", id: visitor.visitorId, name: row.name, canRespond: true });
      if (!ticket) throw notFound("Conversation");
      return c.json(ticket, 201);
    },
  )
  .openapi(
    createRoute({
      ...visitorBase, method: "post", path: "/conversations/{id}/rating", summary: "Rate the conversation (1–5, optional comment)",
      request: { params: ConvParams, ...jsonBody(RatingBody) },
      responses: { 200: json(z.object({ conversation_id: z.string(), rating: z.number().nullable(), comment: z.string().nullable() }), "The rating"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { visitor, stub } = await ownConversation(c, c.req.valid("param").id);
      const view = await rateConversation(stub, visitor, body.rating, body.comment ?? null);
      return c.json({ conversation_id: view.id, rating: view.rating, comment: view.rating_comment }, 200);
    },
  )
  .openapi(
    createRoute({
      ...visitorBase, method: "get", path: "/me/export", summary: "The visitor's own data as a JSON download",
      description: "Only when the chatbot offers \"Download / delete my data\" (`data_collection.visitor_data_requests`); otherwise 403 DATA_REQUESTS_DISABLED.",
      responses: { 200: json(VisitorExport, "The visitor's data (Content-Disposition: attachment)"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      const visitor = await visitorOf(c);
      const doc = await exportOwnData({ ctx: requestCtx(c), input: { visitor, baseUrl: new URL(c.req.url).origin } });
      c.header("content-disposition", 'attachment; filename="my-chat-data.json"');
      return c.json(doc, 200);
    },
  )
  .openapi(
    createRoute({
      ...visitorBase, method: "delete", path: "/me", summary: "Erase the visitor's own data",
      description: "Asks for `{\"confirm\": true}`; afterwards the token stops working. Only when the chatbot offers it.",
      request: jsonBody(EraseBody), responses: { 200: json(ErasureResult, "What was erased"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const visitor = await visitorOf(c);
      return c.json(await eraseOwnData({ ctx: requestCtx(c), input: { visitor } }), 200);
    },
  );

/** `GET /conversations/{id}/ws`: token in Sec-WebSocket-Protocol (`minichat.v1, bearer.<token>`) or a `?ticket=`. */
widget.openapi(
  createRoute({
    tags: ["Widget"], method: "get", path: "/conversations/{id}/ws", summary: "The visitor's WebSocket on a conversation",
    description: "Upgrade with `Sec-WebSocket-Protocol: minichat.v1, bearer.<visitor token>` or `?ticket=`. Frames are the protocol's `ServerFrame`/`ClientFrame` unions (visitor projection).",
    request: { params: ConvParams, query: SocketQuery },
    responses: { ...webSocketUpgrade("Then `hello`, the replay after `last_seq`, and live frames."), ...errorResponses(400, 401, 403, 404, 426) },
  }),
  (c) =>
    relaySocket(c.req.raw, {
      lastSeqHeader: LAST_SEQ_HEADER,
      open: async (ticket): Promise<SocketTarget> => {
        // forged or misdirected tickets, and conversations nobody created, never reach (or create) an object
        // a suspended workspace's widgets stay dark: no socket opens
        if (ticket) {
          await assertWorkspaceLive(c.env, { conversationId: c.req.param("id") });
          return { stub: await ticketedConversation(c.env, c.req.param("id"), ticket), headers: { [TICKET_HEADER]: ticket } };
        }
        const visitor = await verifyVisitorToken(c.env, bearerFromProtocol(c.req.header("sec-websocket-protocol")));
        const [, row, stub] = await allInOrder([
          assertWorkspaceLive(c.env, { workspaceId: visitor.workspaceId }),
          requireActiveVisitor(c.env, visitor.workspaceId, visitor.visitorId, visitorIp(c)),
          visitorConversationStub(c.env, visitor, c.req.param("id")),
        ]);
        return { stub, headers: { [IDENTITY_HEADER]: encodeInternalHeader({ kind: "visitor", id: visitor.visitorId, name: row.name, canRespond: true }) } };
      },
      refused: (status) =>
        status === 403 ? { status: 403, code: "VISITOR_BANNED" } : status === 404 ? { status: 404, code: "NOT_FOUND" } : { status: 401, code: "INVALID_TICKET" },
    }),
);
