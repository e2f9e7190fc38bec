import { createRoute, z } from "@hono/zod-openapi";
import { serviceCtx } from "../lib/service";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { loadConversation } from "../inbox/conversation-row";
import { createNote, deleteNote, listNotes, updateNote } from "../inbox/notes";
import { AUTHENTICATED, errorResponses } from "./docs";

const NoteBody = z
  .object({ content: z.string().min(1).max(10_000).openapi({ example: "Refund approved. @sarah@example.com please follow up." }) })
  .openapi("NoteInput");
const Note = z
  .object({
    id: z.string(),
    conversation_id: z.string(),
    content: z.string(),
    author: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
    mentions: z.array(z.object({ id: z.string(), name: z.string() })),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("InternalNote");
const ConvParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "conv_4f9QaB1c2D3e4F5g6H7i" }) });
const NoteParams = ConvParams.extend({ note_id: z.string().min(1).max(64).openapi({ param: { name: "note_id", in: "path" }, example: "note_4f9QaB1c2D3e4F5g6H7i" }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = { body: { content: { "application/json": { schema: NoteBody } }, required: true } };
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Conversations"], security: AUTHENTICATED };

/**
 * Internal notes on a conversation (mounted under /api/v1/conversations).
 * `@email`, `@Full Name` or `@first-name` mentions notify those members.
 */
export const notes = createRouter()
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}/notes", summary: "List a conversation's internal notes", middleware: guard("conversations:read"), request: { params: ConvParams }, responses: { 200: json(z.object({ data: z.array(Note) }), "Notes, oldest first"), ...errorResponses(401, 403, 404) } }),
    async (c) => {
      const ctx = serviceCtx(c);
      const { id } = c.req.valid("param");
      await loadConversation(c.env, ctx.auth.workspaceId, id);
      return c.json({ data: await listNotes({ ctx, input: { conversationId: id } }) }, 200);
    },
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/{id}/notes", summary: "Add an internal note (mentions notify members)", middleware: guard("conversations:respond"), request: { params: ConvParams, ...body }, responses: { 201: json(Note, "Created"), ...errorResponses(400, 401, 403, 404) } }),
    async (c) => c.json(await createNote({ ctx: serviceCtx(c), input: { conversationId: c.req.valid("param").id, content: c.req.valid("json").content } }), 201),
  )
  .openapi(
    createRoute({ ...base, method: "patch", path: "/{id}/notes/{note_id}", summary: "Edit a note (its author or an admin)", middleware: guard("conversations:respond"), request: { params: NoteParams, ...body }, responses: { 200: json(Note, "Updated"), ...errorResponses(400, 401, 403, 404) } }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await updateNote({ ctx: serviceCtx(c), input: { conversationId: p.id, noteId: p.note_id, content: c.req.valid("json").content } }), 200);
    },
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}/notes/{note_id}", summary: "Delete a note (its author or an admin)", middleware: guard("conversations:respond"), request: { params: NoteParams }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      const p = c.req.valid("param");
      await deleteNote({ ctx: serviceCtx(c), input: { conversationId: p.id, noteId: p.note_id } });
      return c.body(null, 204);
    },
  );
