import { searchKnowledge, type SearchHit } from "../knowledge/search/hybrid";
import { classifyWithModel } from "./classifier/llm";
import { computeConfidence } from "./confidence";
import { isEscalation } from "./decide";
import { classifyOffline, decide, type Decision, type TurnClassification } from "./decision";
import { ruleEscalation } from "./escalation";
import { citationLine, extractAnswer, toSource } from "./extractive";
import { detectIntent } from "./intent";
import { logKbQuery } from "./log";
import { buildPrompt } from "./prompt";
import { chooseModel, type ModelChoice } from "./providers/factory";
import { type LinkPolicy, linkPolicyFor, NO_LINKS } from "./link-policy";
import { generateWithModel } from "./providers/generate";
import { sanitizeAnswer } from "./safety";
import { analyzeSentiment } from "./sentiment";
import { type BotSettings, loadBotSettings } from "./settings";
import type { AnswerInput, AnswerResult, OnDelta } from "./types";
import { scriptOf, visitorLanguage, type VisitorLang } from "./visitor/language";
import { visitorStrings } from "./visitor/strings";

/**
 * The bot turn: retrieve (while the chatbot's settings and model load) and
 * read the sentiment → classify the message (rules pre-filter, then the
 * LLM's structured call or the offline model) → decide (answer / caveat /
 * offer a human / escalate, with a reason) → generate (LLM or the offline
 * extractive answerer) in the visitor's language → wait out the chatbot's
 * response delay → stream → log the question.
 */
export interface TurnResult {
  result: AnswerResult;
  hits: SearchHit[];
  decision: Decision;
  /** how long the decision (classification + retrieval scoring) took, ms */
  decisionMs: number;
}

export async function botTurn(
  env: Env,
  input: AnswerInput,
  onDelta?: OnDelta,
  opts: { logQuery?: boolean; applyResponseDelay?: boolean; startedAt?: number } = {},
): Promise<TurnResult> {
  const started = opts.startedAt ?? Date.now();
  // retrieval needs none of the chatbot's settings: the search, the settings and the model choice run side by side
  const searching = searchKnowledge(env, { workspaceId: input.workspaceId, chatbotId: input.chatbotId, query: input.message, topK: 5 });
  const loading = loadBotSettings(env, input.workspaceId, input.chatbotId);
  const choosing = loading.then((s) => chooseModel(env, input.workspaceId, s.ai));
  // a failure is thrown where it is awaited below, not reported as unhandled while the others still run
  choosing.catch(() => undefined);
  const [settings, search] = await Promise.all([loading, searching]);
  const triggers = settings.ai.escalation_triggers;
  const lang = visitorLanguage(input.message, input.history.filter((m) => m.role === "visitor").map((m) => m.text), input.context?.locale);
  const t = visitorStrings(lang);
  const intent = detectIntent(input.message);
  const sentiment = analyzeSentiment(input.message);

  const ruleReason = settings.ai.enable_escalation
    ? ruleEscalation({ message: input.message, history: input.history, sentiment, frustrationDetection: triggers.frustration_detection, explicitRequest: triggers.explicit_request })
    : null;

  const { hits } = search;
  // which hosts the answer may link to; looked up only when a link can appear
  let links: LinkPolicy | null = null;
  const linkPolicy = async () => (links ??= await linkPolicyFor(env, input, hits));
  const decisionStarted = performance.now();
  const choice = await choosing;
  let note: string | undefined = choice.kind === "offline" && choice.reason ? `${choice.reason}; answered offline` : undefined;
  let classification: TurnClassification | null = null;
  if (!ruleReason && choice.kind === "llm") {
    try {
      classification = await classifyWithModel(choice.model, { message: input.message, history: input.history, hits });
    } catch (err) {
      note = `provider ${choice.provider} could not classify (${err instanceof Error ? err.message.slice(0, 120) : "error"}); decided offline`;
    }
  }
  classification ??= await classifyOffline(input.message, triggers, sentiment.score);
  const retrieval = computeConfidence(hits);
  const decision = decide({
    classification,
    ruleReason,
    retrieval,
    hits,
    lang,
    // the knowledge has no word in the question's script and no model matches meaning: retrieval cannot judge it
    unjudgeable: !search.semantic && !search.scriptKnown,
    failedAnswers: input.failedAnswers,
    messageCount: input.messageCount,
    maxConversationLength: settings.behavior.maxConversationLength,
    ai: settings.ai,
  });
  const decisionMs = performance.now() - decisionStarted;
  const { action, reason, confidence } = decision;
  let failed = decision.failed;

  let text = "";
  let model = "offline-extractive";
  let tokens = { prompt: 0, completion: 0 };
  let sources = hits.slice(0, 3).map((h) => toSource(h, confidence));
  let streamed = false;
  const offerLine = () => (reason === "repeated_failures" ? t.handoff.repeated_failures : decision.suggestHuman ? t.suggestHuman : t.offerHuman);

  const hold = () => (opts.applyResponseDelay ? waitUntil(started + settings.behavior.responseDelayMs) : Promise.resolve());

  if (decision.kind === "smalltalk") {
    text = smallTalkReply(input.message, t);
    sources = [];
  } else if (reason && reason !== "repeated_failures") {
    text = reason === "low_confidence" ? fallbackText(settings, lang) : t.handoff[reason];
    sources = [];
  } else {
    if (choice.kind === "llm") {
      try {
        await hold();
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
        if (streamed) text = "";
      }
    }
    if (!text) {
      const extracted = extractAnswer(input.message, hits, confidence);
      if (!extracted) {
        text = fallbackText(settings, lang);
        failed = true;
        sources = [];
      } else {
        sources = extracted.sources;
        const parts: string[] = [];
        if (decision.crossLingual && action === "offer_human") parts.push(t.crossLingual);
        else if (action === "caveat") parts.push(t.caveat);
        else if (action === "offer_human" && !decision.suggestHuman && reason !== "repeated_failures") parts.push(t.unsure);
        parts.push(extracted.body);
        const cite = citationLine(extracted.sources, t.sources);
        if (cite) parts.push(cite);
        if (action === "offer_human" && !decision.crossLingual) parts.push(offerLine());
        text = parts.join("\n\n");
      }
    } else if (action === "offer_human") {
      text += `\n\n${offerLine()}`;
    }
  }

  text = sanitizeAnswer(text, /https?:|mailto:/i.test(text) ? await linkPolicy() : NO_LINKS);
  if (!streamed) {
    await hold();
    await streamPieces(text, onDelta);
  } else if (note) await onDelta?.(`\n\n${text}`);

  const handedOver = isEscalation({ action, escalation: reason ? { reason } : null });
  const rich = settings.behavior.richResponses && action === "offer_human" && !handedOver ? { quick_replies: [t.talkToPerson] } : undefined;

  const result: AnswerResult = {
    text,
    sources,
    confidence,
    action,
    intent: decision.kind === "smalltalk" && intent.intent !== "greeting" && intent.intent !== "gratitude" ? "greeting" : intent.intent,
    sentiment: sentiment.label,
    sentimentScore: sentiment.score,
    emotions: sentiment.emotions,
    escalation: reason ? { reason } : null,
    failed,
    model,
    latencyMs: Date.now() - started,
    tokens,
    ...(note ? { note } : {}),
    ...(rich ? { rich } : {}),
  };
  if (opts.logQuery !== false && decision.kind !== "smalltalk") {
    await logKbQuery(env, input, result, hits[0]?.fused ?? 0, hits.length).catch(() => undefined);
  }
  return { result, hits, decision, decisionMs };
}

const THANKS = /\b(thanks?|thx|ty|cheers|appreciate\w*)\b|ขอบคุณ|ขอบใจ|แต๊งกิ้ว/i;
const BYE = /\b(bye|goodbye|see (you|ya)|take care|good night|talk later|have a (nice|good|great) (day|one))\b|บาย|ลาก่อน|ราตรีสวัสดิ์|ไว้คุยกันใหม่/i;
const HELLO = /\b(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|morning|yo)\b|สวัสดี|หวัดดี|ฮัลโหล|อรุณสวัสดิ์/i;

/** Which small-talk reply fits: thanks, goodbye, hello, or a plain acknowledgement. */
function smallTalkReply(message: string, t: ReturnType<typeof visitorStrings>): string {
  if (BYE.test(message)) return t.goodbye;
  if (THANKS.test(message)) return t.thanks;
  if (HELLO.test(message)) return t.greeting;
  return t.acknowledge;
}

/** The chatbot's own fallback when it is written in the visitor's language, else ours in theirs. */
function fallbackText(settings: BotSettings, lang: VisitorLang): string {
  const list = settings.ai.enable_fallback_responses ? settings.ai.fallback_responses : [];
  const own = list.find((f) => scriptOf(f) === lang);
  return own ?? visitorStrings(lang).fallback;
}

function waitUntil(at: number): Promise<void> {
  const ms = at - Date.now();
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
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
export type { ModelChoice };
