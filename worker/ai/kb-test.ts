import { botTurn } from "./turn";

/**
 * "Test your knowledge base" (PRD 5.4.4): the ranked passages with their
 * scores and what the bot would answer, without logging the question.
 */
export async function testKnowledge(env: Env, args: { workspaceId: string; chatbotId: string; query: string; topK: number }) {
  const { result, hits } = await botTurn(
    env,
    { workspaceId: args.workspaceId, chatbotId: args.chatbotId, conversationId: "", message: args.query, history: [], failedAnswers: 0 },
    undefined,
    { logQuery: false },
  );
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const maxFused = hits[0]?.fused || 1;
  return {
    query: args.query,
    results: hits.slice(0, args.topK).map((h, i) => ({
      rank: i + 1,
      score: round(h.fused / maxFused),
      scores: { bm25: round(h.bm25), vector: round(h.vector), fused: round(h.fused) },
      chunk_id: h.chunkId,
      source_type: h.sourceType,
      source_id: h.sourceId,
      content: h.text,
      metadata: { title: h.title, url: h.url, page: h.page, section: h.section },
    })),
    suggested_answer: result.text,
    confidence_score: result.confidence,
    action: result.action,
    escalation: result.escalation,
    intent: result.intent,
    sentiment: { label: result.sentiment, score: result.sentimentScore },
    sources: result.sources,
    model: result.model,
  };
}
