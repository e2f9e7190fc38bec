/**
 * Thai → English word lexicon learned from software interface translations
 * (built by `scripts/lexicon/build-thai-english.ts`, a few hundred KB): loaded
 * on the first Thai question over knowledge that does not use the Thai words.
 */
export { default as thaiEnglish } from "../knowledge/text/thai-english.json";
