import { searchKnowledge, type SearchHit } from "../knowledge/search/hybrid";
import { computeConfidence } from "./confidence";
import { decideTurn, isEscalation } from "./decide";
import { ruleEscalation } from "./escalation";
import { citationLine, extractAnswer, toSource } from "./extractive";
import { detectIntent } from "./intent";
import { logKbQuery } from "./log";
import { buildPrompt } from "./prompt";
import { chooseModel } from "./providers/factory";
import { type LinkPolicy, linkPolicyFor, NO_LINKS } from "./link-policy";
import { generateWithModel } from "./providers/generate";
import { sanitizeAnswer } from "./safety";
import { analyzeSentiment } from "./sentiment";
import { type BotSettings, loadBotSettings } from "./settings";
import type { AnswerInput, AnswerResult, EscalationReason, OnDelta } from "./types";

/**
 * The bot turn: detect intent and sentiment → retrieve → score confidence →
 * decide (answer / caveat / offer a human / escalate) → generate (LLM or the
 * offline extractive answerer) → stream → log the question.
 */
export interface TurnResult {
  result: AnswerResult;
  hits: SearchHit[];
}

const HANDOFF: Record<EscalationReason, string> = {
  explicit_request: "Of course — I'm connecting you with a member of our team now. They'll reply here shortly.",
  frustration: "I'm sorry this has been frustrating. I'm bringing in a member of our team to help you personally — they'll reply here shortly.",
  billing_dispute: "I'm sorry about the trouble with your payment. Billing disputes and refunds are handled by our team, so I'm passing this to a person who can look at your account. They'll reply here shortly.",
  legal: "Thank you for letting us know. Legal and data-protection requests are handled by our team directly, so I'm passing this on to a person now. They'll reply here shortly.",
  low_confidence: "I'm not sure I have the right answer for that. Let me connect you with a team member who can help.",
  repeated_failures: "I don't seem to be finding what you need. Would you like me to connect you with a member of our team?",
  out_of_scope: "That's something I can't look up or help with here, so I'm connecting you with a member of our team who can.",
};

export async function botTurn(env: Env, input: AnswerInput, onDelta?: OnDelta, opts: { logQuery?: boolean } = {}): Promise<TurnResult> {
  const started = Date.now();
  const settings = await loadBotSettings(env, input.workspaceId, input.chatbotId);
  const triggers = settings.ai.escalation_triggers;
  const intent = detectIntent(input.message);
  const sentiment = analyzeSentiment(input.message);

  const ruleReason = settings.ai.enable_escalation
    ? ruleEscalation({
        message: input.message,
        history: input.history,
        sentiment,
        frustrationDetection: triggers.frustration_detection,
        explicitRequest: triggers.explicit_request,
      })
    : null;

  const { hits } = await searchKnowledge(env, { workspaceId: input.workspaceId, chatbotId: input.chatbotId, query: input.message, topK: 5 });
  // which hosts the answer may link to; looked up only when a link can appear
  let links: LinkPolicy | null = null;
  const linkPolicy = async () => (links ??= await linkPolicyFor(env, input, hits));
  const smallTalk = (intent.intent === "greeting" || intent.intent === "gratitude") && !ruleReason;
  const confidence = smallTalk ? 1 : computeConfidence(hits);
  const decision = smallTalk ? { action: "answer" as const, reason: null, failed: false } : decideTurn({ confidence, ruleReason, failedAnswers: input.failedAnswers, ai: settings.ai });
  const { action, reason } = decision;
  let failed = decision.failed;

  let text = "";
  let model = "offline-extractive";
  let tokens = { prompt: 0, completion: 0 };
  let sources = hits.slice(0, 3).map((h) => toSource(h, confidence));
  let note: string | undefined;
  let streamed = false;

  if (smallTalk) {
    text = intent.intent === "greeting" ? "Hi! How can I help you today?" : "You're welcome! Is there anything else I can help with?";
    sources = [];
  } else if (reason && reason !== "repeated_failures") {
    text = reason === "low_confidence" ? fallbackText(settings) : HANDOFF[reason];
    if (reason === "low_confidence") sources = [];
  } else {
    const choice = await chooseModel(env, input.workspaceId, settings.ai);
    if (choice.kind === "llm") {
      try {
        const out = await generateWithModel(
          choice.model,
          buildPrompt(settings, input, hits),
          { temperature: settings.ai.temperature, maxTokens: settings.ai.max_tokens, links: await linkPolicy() },
          async (d) => {
            streamed = true;
            await onDelta?.(d);
          },
        );
        text = out.text;
        tokens = out.tokens;
        model = `${choice.provider}:${choice.modelId}`;
      } catch (err) {
        note = `provider ${choice.provider} failed (${err instanceof Error ? err.message.slice(0, 200) : "error"}); answered offline`;
        if (streamed) {
          // part of an answer already reached the visitor: finish it honestly
          text = "";
        }
      }
    } else if (choice.reason) {
      note = `${choice.reason}; answered offline`;
    }
    if (!text) {
      const extracted = extractAnswer(input.message, hits, confidence);
      if (!extracted) {
        text = fallbackText(settings);
        failed = true;
        sources = [];
      } else {
        sources = extracted.sources;
        const parts: string[] = [];
        if (action === "caveat") parts.push("I think this answers your question, but please double-check:");
        if (action === "offer_human") parts.push("I'm not completely sure, but this may help:");
        parts.push(extracted.body);
        const cite = citationLine(extracted.sources);
        if (cite) parts.push(cite);
        if (action === "offer_human") parts.push(reason === "repeated_failures" ? HANDOFF.repeated_failures : "If this doesn't answer it, I can connect you with a member of our team.");
        text = parts.join("\n\n");
      }
    } else if (action === "offer_human") {
      text += `\n\n${reason === "repeated_failures" ? HANDOFF.repeated_failures : "If this doesn't answer it, I can connect you with a member of our team."}`;
    }
  }

  text = sanitizeAnswer(text, /https?:|mailto:/i.test(text) ? await linkPolicy() : NO_LINKS);
  if (!streamed) await streamPieces(text, onDelta);
  else if (note) await onDelta?.(`\n\n${text}`);

  const result: AnswerResult = {
    text,
    sources,
    confidence,
    action: action as AnswerResult["action"],
    intent: intent.intent,
    sentiment: sentiment.label,
    sentimentScore: sentiment.score,
    emotions: sentiment.emotions,
    escalation: reason ? { reason } : null,
    failed,
    model,
    latencyMs: Date.now() - started,
    tokens,
    ...(note ? { note } : {}),
  };
  if (opts.logQuery !== false && !smallTalk) {
    await logKbQuery(env, input, result, hits[0]?.fused ?? 0, hits.length).catch(() => undefined);
  }
  return { result, hits };
}

function fallbackText(settings: BotSettings): string {
  const list = settings.ai.enable_fallback_responses ? settings.ai.fallback_responses : [];
  return list[0] ?? HANDOFF.low_confidence;
}

/** Streams an already-composed answer in small word-aligned pieces. */
async function streamPieces(text: string, onDelta?: OnDelta) {
  if (!onDelta) return;
  const pieces = text.match(/\S+\s*/g) ?? [text];
  let buf = "";
  for (const p of pieces) {
    buf += p;
    if (buf.length >= 24) {
      await onDelta(buf);
      buf = "";
    }
  }
  if (buf) await onDelta(buf);
}

export { isEscalation };
