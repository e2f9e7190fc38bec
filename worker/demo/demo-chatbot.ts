import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { chatbots, memberships, users } from "../db/schema";
import { DEMO_CHATBOT_NAME, DEMO_OWNER } from "../dev/seed";

/** The seeded demo chatbot's public widget key, or null when `POST /api/v1/dev/seed` has not run. */
export async function findDemoChatbotKey(env: Pick<Env, "DB">): Promise<string | null> {
  const row = await getDb(env)
    .select({ publicKey: chatbots.publicKey })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.role, "owner")))
    .innerJoin(chatbots, eq(chatbots.workspaceId, memberships.workspaceId))
    .where(and(eq(users.email, DEMO_OWNER.email), eq(chatbots.name, DEMO_CHATBOT_NAME), eq(chatbots.status, "active"), isNull(chatbots.deletedAt)))
    .get();
  return row?.publicKey ?? null;
}
