import { createRoute, z } from "@hono/zod-openapi";
import { refreshCookie } from "../auth/http";
import { check, clientIp, enforce } from "../auth/limits";
import { normaliseEmail } from "../auth/password";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { clientOf, requestCtx, serviceCtx } from "../lib/service";
import { acceptInvitation, createInvitation, listPendingInvitations, lookupInvitation, revokeInvitation } from "../team/invitations";
import { TokenResponseSchema } from "./auth";
import { AUTHENTICATED, errorResponses } from "./docs";
import { body, IdParams, InvitationSchema, json, RoleSchema } from "./team-schemas";

const base = { tags: ["Team"], security: AUTHENTICATED };
const manage = () => [requireAuth, requirePermission("team:manage")];
const Token = z.string().min(10).max(200);

export const invitationsRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Invite someone by email",
      description:
        "Mails a link to `${APP_URL}/accept-invite#token=…` (valid 7 days, single use). A pending invitation to the same email is replaced. 409 ALREADY_MEMBER if they are a member already. Limited to 30 invitations per hour per IP, 100 per day per workspace and 5 per day per invited email (429 RATE_LIMITED).",
      middleware: manage(),
      request: body(z.strictObject({ email: z.string().trim().email().max(254), role: RoleSchema })),
      responses: { 201: json(InvitationSchema, "Invitation sent"), ...errorResponses(400, 401, 403, 409, 429) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      await enforce(
        c.env,
        [check("invitationsPerIp", clientIp(clientOf(c))), check("invitationsPerWorkspace", c.get("auth").workspaceId), check("invitationsPerEmail", normaliseEmail(input.email))],
        "Too many invitations sent; try again later",
      );
      return c.json(await createInvitation({ ctx: serviceCtx(c), input }), 201);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List pending invitations",
      middleware: manage(),
      responses: { 200: json(z.object({ data: z.array(InvitationSchema) }), "Pending, newest first"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ data: await listPendingInvitations({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({
      tags: ["Team"],
      method: "post",
      path: "/lookup",
      summary: "What an invitation link is for (public)",
      description: "The token travels in the body (never in a URL, where it would reach logs and Referer headers).",
      request: body(z.strictObject({ token: Token })),
      responses: {
        200: json(
          z.object({ workspace_name: z.string(), email: z.string(), role: RoleSchema, account_exists: z.boolean(), expires_at: z.string() }),
          "The invitation",
        ),
        ...errorResponses(400),
      },
    }),
    async (c) => c.json(await lookupInvitation({ ctx: requestCtx(c), input: { token: c.req.valid("json").token } }), 200),
  )
  .openapi(
    createRoute({
      tags: ["Team"],
      method: "post",
      path: "/accept",
      summary: "Accept an invitation (public) and sign in to the workspace",
      description:
        "A new email needs `name` and `password` (policy applies). An existing account proves itself with its `password` (and `mfa_code` if two-factor is on). Answers the login token structure and sets the refresh cookie.",
      request: body(
        z.strictObject({
          token: Token,
          name: z.string().trim().min(1).max(100).optional(),
          password: z.string().min(1).max(256).optional(),
          mfa_code: z.string().trim().regex(/^\d{6}$/).optional(),
        }),
      ),
      responses: { 200: json(TokenResponseSchema, "Joined and signed in"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const tokens = await acceptInvitation({ ctx: requestCtx(c), input: c.req.valid("json") });
      c.header("Set-Cookie", refreshCookie(tokens.refresh_token, c.req.url), { append: true });
      return c.json(tokens, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/{id}",
      summary: "Revoke a pending invitation",
      middleware: manage(),
      request: { params: IdParams },
      responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      await revokeInvitation({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  );
