/**
 * Completes a WebSocket close handshake from a hibernatable DO's
 * `webSocketClose`: echoes the peer's code (1005/1006 cannot be sent, so
 * they become 1000) and ignores a socket that is already closed.
 */
export function completeClose(ws: WebSocket, code: number, reason: string) {
  try {
    ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
  } catch {
    // already closed
  }
}
