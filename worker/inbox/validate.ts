import type { z } from "zod";
import { AppError } from "../lib/errors";

/** Parses `data` with `schema` or throws the same 400 VALIDATION_ERROR the routers produce. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code }));
    throw new AppError(400, "VALIDATION_ERROR", "The request is not valid", { issues });
  }
  return result.data;
}

/** Query parameters with repeated keys kept as arrays. */
export function queryObject(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URL(url).searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
