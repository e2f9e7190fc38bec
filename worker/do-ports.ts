import { loadAnalytics, loadFlowRuntime, loadRoutingHub } from "./lazy";
import type { Ports } from "../durable-objects/ports";
import { answer } from "./ai/answer";
import { wantsHuman } from "./ai/human-request";
import { visitorLanguage } from "./ai/visitor/language";
import { visitorStrings } from "./ai/visitor/strings";
import { liveMemberRole } from "./auth/live-member";
import { roleCan, type Role } from "./auth/permissions";
import { segmentMessageText, tenantToken } from "./inbox/search";

/**
 * The Worker's side of the Durable Objects' ports (`durable-objects/ports.ts`):
 * the bot turn and the visitor's language, search segmentation for the D1
 * mirror, and the live membership check. Registered once by `worker/index.ts`.
 */
export const doPorts: Ports = {
  flows: { load: async () => (await loadFlowRuntime()).flowRuntime },
  hub: { loadRouter: () => loadRoutingHub() },
  bot: {
    answer: (env, request, onDelta, opts) => answer(env, request, onDelta, { applyResponseDelay: true, startedAt: opts.startedAt }),
    wantsHuman,
    language: (latest, earlier, locale) => visitorLanguage(latest, earlier, locale),
    lines: (language) => visitorStrings(language === "th" ? "th" : "en"),
  },
  search: {
    // plain ASCII splits into the same words with or without the segmenter
    segment: (text) => (/^[\x00-\x7F]*$/.test(text) ? null : segmentMessageText(text)),
    tenantToken,
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
