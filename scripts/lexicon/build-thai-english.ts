// Builds worker/knowledge/text/thai-english.json: a general Thai → English word
// lexicon learned from software user-interface translations (pairs of an English
// interface string and its Thai translation), by word alignment (IBM Model 1,
// expectation-maximisation), not written by hand.
//
// Sources (Debian packages, fetched with `apt-get download` and unpacked with
// `dpkg-deb -x PKG DIR`):
//   - libreoffice-l10n-th: LibreOffice's Thai interface (gettext .mo, MPL-2.0);
//   - chromium-l10n: Chromium's interface strings (`locales/th.pak` against the
//     `locales/en-US.pak` of the `chromium-common` package of the same version, which
//     has the same resource ids; BSD-3-Clause).
//
//   npx tsx scripts/lexicon/build-thai-english.ts DIR [DIR...]
// where each DIR is an unpacked package (the script finds the files inside).
// Thai words are segmented exactly as at question time (`Intl.Segmenter` via
// worker/knowledge/text/segment.ts) and English words are stemmed the same way
// as the index, so an entry is directly a question word → index terms.
import fs from "node:fs";
import path from "node:path";
import { contentWords, hasThai, words } from "../../worker/knowledge/text/segment";
import { STOPWORDS } from "../../worker/knowledge/text/stopwords";
import { stem } from "../../worker/knowledge/text/stem";

const root = path.resolve(import.meta.dirname, "../..");
const out = path.join(root, "worker/knowledge/text/thai-english.json");
const dirs = process.argv.slice(2);
if (!dirs.length) {
  console.error("usage: npx tsx scripts/lexicon/build-thai-english.ts DIR [DIR...]");
  process.exit(2);
}

const ITERATIONS = 8;
const MIN_COUNT = 3; // a Thai word seen in fewer string pairs is not learned
const MIN_PROB = 0.08; // translation probability kept
const MAX_TRANSLATIONS = 4;
const MAX_WORDS = 40; // longer strings are sentences of help text: too loose to align word by word

function walk(dir: string, found: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, found);
    else found.push(p);
  }
  return found;
}

/** gettext .mo: msgid (English) → msgstr (Thai). */
function readMo(file: string): [string, string][] {
  const b = fs.readFileSync(file);
  const le = b.readUInt32LE(0) === 0x950412de;
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const n = u32(8);
  const orig = u32(12);
  const trans = u32(16);
  const pairs: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const str = (table: number) => b.subarray(u32(table + i * 8 + 4), u32(table + i * 8 + 4) + u32(table + i * 8)).toString("utf8");
    const en = str(orig).split("\u0000")[0]!.replace(/^.*\u0004/, ""); // drop msgctxt, keep singular
    const th = str(trans).split("\u0000")[0]!;
    if (en && th) pairs.push([en, th]);
  }
  return pairs;
}

/** Chromium .pak (version 5): resource id → UTF-8 string. */
function readPak(file: string): Map<number, string> {
  const b = fs.readFileSync(file);
  const version = b.readUInt32LE(0);
  if (version !== 5) throw new Error(`${file}: pak version ${version} not supported`);
  const count = b.readUInt16LE(8);
  const aliases = b.readUInt16LE(10);
  const entry = (i: number) => ({ id: b.readUInt16LE(12 + i * 6), offset: b.readUInt32LE(12 + i * 6 + 2) });
  const out = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const a = entry(i);
    const z = entry(i + 1);
    out.set(a.id, b.subarray(a.offset, z.offset).toString("utf8"));
  }
  const aliasAt = 12 + (count + 1) * 6;
  for (let i = 0; i < aliases; i++) {
    const id = b.readUInt16LE(aliasAt + i * 4);
    const index = b.readUInt16LE(aliasAt + i * 4 + 2);
    const target = entry(index).id;
    const text = out.get(target);
    if (text !== undefined) out.set(id, text);
  }
  return out;
}

/** Interface markup out: mnemonics, placeholders, tags, entities. */
function clean(s: string): string {
  return s
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z]+;/g, " ")
    .replace(/\$\d+|%\d*\$?[sdif]|%[A-Z_]+%?|\{[^}]*\}|\$\([^)]*\)/g, " ")
    .replace(/\(~?[A-Za-z]\)|\(_[A-Za-z]\)/g, " ")
    .replace(/[~_&]/g, "");
}

/**
 * Thai units of a string: its words (as a question is segmented) and each two
 * adjacent words joined, because the segmenter splits many compounds
 * ("ติดตั้ง" install → "ติด" + "ตั้ง") whose meaning only the pair carries.
 */
function thaiUnits(text: string): string[] {
  const ws = words(text);
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (!hasThai(w)) continue;
    if (!STOPWORDS.has(w)) out.push(w);
    const next = ws[i + 1];
    if (next && hasThai(next) && !(STOPWORDS.has(w) && STOPWORDS.has(next))) out.push(w + next);
  }
  return out;
}

const pairs: [string, string][] = [];
const sources: string[] = [];
const everyFile = dirs.flatMap((d) => walk(d));
for (const dir of dirs) {
  const files = walk(dir);
  const mos = files.filter((f) => f.endsWith(".mo") && /\/th\/LC_MESSAGES\//.test(f));
  for (const f of mos) pairs.push(...readMo(f));
  if (mos.length) sources.push(`${mos.length} gettext catalogs`);
  const th = files.find((f) => f.endsWith("/locales/th.pak"));
  const en = th && everyFile.find((f) => f.endsWith("/locales/en-US.pak"));
  if (th && !en) console.error(`${th}: no locales/en-US.pak among the directories (unpack the chromium-common package of the same version too)`);
  if (th && en) {
    const thai = readPak(th);
    const english = readPak(en);
    let n = 0;
    for (const [id, t] of thai) {
      const e = english.get(id);
      if (e && e !== t) {
        pairs.push([e, t]);
        n++;
      }
    }
    sources.push(`${n} strings of locales/th.pak`);
  }
}

// tokenised sentence pairs: Thai words (as a question is segmented) ↔ English index terms
const corpus: { th: string[]; en: string[] }[] = [];
const seen = new Set<string>();
for (const [e, t] of pairs) {
  if (!hasThai(t)) continue;
  const key = `${e}\u0000${t}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const th = thaiUnits(clean(t));
  const en = contentWords(clean(e))
    .filter((w) => /^[a-z][a-z-]*$/.test(w) && w.length > 1)
    .map(stem);
  if (!th.length || !en.length || th.length > MAX_WORDS || en.length > MAX_WORDS) continue;
  corpus.push({ th, en });
}
console.log(`${pairs.length} string pairs, ${corpus.length} aligned (${sources.join("; ")})`);

const thCount = new Map<string, number>();
for (const { th } of corpus) for (const w of new Set(th)) thCount.set(w, (thCount.get(w) ?? 0) + 1);

// IBM Model 1, English generated from Thai (+ a NULL word): t(e | th)
const NULL = "\u0000";
const t = new Map<string, Map<string, number>>();
for (const { th, en } of corpus)
  for (const f of [NULL, ...th]) {
    let m = t.get(f);
    if (!m) t.set(f, (m = new Map()));
    for (const e of en) m.set(e, 1);
  }
for (const m of t.values()) {
  const z = m.size;
  for (const k of m.keys()) m.set(k, 1 / z);
}
for (let it = 0; it < ITERATIONS; it++) {
  const count = new Map<string, Map<string, number>>();
  const total = new Map<string, number>();
  for (const { th, en } of corpus) {
    const src = [NULL, ...th];
    for (const e of en) {
      let z = 0;
      for (const f of src) z += t.get(f)!.get(e)!;
      for (const f of src) {
        const c = t.get(f)!.get(e)! / z;
        let m = count.get(f);
        if (!m) count.set(f, (m = new Map()));
        m.set(e, (m.get(e) ?? 0) + c);
        total.set(f, (total.get(f) ?? 0) + c);
      }
    }
  }
  for (const [f, m] of count) {
    const z = total.get(f)!;
    const row = t.get(f)!;
    for (const [e, c] of m) row.set(e, c / z);
  }
}

const entries: string[] = [];
for (const [w, n] of [...thCount].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (n < MIN_COUNT) continue;
  const row = t.get(w);
  if (!row) continue;
  const best = [...row].filter(([, p]) => p >= MIN_PROB).sort((a, b) => b[1] - a[1]).slice(0, MAX_TRANSLATIONS);
  if (!best.length) continue;
  entries.push(`${w}:${best.map(([e, p]) => `${e}=${Math.round(p * 100) / 100}`).join(",")}`);
}
fs.writeFileSync(
  out,
  JSON.stringify({
    source: `word alignment (IBM Model 1, ${ITERATIONS} iterations) of Thai and English software interface translations: ${sources.join("; ")}; LibreOffice translations MPL-2.0, Chromium strings BSD-3-Clause`,
    entries: entries.join("\n"),
  }),
);
console.log(`${entries.length} Thai words → ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`);
