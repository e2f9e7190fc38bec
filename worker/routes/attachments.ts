import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { openSignedAttachment } from "../inbox/attachments";
import { readUploadedFile, uploadAsAgent, uploadAsVisitor } from "../inbox/upload";
import { verifyVisitorBearer } from "../inbox/visitor-auth";

/** `GET /api/v1/attachments/:id?exp&sig`: the file behind a short-lived signed link. */
export const attachmentFiles = createRouter();
attachmentFiles.get("/:id", async (c) => {
  const file = await openSignedAttachment(c.env, { id: c.req.param("id"), exp: c.req.query("exp"), sig: c.req.query("sig") });
  return new Response(file.body, { status: 200, headers: file.headers });
});

/** `POST /api/v1/conversations/:id/attachments` (agent upload, multipart field "file"). */
export const agentAttachments = createRouter();
agentAttachments.post("/:id/attachments", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const file = await readUploadedFile(c.req.raw);
  const out = await uploadAsAgent({ env: c.env, auth: c.get("auth") }, c.req.param("id"), file, new URL(c.req.url).origin);
  return c.json(out, 201);
});

/** `POST /api/v1/widget/conversations/:id/attachments` (visitor token, multipart field "file"). */
export const widgetAttachments = createRouter();
widgetAttachments.post("/:id/attachments", async (c) => {
  const visitor = await verifyVisitorBearer(c.env, c.req.header("authorization"), c.req.header("cf-connecting-ip") ?? null);
  const file = await readUploadedFile(c.req.raw);
  return c.json(await uploadAsVisitor(c.env, visitor, c.req.param("id"), file, new URL(c.req.url).origin), 201);
});
