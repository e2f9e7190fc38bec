import { SUBPROTOCOL } from "../../durable-objects/protocol";
import { AppError, badRequest } from "../lib/errors";

/** The object a socket opens on, and the internal headers that say who opens it (a ticket or the encoded identity). */
export interface SocketTarget {
  stub: { fetch(request: Request): Promise<Response> };
  headers: Record<string, string>;
}

export interface SocketRelay {
  /** the object accepts `?last_seq=N` (replay after N) */
  lastSeqHeader?: string;
  /** Authenticates the caller (a `?ticket=` when there is one) and names the object and the headers it gets. */
  open(ticket: string | null, url: URL): Promise<SocketTarget>;
  /** The API error for an object that refused the upgrade with `status`. */
  refused(status: number): { status: 401 | 403 | 404; code: string };
}

/**
 * The one path from a client's WebSocket upgrade to a Durable Object (visitor
 * and agent conversation sockets, the dashboard's hub socket): anything but an
 * upgrade is 426, `last_seq` must be a non-negative integer, the subprotocol is
 * passed on, the object's answer other than 101 becomes an API error, and its
 * 101 is re-wrapped with mutable headers so the app's middleware can add its own.
 */
export async function relaySocket(request: Request, relay: SocketRelay): Promise<Response> {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") throw new AppError(426, "UPGRADE_REQUIRED", "This endpoint only accepts WebSocket upgrades");
  const url = new URL(request.url);
  const headers = new Headers({ upgrade: "websocket" });
  const lastSeq = url.searchParams.get("last_seq");
  if (relay.lastSeqHeader && lastSeq !== null) {
    if (!/^\d{1,12}$/.test(lastSeq)) throw badRequest("VALIDATION_ERROR", "last_seq must be a non-negative integer");
    headers.set(relay.lastSeqHeader, lastSeq);
  }
  if (request.headers.get("sec-websocket-protocol")?.includes(SUBPROTOCOL)) headers.set("sec-websocket-protocol", SUBPROTOCOL);
  const target = await relay.open(url.searchParams.get("ticket") || null, url);
  for (const [name, value] of Object.entries(target.headers)) headers.set(name, value);
  const res = await target.stub.fetch(new Request(request.url, { headers }));
  if (res.status !== 101) {
    const err = relay.refused(res.status);
    throw new AppError(err.status, err.code, await res.text());
  }
  return new Response(null, { status: 101, webSocket: res.webSocket, headers: new Headers(res.headers) });
}
