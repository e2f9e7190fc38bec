import { type LanguageModel, streamText } from "ai";
import type { LinkPolicy } from "../link-policy";
import type { BuiltPrompt } from "../prompt";
import { sanitizeAnswer, sanitizeFragment } from "../safety";
import type { OnDelta } from "../types";

/**
 * Streams an LLM answer. Text is forwarded line by line after sanitising, so
 * an image, HTML tag or link to a host outside `opts.links` split across
 * tokens never reaches the visitor.
 */
export async function generateWithModel(
  model: LanguageModel,
  prompt: BuiltPrompt,
  opts: { temperature: number; maxTokens: number; timeoutMs?: number; links?: LinkPolicy },
  onDelta?: OnDelta,
): Promise<{ text: string; tokens: { prompt: number; completion: number } }> {
  const result = streamText({
    model,
    system: prompt.system,
    messages: prompt.messages,
    temperature: opts.temperature,
    maxOutputTokens: opts.maxTokens,
    maxRetries: 1,
    abortSignal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
  });
  let raw = "";
  let pending = "";
  const emit = async (piece: string) => {
    const clean = sanitizeFragment(piece, opts.links);
    if (clean) await onDelta?.(clean);
  };
  for await (const delta of result.textStream) {
    raw += delta;
    pending += delta;
    const nl = pending.lastIndexOf("\n");
    if (nl >= 0) {
      await emit(pending.slice(0, nl + 1));
      pending = pending.slice(nl + 1);
    }
  }
  if (pending) await emit(pending);
  const usage = await result.usage;
  return {
    text: sanitizeAnswer(raw, opts.links),
    tokens: { prompt: usage.inputTokens ?? 0, completion: usage.outputTokens ?? 0 },
  };
}
