import { terms } from "../../worker/knowledge/text/segment";

/** One evaluation question (the public file's fields; `kind` in the own sets). */
export interface Question {
  id: string;
  question: string;
  expected_docs: string[];
  expected_answer_facts?: string[];
  escalate: boolean;
  reason: string | null;
  lang?: string;
  kind?: string;
}

/** The group a question is reported under: answerable EN / TH, or the escalation reason. */
export function groupOf(q: Question): string {
  if (q.escalate) return `escalate:${q.reason ?? "unknown"}`;
  return q.lang === "th" ? "answerable:th" : "answerable:en";
}

/**
 * Whether a fact is present in a text. A fact is a short sentence written by
 * hand; an answer rarely repeats it word for word, so it counts as present when
 * at least two thirds of its content terms (stopwords dropped, Porter2-stemmed,
 * numbers kept) occur in the text. This measures support by the answer or its
 * cited passages, not correctness of wording; paraphrases with other words
 * count as absent.
 */
export const FACT_TERM_SHARE = 2 / 3;

export function factPresent(fact: string, text: string | Set<string>): boolean {
  const want = [...new Set(terms(fact))];
  if (want.length === 0) return true;
  const have = typeof text === "string" ? new Set(terms(text)) : text;
  return want.filter((t) => have.has(t)).length / want.length >= FACT_TERM_SHARE;
}

export interface GroupFigures {
  n: number;
  retrieval: number;
  found1: number;
  found3: number;
  found5: number;
  rr: number;
  escalated: number;
  reasonMatch: number;
  answeredWithFacts: number;
  faithful: number;
}

export function emptyFigures(): GroupFigures {
  return { n: 0, retrieval: 0, found1: 0, found3: 0, found5: 0, rr: 0, escalated: 0, reasonMatch: 0, answeredWithFacts: 0, faithful: 0 };
}

export const r4 = (x: number) => Math.round(x * 10000) / 10000;

export function describeGroup(name: string, f: GroupFigures): string {
  const parts = [`${name.padEnd(28)} n=${String(f.n).padStart(3)}`];
  if (f.retrieval) parts.push(`recall@1 ${r4(f.found1 / f.retrieval).toFixed(2)} @3 ${r4(f.found3 / f.retrieval).toFixed(2)} @5 ${r4(f.found5 / f.retrieval).toFixed(2)} MRR ${r4(f.rr / f.retrieval).toFixed(2)}`);
  parts.push(`escalated ${f.escalated}/${f.n}`);
  if (name.startsWith("escalate:") || f.reasonMatch) parts.push(`reason matched ${f.reasonMatch}/${f.n}`);
  if (f.answeredWithFacts) parts.push(`faithful ${f.faithful}/${f.answeredWithFacts}`);
  return parts.join("  ");
}
