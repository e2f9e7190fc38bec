import { useEffect, useRef, useState } from "preact/hooks";
// the protocol module re-exports it; importing it from there would bundle the frame schemas
import { SUBPROTOCOL } from "../../../../durable-objects/subprotocol";
import { getAccessToken, refreshSession } from "../../lib/api";

export type SocketState = "connecting" | "open" | "closed";

function wsUrl(path: string, query: Record<string, string> = {}): string {
  const u = new URL(path, location.href);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  return u.toString();
}

/** A parsed JSON value that carries a frame `type`; the union `F` names what the server sends on this socket. */
function isFrame<F extends { type: string }>(value: unknown): value is F {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string";
}

/**
 * A WebSocket that authenticates with the access token in the subprotocol
 * list (never in the URL), answers pings, and reconnects with backoff.
 * `path` null keeps it closed. `onFrame` always sees the latest closure.
 * `query` is read at every (re)connect, e.g. the last seq the page already has.
 * `F` is the protocol's frame union for the socket (`ServerFrame`, `HubFrame`):
 * handlers narrow it by `type`.
 */
export function useLiveSocket<F extends { type: string }>(
  path: string | null,
  onFrame: (frame: F) => void,
  query?: () => Record<string, string>,
) {
  const [state, setState] = useState<SocketState>("closed");
  const socketRef = useRef<WebSocket | null>(null);
  const handler = useRef(onFrame);
  handler.current = onFrame;
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    if (!path) return;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;

    const connect = async () => {
      if (stopped) return;
      if (attempt > 0) await refreshSession().catch(() => false);
      const token = getAccessToken();
      if (!token) return;
      setState("connecting");
      const ws = new WebSocket(wsUrl(path, queryRef.current?.()), [SUBPROTOCOL, `bearer.${token}`]);
      socketRef.current = ws;
      ws.onopen = () => {
        attempt = 0;
        setState("open");
        ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "ping" })), 25_000);
      };
      ws.onmessage = (ev) => {
        try {
          const frame: unknown = JSON.parse(String(ev.data));
          if (isFrame<F>(frame)) handler.current(frame);
        } catch {
          /* ignore malformed frames */
        }
      };
      ws.onclose = () => {
        clearInterval(ping);
        if (socketRef.current === ws) socketRef.current = null;
        setState("closed");
        if (stopped) return;
        attempt++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)) * (0.75 + Math.random() / 2);
        timer = setTimeout(() => void connect(), delay);
      };
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(ping);
      socketRef.current?.close(1000, "leaving");
      socketRef.current = null;
    };
  }, [path]);

  const send = (frame: Record<string, unknown>): boolean => {
    const ws = socketRef.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  };
  return { state, send };
}
