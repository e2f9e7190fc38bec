import { z } from "zod";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { createNote, deleteNote, listNotes, updateNote } from "../inbox/notes";
import { loadConversation } from "../inbox/conversation-row";
import { validate } from "../inbox/validate";

const NoteBody = z.object({ content: z.string().min(1).max(10_000) });

/** Internal notes on a conversation (mounted under /api/v1/conversations). */
export const notes = createRouter();

notes.get("/:id/notes", requireAuth, requirePermission("conversations:read"), async (c) => {
  const ctx = { env: c.env, auth: c.get("auth") };
  await loadConversation(c.env, ctx.auth.workspaceId, c.req.param("id"));
  return c.json({ data: await listNotes(ctx, c.req.param("id")) });
});

notes.post("/:id/notes", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const body = validate(NoteBody, await c.req.json().catch(() => null));
  return c.json(await createNote({ env: c.env, auth: c.get("auth") }, c.req.param("id"), body.content), 201);
});

notes.patch("/:id/notes/:note_id", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const body = validate(NoteBody, await c.req.json().catch(() => null));
  return c.json(await updateNote({ env: c.env, auth: c.get("auth") }, c.req.param("id"), c.req.param("note_id"), body.content));
});

notes.delete("/:id/notes/:note_id", requireAuth, requirePermission("conversations:respond"), async (c) => {
  await deleteNote({ env: c.env, auth: c.get("auth") }, c.req.param("id"), c.req.param("note_id"));
  return c.body(null, 204);
});
