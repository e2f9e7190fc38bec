import type { AuthContext } from "../../lib/context";
import { createFaq, findFaqByQuestion, updateFaq } from "../faqs/faqs";
import { requireChatbot } from "../sources/chatbot";

/**
 * Saves an agent's better answer as an FAQ (story 4.3) so the same question
 * is answered from it next time. An existing FAQ with the same question is
 * updated instead of duplicated.
 */
export async function improveAnswer(env: Env, auth: AuthContext, input: { chatbotId: string; question: string; answer: string }) {
  await requireChatbot(env, auth.workspaceId, input.chatbotId);
  const existing = await findFaqByQuestion(env, input.chatbotId, input.question);
  if (existing && existing.workspaceId === auth.workspaceId) {
    return { faq: await updateFaq(env, auth, existing.id, { answer: input.answer, status: "active" }), created: false };
  }
  return { faq: await createFaq(env, auth, { chatbot_id: input.chatbotId, question: input.question, answer: input.answer, category: "improved" }), created: true };
}
