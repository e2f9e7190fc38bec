import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { openSignedAttachment } from "../inbox/attachments";
import { readUploadedFile, uploadAsAgent, uploadAsVisitor } from "../inbox/upload";
import { verifyVisitorBearer } from "../inbox/visitor-auth";
import { AUTHENTICATED, VISITOR, errorResponses } from "./docs";
import { ConvParams, IdParams, StoredAttachment, json } from "./inbox-schemas";

/** A multipart upload with one `file` part (read by the handler, so the body is never buffered twice). */
const upload = {
  body: {
    required: true,
    content: { "multipart/form-data": { schema: { type: "object" as const, properties: { file: { type: "string" as const, format: "binary" } }, required: ["file"] } } },
  },
};
const uploadResponses = { 201: json(StoredAttachment, "Stored; `url` is a short-lived signed link"), ...errorResponses(400, 401, 403, 404, 413, 415) };
const uploadDescription = "Multipart field `file`, at most 10 MB. Images, PDF and common office/text types; the message that carries it names it by `id`.";

/** `GET /api/v1/attachments/{id}?exp&sig`: the file behind a short-lived signed link. */
export const attachmentFiles = createRouter().openapi(
  createRoute({
    tags: ["Conversations"], method: "get", path: "/{id}", summary: "Download an attachment through its signed link",
    description: "No credentials: the link's `exp` and `sig` (HMAC) are the authorisation; an expired or altered link answers 403 INVALID_SIGNATURE.",
    request: { params: IdParams, query: z.object({ exp: z.string().max(20).optional(), sig: z.string().max(200).optional() }) },
    responses: {
      200: { description: "The file, with its stored content type (served with a sandboxing CSP)", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
      ...errorResponses(403, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const file = await openSignedAttachment(c.env, { id: c.req.valid("param").id, exp: q.exp, sig: q.sig });
    return new Response(file.body, { status: 200, headers: file.headers });
  },
);

/** `POST /api/v1/conversations/{id}/attachments` (agent upload, multipart field "file"). */
export const agentAttachments = createRouter().openapi(
  createRoute({
    tags: ["Conversations"], security: AUTHENTICATED, method: "post", path: "/{id}/attachments", summary: "Upload a file into a conversation (agent)", description: uploadDescription,
    middleware: [requireAuth, requirePermission("conversations:respond")], request: { params: ConvParams, ...upload }, responses: uploadResponses,
  }),
  async (c) => {
    const file = await readUploadedFile(c.req.raw);
    return c.json(await uploadAsAgent({ ctx: serviceCtx(c), input: { conversationId: c.req.valid("param").id, file, baseUrl: new URL(c.req.url).origin } }), 201);
  },
);

/** `POST /api/v1/widget/conversations/{id}/attachments` (visitor token, multipart field "file"). */
export const widgetAttachments = createRouter().openapi(
  createRoute({
    tags: ["Widget"], security: VISITOR, method: "post", path: "/{id}/attachments", summary: "Upload a file into the visitor's conversation", description: uploadDescription,
    request: { params: ConvParams, ...upload }, responses: uploadResponses,
  }),
  async (c) => {
    const visitor = await verifyVisitorBearer(c.env, c.req.header("authorization"), c.req.header("cf-connecting-ip") ?? null);
    const file = await readUploadedFile(c.req.raw);
    return c.json(await uploadAsVisitor(c.env, visitor, c.req.valid("param").id, file, new URL(c.req.url).origin), 201);
  },
);
