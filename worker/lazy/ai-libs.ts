/**
 * The AI SDK and its providers, needed only when a chatbot answers with a
 * configured language model. Loaded with `loadAiLibs()` (worker/lazy.ts).
 */
export { createAnthropic } from "@ai-sdk/anthropic";
export { createOpenAICompatible } from "@ai-sdk/openai-compatible";
export { generateObject, streamText } from "ai";
export { createWorkersAI } from "workers-ai-provider";
