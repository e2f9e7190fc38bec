/**
 * English related-words table derived from WordNet (a few hundred KB):
 * loaded on the first knowledge search, not by every request.
 */
export { default as related } from "../knowledge/text/related-words.json";
