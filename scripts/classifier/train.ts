/**
 * Trains the offline turn classifier: multinomial logistic regression (Adagrad,
 * L2) over hashed word + character n-grams, on the labelled phrasings in
 * worker/ai/classifier/data/*.jsonl. Reports stratified 5-fold
 * cross-validation (accuracy, per-label precision/recall/F1, per language),
 * then trains on everything and writes the quantised weights.
 *   npm run train:classifier            train from the data files
 *   npm run train:classifier -- --write-data   regenerate the data files from the templates first
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BUCKETS, featurize } from "../../worker/ai/classifier/features";
import { LABELS, type TurnLabel } from "../../worker/ai/classifier/labels";
import { dequantizedRows, quantize, scores, softmax } from "../../worker/ai/classifier/softmax";
import { phrasings, rng, type Example } from "./phrasings";

const root = process.cwd();
const dataDir = path.join(root, "worker/ai/classifier/data");
const EPOCHS = 14;
const LR = 0.5;
const L2 = 1e-5;

function writeData() {
  const all = phrasings();
  for (const label of LABELS) {
    const lines = all.filter((e) => e.label === label).map((e) => JSON.stringify({ text: e.text, lang: e.lang, group: e.group }));
    writeFileSync(path.join(dataDir, `${label}.jsonl`), lines.join("\n") + "\n");
  }
}

function readData(): Example[] {
  const out: Example[] = [];
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith(".jsonl")).sort()) {
    const label = file.replace(/\.jsonl$/, "") as TurnLabel;
    if (!LABELS.includes(label)) throw new Error(`unknown label file ${file}`);
    for (const line of readFileSync(path.join(dataDir, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { text: string; lang: "en" | "th"; group?: string };
      out.push({ text: row.text, lang: row.lang, label, group: row.group ?? `${label}.${out.length}` });
    }
  }
  return out;
}

function train(examples: { x: Map<number, number>; y: number }[], seed: number): Float32Array[] {
  const K = LABELS.length;
  const w = Array.from({ length: K }, () => new Float32Array(BUCKETS));
  const g2 = Array.from({ length: K }, () => new Float32Array(BUCKETS).fill(1e-6));
  const r = rng(seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const { x, y } = examples[idx]!;
      const p = softmax(scores(x, { rows: w, scales: new Array(K).fill(1) }));
      for (let k = 0; k < K; k++) {
        const err = p[k]! - (k === y ? 1 : 0);
        const row = w[k]!;
        const acc = g2[k]!;
        for (const [f, v] of x) {
          const g = err * v + L2 * row[f]!;
          acc[f]! += g * g;
          row[f]! -= (LR * g) / Math.sqrt(acc[f]!);
        }
      }
    }
  }
  return w;
}

function predict(w: Float32Array[], x: Map<number, number>): number {
  const p = softmax(scores(x, { rows: w, scales: new Array(w.length).fill(1) }));
  return p.indexOf(Math.max(...p));
}

/**
 * Stratified k-fold. With `byTemplate`, every phrasing of one template lands in
 * the same fold, so the score is on sentence shapes the model never saw (the
 * honest figure; plain k-fold shares templates between train and test).
 */
function crossValidate(data: Example[], byTemplate: boolean, folds = 5) {
  const byLabel = new Map<string, string[]>();
  const unitOf = (e: Example, i: number) => (byTemplate ? e.group! : String(i));
  data.forEach((e, i) => {
    const list = byLabel.get(e.label) ?? [];
    if (!list.includes(unitOf(e, i))) list.push(unitOf(e, i));
    byLabel.set(e.label, list);
  });
  const unitFold = new Map<string, number>();
  const r = rng(11);
  for (const units of byLabel.values()) {
    const shuffled = [...units].sort(() => r() - 0.5);
    shuffled.forEach((u, n) => unitFold.set(u, n % folds));
  }
  const fold = data.map((e, i) => unitFold.get(unitOf(e, i))!);
  const feats = data.map((e) => featurize(e.text));
  const predicted = new Array<number>(data.length);
  for (let f = 0; f < folds; f++) {
    const trainSet = data.map((e, i) => ({ x: feats[i]!, y: LABELS.indexOf(e.label), i })).filter((e) => fold[e.i] !== f);
    const w = train(trainSet, 100 + f);
    data.forEach((_, i) => {
      if (fold[i] === f) predicted[i] = predict(w, feats[i]!);
    });
  }
  return predicted;
}

function report(data: Example[], predicted: number[]): string {
  const lines: string[] = [];
  const acc = (sel: number[]) => sel.filter((i) => LABELS[predicted[i]!] === data[i]!.label).length / (sel.length || 1);
  const all = data.map((_, i) => i);
  lines.push(`examples: ${data.length} (en ${data.filter((e) => e.lang === "en").length}, th ${data.filter((e) => e.lang === "th").length})`);
  lines.push(`5-fold accuracy: ${acc(all).toFixed(3)} (en ${acc(all.filter((i) => data[i]!.lang === "en")).toFixed(3)}, th ${acc(all.filter((i) => data[i]!.lang === "th")).toFixed(3)})`);
  lines.push("");
  lines.push("| label | n | precision | recall | F1 |");
  lines.push("|---|---|---|---|---|");
  for (let k = 0; k < LABELS.length; k++) {
    const tp = all.filter((i) => predicted[i] === k && data[i]!.label === LABELS[k]).length;
    const fp = all.filter((i) => predicted[i] === k && data[i]!.label !== LABELS[k]).length;
    const fn = all.filter((i) => predicted[i] !== k && data[i]!.label === LABELS[k]).length;
    const p = tp / (tp + fp || 1);
    const rc = tp / (tp + fn || 1);
    const f1 = (2 * p * rc) / (p + rc || 1);
    lines.push(`| ${LABELS[k]} | ${tp + fn} | ${p.toFixed(3)} | ${rc.toFixed(3)} | ${f1.toFixed(3)} |`);
  }
  const escalating = (l: string) => !["question", "smalltalk"].includes(l);
  const etp = all.filter((i) => escalating(LABELS[predicted[i]!]!) && escalating(data[i]!.label)).length;
  const efp = all.filter((i) => escalating(LABELS[predicted[i]!]!) && !escalating(data[i]!.label)).length;
  const efn = all.filter((i) => !escalating(LABELS[predicted[i]!]!) && escalating(data[i]!.label)).length;
  const ep = etp / (etp + efp || 1);
  const er = etp / (etp + efn || 1);
  lines.push("");
  lines.push(`escalate-or-not (any escalation label vs question/smalltalk): precision ${ep.toFixed(3)}, recall ${er.toFixed(3)}, F1 ${((2 * ep * er) / (ep + er || 1)).toFixed(3)}`);
  return lines.join("\n");
}

function main() {
  if (process.argv.includes("--write-data")) writeData();
  const data = readData();
  const started = Date.now();
  const cv = process.argv.includes("--no-cv") ? "(cross-validation skipped: --no-cv)" : [
    "## Held-out templates (5 folds; no sentence shape shared between train and test)",
    "",
    report(data, crossValidate(data, true)),
    "",
    "## Plain stratified 5-fold (shares templates; an upper bound)",
    "",
    report(data, crossValidate(data, false)),
  ].join("\n");
  console.log(cv);
  const w = train(data.map((e) => ({ x: featurize(e.text), y: LABELS.indexOf(e.label) })), 1);
  const encoded = quantize(w);
  // the shipped (quantised) model must still fit its own training data
  const q = dequantizedRows(encoded);
  const fit = data.filter((e) => {
    const p = softmax(scores(featurize(e.text), q));
    return LABELS[p.indexOf(Math.max(...p))] === e.label;
  }).length / data.length;
  writeFileSync(path.join(root, "worker/ai/classifier/weights.json"), JSON.stringify({ labels: LABELS, buckets: BUCKETS, ...encoded }));
  const md = [
    "# Turn classifier: cross-validation report",
    "",
    "Written by `npm run train:classifier` (stratified 5-fold over the labelled phrasings in `data/`;",
    "multinomial logistic regression over hashed word 1–2-grams and character 2–4-grams).",
    "",
    cv,
    "",
    `quantised model, training-set accuracy: ${fit.toFixed(3)}; trained in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    "",
  ].join("\n");
  writeFileSync(path.join(root, "worker/ai/classifier/REPORT.md"), md);
  console.log(`\nquantised fit ${fit.toFixed(3)}; wrote weights.json and REPORT.md`);
}

main();
