import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * A domain error: services throw it, `app.onError` turns it into
 * `{ error: { code, message, details?, request_id } }` with its status.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }

  /** A lazily loaded module (worker/lazy.ts) throws its own copy of this class: recognised by its shape. */
  static [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof Error && x.name === "AppError" && typeof (x as { status?: unknown }).status === "number" && typeof (x as { code?: unknown }).code === "string";
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = "Authentication required", code = "UNAUTHORIZED") =>
  new AppError(401, code, message);
export const forbidden = (message = "You do not have permission to do this", code = "FORBIDDEN") =>
  new AppError(403, code, message);
/** Another workspace's ids answer exactly like ids that do not exist. */
export const notFound = (what: string) => new AppError(404, "NOT_FOUND", `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const tooManyRequests = (retryAfterSeconds: number, message = "Too many requests") =>
  new AppError(429, "RATE_LIMITED", message, { retry_after: retryAfterSeconds }, {
    "Retry-After": String(retryAfterSeconds),
  });
