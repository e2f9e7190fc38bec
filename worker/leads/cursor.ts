import { badRequest } from "../lib/errors";

export const encodeCursor = (at: string, id: string) => btoa(JSON.stringify([at, id]));

export function decodeCursor(cursor: string): [string, string] {
  try {
    const c = JSON.parse(atob(cursor));
    if (Array.isArray(c) && typeof c[0] === "string" && typeof c[1] === "string") return [c[0], c[1]];
  } catch {
    /* fall through */
  }
  throw badRequest("INVALID_CURSOR", "cursor is not one this API returned");
}

export const likePattern = (q: string) => `%${q.trim().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
