import { z } from "@hono/zod-openapi";
import { ROLES } from "../auth/permissions";

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
export const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });

export const RoleSchema = z.enum(ROLES).openapi({ example: "agent" });

export const MemberSchema = z
  .object({
    user_id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    status: z.enum(["active", "deactivated"]),
    email_verified: z.boolean(),
    mfa_enabled: z.boolean(),
    last_login_at: z.string().nullable(),
    joined_at: z.string(),
  })
  .openapi("Member");

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(["pending", "accepted", "revoked", "expired"]),
    invited_by: z.string().nullable(),
    expires_at: z.string(),
    created_at: z.string(),
  })
  .openapi("Invitation");

export const UserIdParams = z.object({ user_id: z.string().min(1).max(64).openapi({ param: { name: "user_id", in: "path" }, example: "usr_4f9QaB1c2D3e4F5g6H7i" }) });
export const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
