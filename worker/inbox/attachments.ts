import { AppError, forbidden, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { timingSafeEqual } from "../lib/crypto";
import { hmacHex } from "../../common/hmac";
import { SIGNED_URL_TTL_SECONDS, signedAttachmentUrl } from "../../common/attachment-url";

export { SIGNED_URL_TTL_SECONDS, signedAttachmentUrl };

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The only types accepted, each with the magic bytes its file must start with. */
const KINDS = {
  "image/png": (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/jpeg": (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]),
  "image/gif": (b: Uint8Array) => ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a"),
  "image/webp": (b: Uint8Array) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP"),
  "application/pdf": (b: Uint8Array) => ascii(b, 0, "%PDF-"),
} as const;
export type AttachmentType = keyof typeof KINDS;

const RASTER = new Set<string>(["image/png", "image/jpeg", "image/gif", "image/webp"]);

function startsWith(b: Uint8Array, sig: number[]) {
  return b.length >= sig.length && sig.every((v, i) => b[i] === v);
}
function ascii(b: Uint8Array, at: number, s: string) {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

const unsupported = (message: string) => new AppError(415, "UNSUPPORTED_MEDIA_TYPE", message);

/** Declared type (normalised) if it is one we accept and the bytes agree with it. */
export function checkFileType(declared: string, head: Uint8Array): AttachmentType {
  const type = declared.split(";")[0]!.trim().toLowerCase().replace("image/jpg", "image/jpeg");
  if (!(type in KINDS)) throw unsupported("Only PNG, JPEG, GIF and WebP images and PDF files can be attached");
  if (!KINDS[type as AttachmentType](head)) throw unsupported("The file's contents do not match its type");
  return type as AttachmentType;
}

export interface AttachmentOut {
  id: string;
  name: string;
  content_type: string;
  size: number;
  url: string;
  created_at: string;
}

/** A file name safe to show and to put in Content-Disposition. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>]/g, "").trim().slice(0, 200);
  return cleaned || "file";
}

/**
 * Stores an uploaded file in a conversation after checking its size, declared
 * type and magic bytes. The conversation must already be known to belong to
 * `workspaceId`.
 */
export async function storeAttachment(
  env: Env,
  input: {
    workspaceId: string;
    conversationId: string;
    uploader: { type: "visitor" | "agent"; id: string | null };
    file: File;
    baseUrl: string;
  },
): Promise<AttachmentOut> {
  const { file } = input;
  if (file.size > MAX_ATTACHMENT_BYTES) throw new AppError(413, "PAYLOAD_TOO_LARGE", "Attachments are limited to 10 MB");
  if (file.size === 0) throw new AppError(400, "EMPTY_FILE", "The file is empty");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = checkFileType(file.type || "application/octet-stream", bytes.subarray(0, 16));
  const id = newId("att");
  const key = `ws/${input.workspaceId}/conv/${input.conversationId}/${id}`;
  const name = cleanName(file.name);
  await env.FILES.put(key, bytes, { httpMetadata: { contentType }, customMetadata: { name } });
  const now = nowIso();
  await env.DB.prepare(
    `insert into attachments (id, workspace_id, conversation_id, uploader_type, uploader_id, name, content_type, size, r2_key, created_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
  )
    .bind(id, input.workspaceId, input.conversationId, input.uploader.type, input.uploader.id, name, contentType, bytes.byteLength, key, now)
    .run();
  return { id, name, content_type: contentType, size: bytes.byteLength, url: await signedAttachmentUrl(env, input.baseUrl, id), created_at: now };
}


/** Checks a signed link and returns the file with the headers it must be served with. */
export async function openSignedAttachment(
  env: Env,
  input: { id: string; exp: string | undefined; sig: string | undefined },
): Promise<{ body: ReadableStream; headers: Record<string, string> }> {
  const exp = Number(input.exp);
  if (!input.sig || !Number.isInteger(exp)) throw forbidden("This link is not valid", "INVALID_SIGNATURE");
  const expected = await hmacHex(env.JWT_SECRET, `attachment:${input.id}:${exp}`);
  if (!timingSafeEqual(expected, input.sig.toLowerCase())) throw forbidden("This link is not valid", "INVALID_SIGNATURE");
  if (exp < Math.floor(Date.now() / 1000)) throw forbidden("This link has expired", "LINK_EXPIRED");
  const row = await env.DB.prepare(`select name, content_type, size, r2_key from attachments where id = ?1`)
    .bind(input.id)
    .first<{ name: string; content_type: string; size: number; r2_key: string }>();
  if (!row) throw notFound("Attachment");
  const obj = await env.FILES.get(row.r2_key);
  if (!obj) throw notFound("Attachment");
  const inline = RASTER.has(row.content_type);
  const ascii = row.name.replace(/[^\x20-\x7e]/g, "_");
  return {
    body: obj.body,
    headers: {
      "Content-Type": row.content_type,
      "Content-Length": String(row.size),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      "Cache-Control": "private, max-age=600",
      "Cross-Origin-Resource-Policy": "same-site",
    },
  };
}

/** Attachments of a conversation with fresh signed URLs (thread view, export). */
export async function listConversationAttachments(env: Env, baseUrl: string, workspaceId: string, conversationId: string): Promise<AttachmentOut[]> {
  const { results } = await env.DB.prepare(
    `select id, name, content_type, size, created_at from attachments where workspace_id = ?1 and conversation_id = ?2 order by created_at limit 500`,
  )
    .bind(workspaceId, conversationId)
    .all<Omit<AttachmentOut, "url">>();
  return Promise.all(results.map(async (r) => ({ ...r, url: await signedAttachmentUrl(env, baseUrl, r.id) })));
}
