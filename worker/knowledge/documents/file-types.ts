import { AppError } from "../../lib/errors";

export type FileType = "pdf" | "docx" | "txt" | "md" | "csv" | "html";

const MB = 1024 * 1024;

/** Upload limits per type (spec 5.4.1): PDF 50 MB, Word 25 MB, text formats 10 MB. */
export const FILE_TYPES: Record<FileType, { extensions: string[]; contentType: string; maxBytes: number }> = {
  pdf: { extensions: ["pdf"], contentType: "application/pdf", maxBytes: 50 * MB },
  docx: { extensions: ["docx"], contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", maxBytes: 25 * MB },
  txt: { extensions: ["txt", "text"], contentType: "text/plain; charset=utf-8", maxBytes: 10 * MB },
  md: { extensions: ["md", "markdown"], contentType: "text/markdown; charset=utf-8", maxBytes: 10 * MB },
  csv: { extensions: ["csv"], contentType: "text/csv; charset=utf-8", maxBytes: 10 * MB },
  html: { extensions: ["html", "htm"], contentType: "text/html; charset=utf-8", maxBytes: 10 * MB },
};

export const MAX_UPLOAD_BYTES = Math.max(...Object.values(FILE_TYPES).map((t) => t.maxBytes));
export const SUPPORTED_EXTENSIONS = Object.values(FILE_TYPES).flatMap((t) => t.extensions);

export function typeFromFilename(filename: string): FileType | null {
  const ext = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (!ext) return null;
  for (const [type, spec] of Object.entries(FILE_TYPES) as [FileType, (typeof FILE_TYPES)[FileType]][]) {
    if (spec.extensions.includes(ext)) return type;
  }
  return null;
}

export const unsupportedType = (message: string) => new AppError(415, "UNSUPPORTED_TYPE", message, { supported: SUPPORTED_EXTENSIONS });
export const tooLarge = (type: FileType) =>
  new AppError(413, "TOO_LARGE", `${type.toUpperCase()} files are limited to ${FILE_TYPES[type].maxBytes / MB} MB`, {
    max_bytes: FILE_TYPES[type].maxBytes,
  });

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** True when the bytes look like text: valid UTF-8 (or UTF-16 with BOM) and no NUL bytes in the first 8 KB. */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return false;
  try {
    // A multi-byte sequence cut at the 8 KB boundary is fine: decode in streaming mode.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The type of an upload from its extension, confirmed by its first bytes:
 * PDF starts with `%PDF-`, DOCX is a ZIP, text formats are UTF-8 without NULs.
 * Anything else is a 415 `UNSUPPORTED_TYPE`.
 */
export function detectFileType(filename: string, bytes: Uint8Array): FileType {
  const type = typeFromFilename(filename);
  if (!type) throw unsupportedType(`Unsupported file type; upload one of: ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(", ")}`);
  const ok =
    type === "pdf"
      ? String.fromCharCode(...bytes.subarray(0, 1024)).includes("%PDF-")
      : type === "docx"
        ? startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])
        : looksLikeText(bytes);
  if (!ok) throw unsupportedType(`The content of ${filename} is not a valid ${type.toUpperCase()} file`);
  return type;
}
