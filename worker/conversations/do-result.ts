import type { DoResult } from "../../durable-objects/conversation";
import { AppError } from "../lib/errors";

/** Turns a Durable Object answer into its value, or throws the matching HTTP error. */
export function unwrap<T>(r: DoResult<T>): T {
  if (r.ok) return r.value;
  throw new AppError(r.error.status, r.error.code, r.error.message);
}
