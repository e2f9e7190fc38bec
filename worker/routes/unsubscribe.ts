import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { badRequest } from "../lib/errors";
import { targetOf, unsubscribe } from "../notifications/unsubscribe";
import { errorResponses } from "./docs";
import { escapeHtml } from "../lib/html";

const LinkQuery = z.object({
  w: z.string().min(1).max(64).openapi({ description: "Workspace id" }),
  u: z.string().min(1).max(64).openapi({ description: "Member's user id" }),
  k: z.string().min(1).max(40).openapi({ description: "Notification kind (mention, assignment, escalation, …)" }),
  s: z.string().min(1).max(128).openapi({ description: "The link's signature" }),
});

const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });
const base = { tags: ["Notifications"], security: [], request: { query: LinkQuery } };

/**
 * The unsubscribe link of notification emails: no sign-in, the signature is
 * the permission. GET shows a confirmation (link scanners of mail services
 * open links; they must not unsubscribe anyone), POST turns the email off —
 * also the RFC 8058 one-click POST mail clients send for `List-Unsubscribe`.
 */
export const unsubscribeRoutes = createRouter();

unsubscribeRoutes
  .openapi(
    createRoute({ ...base, method: "get", path: "/", summary: "The unsubscribe link of a notification email: asks to confirm", responses: { 200: html("A page with the confirm button"), ...errorResponses(400) } }),
    async (c) => {
      const q = c.req.valid("query");
      if (!(await targetOf(c.env, q))) throw invalidLink();
      const action = `?${new URLSearchParams(q)}`;
      return c.html(page("Stop these emails?", `<p>You will no longer get <strong>${kindLabel(q.k)}</strong> notification emails. Other notifications stay as they are.</p><form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`), 200);
    },
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/", summary: "Unsubscribe: turn this kind of notification email off for the member (one-click, RFC 8058)", responses: { 200: html("Done"), ...errorResponses(400) } }),
    async (c) => {
      const q = c.req.valid("query");
      const target = await targetOf(c.env, q);
      if (!target) throw invalidLink();
      await unsubscribe(c.env, target);
      return c.html(page("Unsubscribed", `<p>You will no longer get <strong>${kindLabel(q.k)}</strong> notification emails. You can turn them on again under Account → Notification settings.</p>`), 200);
    },
  );

const invalidLink = () => badRequest("INVALID_UNSUBSCRIBE_LINK", "This unsubscribe link is not valid (it may have been cut short by the mail program): use the one in the email, or change your notification settings in the dashboard");

const kindLabel = (k: string) => escapeHtml(k.replace(/_/g, " "));

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>` +
  `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:0;background:#2563eb;color:#fff;cursor:pointer}</style>` +
  `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
