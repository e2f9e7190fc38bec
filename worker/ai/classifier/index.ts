import { featurize } from "./features";
import { LABELS, type TurnLabel } from "./labels";
import { dequantizedRows, scores, softmax, type WeightRows } from "./softmax";
import encoded from "./weights.json";

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

export function classifyText(text: string): TurnClass {
  weights ??= dequantizedRows(encoded as { scales: number[]; rows: string[] });
  const p = softmax(scores(featurize(text), weights));
  const probs = Object.fromEntries(LABELS.map((l, i) => [l, p[i]!])) as Record<TurnLabel, number>;
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return { label: LABELS[best]!, p: p[best]!, probs };
}

export { LABELS, type TurnLabel };
