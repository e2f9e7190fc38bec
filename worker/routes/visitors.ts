import { z } from "zod";
import { requireAuth, requirePermission } from "../auth/middleware";
import { setVisitorBan } from "../conversations/visitors";
import { validate } from "../inbox/validate";
import { createRouter } from "../lib/router";
import { eraseVisitorForWorkspace, exportVisitorForWorkspace } from "../privacy/visitors";

/** Blocking visitors (a banned visitor's sockets close with 4003 and new sessions are refused), and their data rights. */
export const visitors = createRouter();

const BanBody = z.object({ reason: z.string().trim().min(1).max(500) });

visitors.post("/:id/ban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const input = validate(BanBody, await c.req.json().catch(() => null));
  return c.json(await setVisitorBan({ env: c.env, auth: c.get("auth") }, c.req.param("id"), true, input.reason));
});

visitors.post("/:id/unban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  return c.json(await setVisitorBan({ env: c.env, auth: c.get("auth") }, c.req.param("id"), false, null));
});

/** Everything held about the visitor as one JSON file (profile, conversations, messages, attachments as signed links). */
visitors.get("/:id/export", requireAuth, requirePermission("data:export"), async (c) => {
  const id = c.req.param("id");
  const doc = await exportVisitorForWorkspace(c, id);
  c.header("content-disposition", `attachment; filename="visitor-${id.replace(/[^A-Za-z0-9_-]/g, "")}.json"`);
  return c.json(doc);
});

/** Erases the visitor: their messages become tombstones everywhere (DO log, D1, search), files and profile are deleted. */
visitors.delete("/:id", requireAuth, requirePermission("data:erase"), async (c) => {
  return c.json(await eraseVisitorForWorkspace(c, c.req.param("id")));
});
