import { loadAnalytics, loadFlowRuntime, loadRoutingHub } from "./lazy";
import type { Ports } from "../durable-objects/ports";
import { answer } from "./ai/answer";
import { wantsHuman } from "./ai/human-request";
import { visitorLanguage } from "./ai/visitor/language";
import { visitorStrings } from "./ai/visitor/strings";
import { liveMemberRole } from "./auth/live-member";
import { roleCan, type Role } from "./auth/permissions";
import { indexBody } from "./inbox/search";
import { keyedBySql } from "./inbox/search-terms";
import { conversationReplyRefusal, hasReplyWindow } from "./channels/reply-window";

/**
 * The Worker's side of the Durable Objects' ports (`durable-objects/ports.ts`):
 * the bot turn and the visitor's language, search segmentation for the D1
 * mirror, and the live membership check. Registered once by `worker/index.ts`.
 */
export const doPorts: Ports = {
  flows: { load: async () => (await loadFlowRuntime()).flowRuntime },
  replyWindow: { applies: hasReplyWindow, refusal: conversationReplyRefusal },
  hub: { loadRouter: () => loadRoutingHub() },
  bot: {
    answer: (env, request, onDelta, opts) => answer(env, request, onDelta, { applyResponseDelay: true, startedAt: opts.startedAt }),
    wantsHuman,
    language: (latest, earlier, locale) => visitorLanguage(latest, earlier, locale),
    lines: (language) => visitorStrings(language === "th" ? "th" : "en"),
  },
  search: {
    // the trigger's row indexes plain text the same way (the same words, keyed)
    indexBody: (text, workspaceId) => (keyedBySql(text) ? null : indexBody(text, workspaceId)),
  },
  member: {
    liveRole: (env, who) => liveMemberRole(env.DB, who),
    canRespond: (role) => roleCan(role as Role, "conversations:respond"),
  },
  analytics: {
    // the statements live off the request path; the module loads once per isolate
    statements: async (db, rows) => (await loadAnalytics()).analyticsBatchStatements(db, rows),
  },
};
