/**
 * Decision latency of the offline classifier (features + model), measured
 * in Node over mixed EN/TH messages: the first call (weights decoded) and
 * p50/p95/p99 over 5,000 calls. Prints one JSON line.
 */
import { classifyOffline } from "../../worker/ai/decision";

const messages = [
  "Hi, can I pay with PromptPay?",
  "you charged me twice this month, reverse one",
  "ร้านเปิดกี่โมงคะ",
  "how do I export all my visitor data as a spreadsheet for the last two years, including referrers and campaigns?",
  "สวัสดีค่ะ",
  "can I talk to a person please",
];
const triggers = { low_confidence_threshold: 0.7, frustration_detection: true, explicit_request: true, max_failed_responses: 3 };
const t0 = performance.now();
await classifyOffline(messages[0]!, triggers);
const first = performance.now() - t0;
const times: number[] = [];
for (let i = 0; i < 5000; i++) {
  const t = performance.now();
  await classifyOffline(messages[i % messages.length]!, triggers);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const at = (q: number) => Number(times[Math.floor(q * times.length)]!.toFixed(3));
console.log(JSON.stringify({ first_call_ms: Number(first.toFixed(2)), p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99) }));
