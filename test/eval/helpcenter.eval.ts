import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { chunkMarkdown } from "../../worker/knowledge/index/chunk-markdown";
import { indexSourceChunks } from "../../worker/knowledge/index";
import { RETRIEVAL, searchKnowledge } from "../../worker/knowledge/search/hybrid";
import { BM25F } from "../../worker/knowledge/search/score";
import { terms } from "../../worker/knowledge/text/segment";
import { botTurn } from "../../worker/ai/turn";
import { isEscalation } from "../../worker/ai/decide";
import { describeGroup, emptyFigures, factPresent, type GroupFigures, groupOf, type Question, r4 } from "./metrics";
import { providerEnv } from "./provider";

const e = env as unknown as { EVAL_DOCS: string; EVAL_SETS: string; EVAL_KNOBS: string; EVAL_PROVIDER: string };
const log = (line: string) => console.log(`EVAL| ${line}`);

interface SetFigures {
  recall_at_1: number;
  recall_at_3: number;
  recall_at_5: number;
  mrr: number;
  escalation_precision: number;
  escalation_recall: number;
  escalation_f1: number;
  faithfulness: number;
  questions: number;
  groups: Record<string, Record<string, number>>;
}

it("answers the evaluation questions from the ingested help center", async () => {
  const docs = JSON.parse(e.EVAL_DOCS) as { path: string; content: string }[];
  const sets = JSON.parse(e.EVAL_SETS) as { name: string; lines: string }[];
  const knobs = JSON.parse(e.EVAL_KNOBS || "{}") as Record<string, unknown>;
  Object.assign(RETRIEVAL, knobs);
  if (knobs.bm25f) Object.assign(BM25F, knobs.bm25f);
  const provider = await providerEnv(env, e.EVAL_PROVIDER, "ws_eval", "cb_eval");
  log(provider.note);
  const runEnv = provider.env;
  const workspaceId = "ws_eval";
  const chatbotId = "cb_eval";

  // without the queue binding the latent basis is rebuilt inline as pages arrive, so the figures do not depend on when the queue runs
  const indexEnv = { ...runEnv, INGEST: undefined } as unknown as Env;
  const started = Date.now();
  let chunkCount = 0;
  for (const d of docs) {
    const doc = chunkMarkdown(d.content, d.path);
    chunkCount += doc.chunks.length;
    await indexSourceChunks(indexEnv, { workspaceId, chatbotId, sourceType: "document", sourceId: d.path, title: doc.title, summary: doc.summary, chunks: doc.chunks });
  }
  log(`ingested ${docs.length} documents, ${chunkCount} chunks in ${Date.now() - started} ms`);

  const results: Record<string, SetFigures> = {};
  for (const set of sets) {
    const questions = set.lines.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Question);
    const groups = new Map<string, GroupFigures>();
    const kinds = new Map<string, GroupFigures>();
    const total = emptyFigures();
    let tp = 0, fp = 0, fn = 0;
    const misses: string[] = [];
    for (const q of questions) {
      const turn = await botTurn(runEnv, { workspaceId, chatbotId, conversationId: `conv_${set.name}_${q.id}`, message: q.question, history: [], failedAnswers: 0 }, undefined, { logQuery: false });
      const ranked: string[] = [];
      for (const h of turn.hits) if (!ranked.includes(h.sourceId)) ranked.push(h.sourceId);
      const escalated = isEscalation(turn.result);
      if (process.env.EVAL_DIAG || (JSON.parse(e.EVAL_KNOBS || "{}") as { diag?: boolean }).diag) {
        const { classifyText } = await import("../../worker/ai/classifier");
        const c = await classifyText(q.question);
        const top = Object.entries(c.probs).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k, v]) => `${k}:${v.toFixed(2)}`).join(" ");
        log(`DIAG ${q.id} exp=${q.escalate ? q.reason : "-"} got=${turn.result.action}/${turn.result.escalation?.reason ?? "-"} conf=${turn.result.confidence.toFixed(2)} top1=${ranked[0] ?? "-"} ${top} :: ${q.question.slice(0, 70)}`);
      }
      if (escalated && q.escalate) tp++;
      else if (escalated && !q.escalate) fp++;
      else if (!escalated && q.escalate) fn++;
      const buckets = [total, getOr(groups, groupOf(q)), ...(q.kind ? [getOr(kinds, q.kind)] : [])];
      for (const f of buckets) {
        f.n++;
        if (escalated) f.escalated++;
        if (q.escalate && escalated && turn.result.escalation?.reason === q.reason) f.reasonMatch++;
      }
      if (q.expected_docs.length > 0) {
        const rank = ranked.findIndex((d) => q.expected_docs.includes(d));
        for (const f of buckets) {
          f.retrieval++;
          if (rank === 0) f.found1++;
          if (rank >= 0 && rank < 3) f.found3++;
          if (rank >= 0 && rank < 5) f.found5++;
          if (rank >= 0) f.rr += 1 / (rank + 1);
        }
        if (rank < 0 || rank >= 3) {
          misses.push(`MISS ${q.id} [${q.kind ?? groupOf(q)}] rank=${rank < 0 ? "none" : rank + 1} expected=${q.expected_docs.join(",")} got=${ranked.slice(0, 3).join(",")} :: ${q.question}`);
          if (knobs.explain) {
            const wide = await searchKnowledge(runEnv, { workspaceId, chatbotId, query: q.question, topK: 100 });
            for (const line of explainMiss(wide.hits, q.expected_docs)) misses.push(`    ${line}`);
            misses.push(`    terms: ${[...wide.queryTerms].join(" ")}${wide.corrections.length ? ` | corrected: ${wide.corrections.map((c) => `${c.word}→${c.as.join("/")}`).join(" ")}` : ""} | feedback: ${wide.expansion.map((x) => x.term).join(" ")}`);
          }
        }
      }
      const facts = q.expected_answer_facts ?? [];
      if (!q.escalate && !escalated && facts.length > 0) {
        // the answer text plus the passages it cites
        const cited = new Set(turn.result.sources.map((s) => s.id));
        const support = new Set(terms([turn.result.text, ...turn.hits.filter((h) => cited.has(h.chunkId)).map((h) => `${h.title} ${h.section ?? ""} ${h.text}`)].join("\n")));
        const faithful = facts.every((f) => factPresent(f, support));
        if (!faithful && (JSON.parse(e.EVAL_KNOBS || "{}") as { diag?: boolean }).diag) log(`UNFAITHFUL ${q.id} exp=${q.expected_docs.join(",")} cited=${turn.result.sources.map((s) => s.title).join("|")} facts=${facts.join(" / ")} :: ${turn.result.text.slice(0, 200).replace(/\n/g, " ")}`);
        for (const f of buckets) {
          f.answeredWithFacts++;
          if (faithful) f.faithful++;
        }
      }
      if (escalated !== q.escalate) {
        misses.push(`MISS ${q.id} [${q.kind ?? groupOf(q)}] ESCALATION expected=${q.escalate}(${q.reason}) got=${turn.result.action}/${turn.result.escalation?.reason ?? "-"} conf=${turn.result.confidence.toFixed(2)} :: ${q.question}`);
      }
    }
    const n = Math.max(total.retrieval, 1);
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    const figures: SetFigures = {
      recall_at_1: r4(total.found1 / n),
      recall_at_3: r4(total.found3 / n),
      recall_at_5: r4(total.found5 / n),
      mrr: r4(total.rr / n),
      escalation_precision: r4(precision),
      escalation_recall: r4(recall),
      escalation_f1: r4(f1),
      faithfulness: r4(total.answeredWithFacts ? total.faithful / total.answeredWithFacts : 0),
      questions: questions.length,
      groups: {},
    };
    log(`== ${set.name}: ${questions.length} questions, ${total.retrieval} with expected documents; escalation tp=${tp} fp=${fp} fn=${fn}`);
    for (const [name, f] of [...groups].sort()) {
      log(`  ${describeGroup(name, f)}`);
      figures.groups[name] = { n: f.n, ...(f.retrieval ? { recall_at_3: r4(f.found3 / f.retrieval), mrr: r4(f.rr / f.retrieval) } : {}), escalated: r4(f.escalated / f.n), ...(name.startsWith("escalate:") ? { reason_matched: r4(f.reasonMatch / f.n) } : {}) };
    }
    for (const [name, f] of [...kinds].sort()) log(`  kind ${describeGroup(name, f)}`);
    log(`  ${set.name} recall@1 ${figures.recall_at_1} @3 ${figures.recall_at_3} @5 ${figures.recall_at_5} MRR ${figures.mrr} | escalation P ${figures.escalation_precision} R ${figures.escalation_recall} F1 ${figures.escalation_f1} | faithfulness ${figures.faithfulness} (${total.faithful}/${total.answeredWithFacts})`);
    for (const m of misses) log(`  ${m}`);
    results[set.name] = figures;
  }
  const primary = results[sets[0]!.name]!;
  const { groups: _groups, ...headline } = primary;
  console.log(`EVAL_RESULT ${JSON.stringify({ ...headline, provider: provider.name, sets: results })}`);
  expect(sets.length).toBeGreaterThan(0);
});

/** For a miss (`--knobs '{"explain":true}'`): the first passages with their ranking features, and the expected documents' best passage. */
function explainMiss(hits: { sourceId: string; fused: number; bm25: number; weightedCoverage?: number; headingCoverage?: number; section: string | null }[], expected: string[]): string[] {
  const fmt = (h: (typeof hits)[number], i: number) =>
    `#${i + 1} ${h.sourceId}${h.section ? ` § ${h.section.slice(0, 40)}` : ""} fused=${h.fused.toFixed(3)} bm25=${h.bm25.toFixed(2)} cov=${(h.weightedCoverage ?? 0).toFixed(2)} head=${(h.headingCoverage ?? 0).toFixed(2)}`;
  const out = hits.slice(0, 4).map(fmt);
  const at = hits.findIndex((h) => expected.includes(h.sourceId));
  out.push(at >= 0 ? `expected: ${fmt(hits[at]!, at)}` : "expected: not among the returned passages");
  return out;
}

function getOr(m: Map<string, GroupFigures>, key: string): GroupFigures {
  let f = m.get(key);
  if (!f) m.set(key, (f = emptyFigures()));
  return f;
}
