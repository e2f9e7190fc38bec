import { safeHref } from "../../../../widget/src/lib/markdown";

/**
 * The link to show for a message attachment: only a URL the server signed to
 * its own attachment route (same origin, `/api/v1/attachments/<id>?exp&sig`),
 * passed through the widget's `safeHref` rule. Anything else renders nothing
 * (no image from another host, no `javascript:` or `data:` link).
 */
export function signedAttachmentHref(url: string | null | undefined, origin: string): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url, origin);
  } catch {
    return null;
  }
  if (u.origin !== origin || !/^\/api\/v1\/attachments\/[A-Za-z0-9_-]+$/.test(u.pathname)) return null;
  if (!/^\d+$/.test(u.searchParams.get("exp") ?? "") || !/^[0-9a-f]{64}$/.test(u.searchParams.get("sig") ?? "")) return null;
  return safeHref(u.href);
}
