import { loadCsvLibs } from "../../lazy";
import { Buffer } from "node:buffer";
import { loadIngestLibs } from "../../lazy";
import type { FileType } from "../documents/file-types";
import { type Block, type Extracted, markdownToBlocks } from "./blocks";
import { cleanPages } from "./clean";
import { IngestError } from "./errors";
import { htmlToText } from "./html";

/** Text and structure of one uploaded file; permanent problems are IngestErrors. */
export async function extractDocument(type: FileType, bytes: Uint8Array): Promise<Extracted> {
  if (bytes.byteLength === 0) throw new IngestError("EMPTY_DOCUMENT", "The file is empty");
  switch (type) {
    case "pdf":
      return extractPdf(bytes);
    case "docx":
      return extractDocx(bytes);
    case "html":
      return { blocks: markdownToBlocks(htmlToText(decodeText(bytes)).text), pageCount: null };
    case "csv":
      return { blocks: await csvToBlocks(decodeText(bytes)), pageCount: null };
    case "md":
    case "txt":
      return { blocks: markdownToBlocks(decodeText(bytes)), pageCount: null };
  }
}

function decodeText(bytes: Uint8Array): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : null;
  try {
    return new TextDecoder(utf16 ?? "utf-8", { fatal: !utf16 }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    // Not UTF-8: most legacy text is Windows-1252.
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

async function extractPdf(bytes: Uint8Array): Promise<Extracted> {
  let pages: string[];
  let total: number;
  const { extractText, getDocumentProxy } = await loadIngestLibs();
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const result = await extractText(pdf, { mergePages: false });
    pages = result.text;
    total = result.totalPages;
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    const message = err instanceof Error ? err.message : String(err);
    if (name === "PasswordException" || /password/i.test(message)) {
      throw new IngestError("ENCRYPTED", "The PDF is password-protected; upload a copy without a password");
    }
    throw new IngestError("EXTRACTION_FAILED", "Unable to extract text from PDF. File may be corrupted.");
  }
  const cleaned = cleanPages(pages.map((p) => p.split(/\r?\n/)));
  const blocks: Block[] = [];
  cleaned.forEach((lines, i) => blocks.push(...markdownToBlocks(linesToParagraphs(lines), i + 1)));
  return { blocks, pageCount: total };
}

/** PDF text comes as lines; a short line ending a sentence, or a blank line, ends a paragraph. */
function linesToParagraphs(lines: string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    if (!line.trim() || /[.!?:。]$/.test(line.trim())) out.push("");
  }
  return out.join("\n");
}

async function extractDocx(bytes: Uint8Array): Promise<Extracted> {
  const { mammoth } = await loadIngestLibs();
  let html: string;
  try {
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Node builds of mammoth read `buffer`, browser builds `arrayBuffer`.
    const input = { arrayBuffer, buffer: Buffer.from(arrayBuffer) };
    html = (await mammoth.convertToHtml(input)).value;
  } catch {
    throw new IngestError("EXTRACTION_FAILED", "Unable to read the Word document. File may be corrupted.");
  }
  return { blocks: markdownToBlocks(htmlToText(html).text), pageCount: null };
}

/** Each CSV row becomes one paragraph of "column: value" lines. */
async function csvToBlocks(csv: string): Promise<Block[]> {
  const parsed = (await loadCsvLibs()).Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: "greedy", transformHeader: (h) => h.trim() });
  const fields = parsed.meta.fields ?? [];
  if (fields.length === 0) throw new IngestError("EXTRACTION_FAILED", "The CSV has no header row");
  const blocks: Block[] = [];
  for (const row of parsed.data) {
    const lines = fields
      .map((f) => [f, String(row[f] ?? "").trim()] as const)
      .filter(([, v]) => v)
      .map(([f, v]) => `${f}: ${v.replace(/\s+/g, " ")}`);
    if (lines.length) blocks.push({ kind: "paragraph", text: lines.join("\n") });
  }
  return blocks;
}
