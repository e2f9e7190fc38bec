import type { ConversationState } from "./types";

const EN_QUESTION = /^\s*(what|how|why|when|where|who|whom|which|whose|can|could|do|does|did|is|are|was|were|will|would|should|may|might|have|has)\b/i;
const EN_QUESTION_ANYWHERE = /\b(how much|how many|how long|what is|what's|where is|is there|are there|do you|can i|can you)\b/i;
// Thai question particles and words (no word spaces in Thai, so substrings)
const TH_QUESTION = ["ไหม", "มั้ย", "หรือเปล่า", "รึเปล่า", "หรือยัง", "อะไร", "ยังไง", "อย่างไร", "เท่าไหร่", "เท่าไร", "ที่ไหน", "เมื่อไหร่", "เมื่อไร", "ทำไม", "ใคร", "กี่", "ไหน"];

/** Passive mode answers only messages that look like questions: a '?' or an EN/TH question word. */
export function looksLikeQuestion(text: string): boolean {
  if (/[?？]/.test(text)) return true;
  if (EN_QUESTION.test(text) || EN_QUESTION_ANYWHERE.test(text)) return true;
  return TH_QUESTION.some((w) => text.includes(w));
}

/** Whether the bot should answer this visitor message in the conversation's current mode and status. */
export function botShouldAnswer(state: Pick<ConversationState, "mode" | "botMode" | "status">, text: string): boolean {
  if (state.mode !== "bot" || state.botMode === "off") return false;
  if (state.status !== "active") return false;
  if (text.trim() === "") return false;
  return state.botMode === "active" || looksLikeQuestion(text);
}
