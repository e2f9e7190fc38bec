import { setWorkspacePlan } from "../billing/plan-change";
import { and, eq, sql } from "drizzle-orm";
import { registerWorkspaceOwner } from "../auth/register";
import { createChatbot, type Chatbot } from "../chatbots";
import { originOf } from "../chatbots/origins";
import { getDb } from "../db/client";
import { chatbots, memberships, users } from "../db/schema";
import type { AuthContext } from "../lib/context";
import type { ServiceCtx } from "../lib/service";
import { AppError } from "../lib/errors";
import { seedDemoFaqs } from "../knowledge/faqs/demo";
import { isLocalDevelopment } from "../lib/environment";
import { seedDemoCommerce } from "../commerce/demo";
import { loadAnalytics } from "../lazy";

/**
 * The demo workspace `npm start` logs into: "Demo Shop", its owner and the
 * "Demo Assistant" chatbot embeddable on the local dev server. Development and
 * test only; idempotent.
 */

export const DEMO_OWNER = { email: "demo@minichat.local", password: "Demo-Chat-2026!", name: "Demo Owner" } as const;
export const DEMO_WORKSPACE_NAME = "Demo Shop";
export const DEMO_CHATBOT_NAME = "Demo Assistant";

export interface SeedContext {
  workspaceId: string;
  chatbotId: string;
  ownerUserId: string;
}
export type SeedStep = (env: Env, ctx: SeedContext) => Promise<void>;

/**
 * Extra demo content, run in order once, right after the demo chatbot is
 * created (e.g. demo FAQs). Append a step here; a failing step is logged and
 * does not stop the others.
 */
export const SEED_STEPS: SeedStep[] = [];
SEED_STEPS.push(seedDemoFaqs);
SEED_STEPS.push(seedDemoCommerce);
// two weeks of reporting history for the Analytics page
SEED_STEPS.push(async (env, ctx) => (await loadAnalytics()).seedAnalyticsHistory(env.DB, ctx));

export interface SeedResult {
  created: boolean;
  owner: { email: string; password: string };
  workspace_id: string;
  chatbot: { id: string; public_key: string };
}

export function seedAllowed(env: Pick<Env, "APP_ENV">): boolean {
  return isLocalDevelopment(env);
}

function ownerAuth(workspaceId: string, userId: string): AuthContext {
  return { workspaceId, userId, role: "owner", apiKeyId: null, scopes: null };
}

function demoOrigins(env: Pick<Env, "APP_URL">): string[] {
  const app = originOf(env.APP_URL);
  return [...new Set(["http://127.0.0.1:8787", "http://localhost:8787", ...(app ? [app] : [])])];
}

async function createDemoChatbot(env: Env, workspaceId: string, userId: string): Promise<Chatbot> {
  const ctx: ServiceCtx = { env, auth: ownerAuth(workspaceId, userId) };
  return createChatbot({ ctx, input: {
    name: DEMO_CHATBOT_NAME,
    description: "The demo shop's assistant: answers questions about orders, shipping and returns.",
    personality: "friendly",
    greeting_message: "Hi there! 👋 I'm the Demo Shop assistant. Ask me about orders, shipping or returns.",
    business_hours: { enabled: false },
    allowed_origins: demoOrigins(env),
  } });
}

/** The demo owner's workspace and chatbot if they already exist. */
async function findExisting(env: Env): Promise<{ userId: string; workspaceId: string; chatbot: { id: string; publicKey: string } | null } | null> {
  const db = getDb(env);
  const owner = await db
    .select({ userId: users.id, workspaceId: memberships.workspaceId })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.role, "owner")))
    .where(eq(users.email, DEMO_OWNER.email))
    .get();
  if (!owner) return null;
  const chatbot = await db
    .select({ id: chatbots.id, publicKey: chatbots.publicKey })
    .from(chatbots)
    .where(and(eq(chatbots.workspaceId, owner.workspaceId), sql`${chatbots.deletedAt} is null`, eq(chatbots.name, DEMO_CHATBOT_NAME)))
    .get();
  return { ...owner, chatbot: chatbot ?? null };
}

async function runSteps(env: Env, ctx: SeedContext) {
  for (const step of SEED_STEPS) {
    try {
      await step(env, ctx);
    } catch (err) {
      console.error("demo seed step failed", step.name || "(anonymous)", err);
    }
  }
}

export async function seedDemo(env: Env): Promise<SeedResult> {
  const owner = { email: DEMO_OWNER.email, password: DEMO_OWNER.password };
  let existing = await findExisting(env);
  if (!existing) {
    try {
      const { user, workspace } = await registerWorkspaceOwner({
        ctx: { env },
        input: { email: DEMO_OWNER.email, password: DEMO_OWNER.password, name: DEMO_OWNER.name, workspace_name: DEMO_WORKSPACE_NAME, via: { emailVerified: true } },
      });
      // the demo workspace shows everything MiniChat sells, so it is on the top plan
      await setWorkspacePlan(env, workspace.id, "business");
      const bot = await createDemoChatbot(env, workspace.id, user.id);
      await runSteps(env, { workspaceId: workspace.id, chatbotId: bot.id, ownerUserId: user.id });
      return { created: true, owner, workspace_id: workspace.id, chatbot: { id: bot.id, public_key: bot.public_key } };
    } catch (err) {
      // a concurrent seed won the race: fall through to what it created
      if (!(err instanceof AppError && err.code === "EMAIL_TAKEN")) throw err;
      existing = await findExisting(env);
      if (!existing) throw err;
    }
  }
  let chatbot = existing.chatbot;
  if (!chatbot) {
    // the demo chatbot was deleted: bring a fresh one back
    await setWorkspacePlan(env, existing.workspaceId, "business");
    const bot = await createDemoChatbot(env, existing.workspaceId, existing.userId);
    await runSteps(env, { workspaceId: existing.workspaceId, chatbotId: bot.id, ownerUserId: existing.userId });
    chatbot = { id: bot.id, publicKey: bot.public_key };
  }
  return { created: false, owner, workspace_id: existing.workspaceId, chatbot: { id: chatbot.id, public_key: chatbot.publicKey } };
}
