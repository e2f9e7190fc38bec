import type { Context } from "hono";
import { z } from "@hono/zod-openapi";
import type { AppEnv } from "../lib/context";
import { AppError, badRequest } from "../lib/errors";

const JsonCsv = z.object({ csv: z.string().min(1).max(5_000_000) });

/** The CSV of an import request: multipart field `file`, or JSON `{csv}`. */
export async function readCsvBody(c: Context<AppEnv>, maxBytes: number): Promise<{ csv: string; form: FormData | null }> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    if (Number(c.req.header("content-length") ?? "0") > maxBytes + 64 * 1024) throw new AppError(413, "TOO_LARGE", `CSV imports are limited to ${maxBytes / 1024 / 1024} MB`);
    const form = await c.req.formData().catch(() => {
      throw badRequest("VALIDATION_ERROR", "The request is not valid multipart form data");
    });
    const file = form.get("file");
    if (!(file instanceof File)) throw badRequest("VALIDATION_ERROR", "file is required (a CSV file)");
    if (file.size > maxBytes) throw new AppError(413, "TOO_LARGE", `CSV imports are limited to ${maxBytes / 1024 / 1024} MB`);
    return { csv: await file.text(), form };
  }
  const parsed = JsonCsv.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw badRequest("VALIDATION_ERROR", "Send a multipart file or JSON {csv}");
  return { csv: parsed.data.csv, form: null };
}

/** A CSV download. */
export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    status: 200,
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
}
