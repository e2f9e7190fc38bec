import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { chunkMarkdown } from "../../worker/knowledge/index/chunk-markdown";
import { indexSourceChunks } from "../../worker/knowledge/index";
import { botTurn } from "../../worker/ai/turn";
import { isEscalation } from "../../worker/ai/decide";

interface Question {
  id: string;
  question: string;
  expected_docs: string[];
  escalate: boolean;
  reason: string | null;
}

const e = env as unknown as { EVAL_DOCS: string; EVAL_QUESTIONS: string };
const log = (line: string) => console.log(`EVAL| ${line}`);

it("answers the evaluation questions from the ingested help center", async () => {
  const docs = JSON.parse(e.EVAL_DOCS) as { path: string; content: string }[];
  const questions = e.EVAL_QUESTIONS.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Question);
  const workspaceId = "ws_eval";
  const chatbotId = "cb_eval";

  const started = Date.now();
  let chunkCount = 0;
  for (const d of docs) {
    const doc = chunkMarkdown(d.content, d.path);
    chunkCount += doc.chunks.length;
    await indexSourceChunks(env, { workspaceId, chatbotId, sourceType: "document", sourceId: d.path, title: doc.title, chunks: doc.chunks });
  }
  log(`ingested ${docs.length} documents, ${chunkCount} chunks in ${Date.now() - started} ms`);

  const found = { 1: 0, 3: 0, 5: 0 };
  let mrr = 0;
  let retrievalQuestions = 0;
  let tp = 0, fp = 0, fn = 0;
  for (const q of questions) {
    const turn = await botTurn(env, { workspaceId, chatbotId, conversationId: `conv_${q.id}`, message: q.question, history: [], failedAnswers: 0 }, undefined, { logQuery: false });
    const ranked: string[] = [];
    for (const h of turn.hits) if (!ranked.includes(h.sourceId)) ranked.push(h.sourceId);
    const escalated = isEscalation(turn.result);
    if (escalated && q.escalate) tp++;
    else if (escalated && !q.escalate) fp++;
    else if (!escalated && q.escalate) fn++;
    const escNote = escalated !== q.escalate ? ` ESCALATION expected=${q.escalate}(${q.reason}) got=${turn.result.action}/${turn.result.escalation?.reason ?? "-"} conf=${turn.result.confidence.toFixed(2)}` : "";
    if (q.expected_docs.length > 0) {
      retrievalQuestions++;
      const rank = ranked.findIndex((d) => q.expected_docs.includes(d));
      if (rank === 0) found[1]++;
      if (rank >= 0 && rank < 3) found[3]++;
      if (rank >= 0 && rank < 5) found[5]++;
      if (rank >= 0) mrr += 1 / (rank + 1);
      if (rank < 0 || rank >= 3) log(`MISS ${q.id} rank=${rank < 0 ? "none" : rank + 1} expected=${q.expected_docs.join(",")} got=${ranked.slice(0, 3).join(",")} :: ${q.question}`);
    }
    if (escNote) log(`MISS ${q.id}${escNote} :: ${q.question}`);
  }
  const n = Math.max(retrievalQuestions, 1);
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  const result = {
    recall_at_1: r4(found[1] / n),
    recall_at_3: r4(found[3] / n),
    recall_at_5: r4(found[5] / n),
    mrr: r4(mrr / n),
    escalation_precision: r4(precision),
    escalation_recall: r4(recall),
    escalation_f1: r4(f1),
    questions: questions.length,
  };
  log(`retrieval questions ${retrievalQuestions}; escalation tp=${tp} fp=${fp} fn=${fn}`);
  console.log(`EVAL_RESULT ${JSON.stringify(result)}`);
  expect(questions.length).toBeGreaterThan(0);
});
