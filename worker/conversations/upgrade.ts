/** A Durable Object's 101 answer re-wrapped with mutable headers, so the app's middleware can add its own. */
export function relayUpgrade(res: Response): Response {
  return new Response(null, { status: 101, webSocket: res.webSocket, headers: new Headers(res.headers) });
}
