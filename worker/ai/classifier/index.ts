import { featurize } from "./features";
import { LABELS, type TurnLabel } from "./labels";
import { dequantizedRows, scores, softmax, type WeightRows } from "./softmax";
import { loadClassifierWeights } from "../../lazy";

/**
 * The offline turn classifier: what kind of message this is (an answerable
 * question, small talk, or an escalation reason), with a probability per
 * label. Trained by `npm run train:classifier` on data/*.jsonl; see REPORT.md.
 */
export interface TurnClass {
  label: TurnLabel;
  /** probability of `label` */
  p: number;
  probs: Record<TurnLabel, number>;
}

let weights: WeightRows | null = null;

/** The first call in an isolate loads the weights (a module of their own, off the request path). */
export async function classifyText(text: string): Promise<TurnClass> {
  weights ??= dequantizedRows((await loadClassifierWeights()).weights as { scales: number[]; rows: string[] });
  const p = softmax(scores(featurize(text), weights));
  const probs = Object.fromEntries(LABELS.map((l, i) => [l, p[i]!])) as Record<TurnLabel, number>;
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return { label: LABELS[best]!, p: p[best]!, probs };
}

export { LABELS, type TurnLabel };
