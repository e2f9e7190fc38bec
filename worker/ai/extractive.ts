import type { SearchHit } from "../knowledge/search/hybrid";
import { terms } from "../knowledge/text/segment";
import type { AnswerSource } from "./types";

/**
 * The offline answerer: answers with the best FAQ's answer when an FAQ
 * matches the question well, otherwise with the 1–3 sentences of the top
 * passages that share the most words with the question, and cites where they
 * came from.
 */
export interface Extracted {
  body: string;
  sources: AnswerSource[];
  fromFaq: boolean;
}

const MAX_CHARS = 520;

export function faqAnswer(text: string): string | null {
  const m = text.match(/(?:^|\n)A:\s*([\s\S]*)$/);
  return m ? m[1]!.trim() : null;
}

export function toSource(h: SearchHit, score: number): AnswerSource {
  return { id: h.sourceType === "faq" ? h.sourceId : h.chunkId, type: h.sourceType, title: publicTitle(h.title), url: publicUrl(h.url), page: h.page, score: Math.round(score * 1000) / 1000 };
}

const FILE_EXT = /\.(md|markdown|mdx|txt|pdf|docx?|csv|tsv|html?|json|rtf|odt|xlsx?|pptx?)$/i;

/**
 * What a visitor may see as a source's name: a document's title, never its
 * internal file name — "opening-hours.pdf" becomes "Opening hours".
 */
export function publicTitle(title: string): string {
  let t = title.trim();
  const base = t.split(/[\\/]/).pop() ?? t;
  if (FILE_EXT.test(base) || (/^[\w.-]+$/.test(base) && /[_]/.test(base))) {
    t = base.replace(FILE_EXT, "").replace(/[-_.]+/g, " ").replace(/\s+/g, " ").trim();
    t = t ? t.charAt(0).toUpperCase() + t.slice(1) : "";
  }
  return t || "Help article";
}

/** Only public web addresses are shown; storage keys and relative paths are not. */
export function publicUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//.test(url) ? url : null;
}

function sentences(text: string, locale: string): string[] {
  const seg = new Intl.Segmenter(locale, { granularity: "sentence" });
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const s of seg.segment(line)) {
      const t = s.segment.trim();
      if (t.length >= 12) out.push(t);
    }
  }
  return out;
}

export function extractAnswer(question: string, hits: SearchHit[], confidence: number): Extracted | null {
  if (hits.length === 0) return null;
  const q = new Set(terms(question));
  const faq = hits.slice(0, 3).find((h) => h.sourceType === "faq" && h.coverage >= 0.6);
  if (faq && (faq === hits[0] || faq.coverage >= hits[0]!.coverage)) {
    const a = faqAnswer(faq.text);
    if (a) return { body: a, sources: [toSource(faq, confidence)], fromFaq: true };
  }
  const locale = /[\u0E00-\u0E7F]/.test(question) ? "th" : "en";
  // sentences of the best passages; a question word that few of them use says more than a common one (local idf)
  const pool: { text: string; ts: Set<string>; hit: SearchHit; rank: number; order: number }[] = [];
  hits.slice(0, 3).forEach((h, rank) => {
    const body = h.sourceType === "faq" ? faqAnswer(h.text) ?? h.text : h.text;
    sentences(body, locale).forEach((s, order) => {
      const ts = new Set(terms(s));
      if (ts.size) pool.push({ text: s, ts, hit: h, rank, order });
    });
  });
  const df = new Map<string, number>();
  for (const p of pool) for (const t of p.ts) if (q.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const weight = (t: string) => Math.log(1 + pool.length / (df.get(t) ?? 1));
  const total = [...q].reduce((sum, t) => sum + (df.has(t) ? weight(t) : 0), 0) || 1;
  const top = hits[0]!.sourceId;
  const candidates: { text: string; score: number; hit: SearchHit; rank: number; order: number }[] = [];
  for (const p of pool) {
    let found = 0;
    for (const t of p.ts) if (q.has(t)) found += weight(t);
    if (found === 0) continue;
    // share of the question's (weighted) words, a little for the best source's own passages, less for very long sentences
    const score = found / total + (p.hit.sourceId === top ? 0.1 : 0) + 0.05 / (p.rank + 1) - Math.max(0, p.text.length - 300) / 1000;
    candidates.push({ text: p.text, score, hit: p.hit, rank: p.rank, order: p.order });
  }
  if (candidates.length === 0) {
    const first = sentences(hits[0]!.text, locale).slice(0, 2).join(" ");
    return first ? { body: first, sources: [toSource(hits[0]!, confidence)], fromFaq: false } : null;
  }
  candidates.sort((a, b) => b.score - a.score);
  const chosen: typeof candidates = [];
  let size = 0;
  for (const c of candidates) {
    if (chosen.length >= 3 || size + c.text.length > MAX_CHARS) continue;
    if (chosen.length > 0 && c.score < chosen[0]!.score * 0.5) break;
    chosen.push(c);
    size += c.text.length;
  }
  if (chosen.length === 0) chosen.push(candidates[0]!);
  chosen.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const cited: SearchHit[] = [];
  for (const c of chosen) if (!cited.some((h) => h.sourceId === c.hit.sourceId)) cited.push(c.hit);
  return { body: chosen.map((c) => c.text).join(" "), sources: cited.map((h) => toSource(h, confidence)), fromFaq: false };
}

/**
 * "Sources: [Title](url) · Opening hours" — web pages by link, documents and
 * FAQs by their public title only (a page number of a file the visitor cannot
 * open says nothing to them). The label follows the visitor's language.
 */
export function citationLine(sources: AnswerSource[], label = "Sources"): string {
  if (sources.length === 0) return "";
  const parts: string[] = [];
  for (const s of sources) {
    const title = publicTitle(s.title).replace(/[[\]]/g, "");
    const url = publicUrl(s.url);
    const part = url ? `[${title}](${url})` : title;
    if (!parts.includes(part)) parts.push(part);
  }
  return `${label}: ${parts.join(" · ")}`;
}
