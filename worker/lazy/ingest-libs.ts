/**
 * The document parsers (pdf.js through unpdf, mammoth for .docx): about two
 * thirds of the Worker's code, needed only by the ingestion consumer. Loaded
 * with `loadIngestLibs()` (worker/lazy.ts), never imported statically, so the
 * request path does not carry or parse them.
 */
export { extractText, getDocumentProxy } from "unpdf";
export { default as mammoth } from "mammoth";
