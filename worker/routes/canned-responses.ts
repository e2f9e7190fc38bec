import { z } from "zod";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { createCanned, deleteCanned, expandCanned, getCanned, listCanned, updateCanned } from "../inbox/canned";
import { queryObject, validate } from "../inbox/validate";

const CannedBody = z.object({
  title: z.string().trim().min(1).max(120),
  shortcut: z.string().trim().min(1).max(40),
  text: z.string().min(1).max(4000),
  chatbot_id: z.string().max(64).nullable().optional(),
});
const ListQuery = z.object({ chatbot_id: z.string().max(64).optional(), q: z.string().max(100).optional() });
const ExpandBody = z.object({ text: z.string().max(4000), conversation_id: z.string().max(64).optional() });

/** Saved replies: `/shortcut` → text, with placeholders filled on expand. */
export const cannedResponses = createRouter();
cannedResponses.use("*", requireAuth);

cannedResponses.get("/", requirePermission("conversations:read"), async (c) => {
  const q = validate(ListQuery, queryObject(c.req.url));
  return c.json({ data: await listCanned({ env: c.env, auth: c.get("auth") }, { chatbotId: q.chatbot_id, q: q.q }) });
});

cannedResponses.post("/expand", requirePermission("conversations:respond"), async (c) => {
  const body = validate(ExpandBody, await c.req.json().catch(() => null));
  return c.json(await expandCanned({ env: c.env, auth: c.get("auth") }, body));
});

cannedResponses.post("/", requirePermission("conversations:respond"), async (c) => {
  const body = validate(CannedBody, await c.req.json().catch(() => null));
  return c.json(await createCanned({ env: c.env, auth: c.get("auth") }, body), 201);
});

cannedResponses.get("/:id", requirePermission("conversations:read"), async (c) => {
  return c.json(await getCanned({ env: c.env, auth: c.get("auth") }, c.req.param("id")));
});

cannedResponses.patch("/:id", requirePermission("conversations:respond"), async (c) => {
  const body = validate(CannedBody.partial(), await c.req.json().catch(() => null));
  return c.json(await updateCanned({ env: c.env, auth: c.get("auth") }, c.req.param("id"), body));
});

cannedResponses.delete("/:id", requirePermission("conversations:respond"), async (c) => {
  await deleteCanned({ env: c.env, auth: c.get("auth") }, c.req.param("id"));
  return c.body(null, 204);
});
