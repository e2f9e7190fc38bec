/**
 * The offline turn classifier's trained weights (a few hundred KB of
 * quantised rows): loaded on the first bot turn, not by every request.
 */
export { default as weights } from "../ai/classifier/weights.json";
