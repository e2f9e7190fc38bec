/**
 * One visitor socket with reconnects: exponential backoff with full jitter,
 * resume from the last seen seq, heartbeat pings. The token rides in
 * Sec-WebSocket-Protocol (`minichat.v1, bearer.<token>`), never in the URL.
 */
import type { ClientFrame, ServerFrame } from "../../../durable-objects/protocol";

export type ConnState = "idle" | "connecting" | "open" | "retrying" | "closed";

export interface ConnectionOptions {
  /** URL and token for the next attempt (the token is refreshed when needed). */
  target(): Promise<{ url: string; token: string }>;
  onFrame(frame: ServerFrame): void;
  onState(state: ConnState, retryInMs?: number): void;
  /** Close codes after which reconnecting is pointless (e.g. banned). */
  onFatal(code: number): void;
  onAuthFailure(): void;
}

const MAX_DELAY = 15_000;
const BASE_DELAY = 500;
/** Close codes the server uses for "stop trying". */
const FATAL = new Set([4003, 4004, 4010]);

export function backoffDelay(attempt: number, random = Math.random): number {
  const cap = Math.min(MAX_DELAY, BASE_DELAY * 2 ** attempt);
  return Math.round(cap / 2 + random() * (cap / 2));
}

export class Connection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ping: ReturnType<typeof setInterval> | undefined;
  private stopped = true;

  constructor(private readonly o: ConnectionOptions) {}

  get isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.ping);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
    this.o.onState("closed");
  }

  send(frame: ClientFrame): boolean {
    if (!this.isOpen) return false;
    this.ws!.send(JSON.stringify(frame));
    return true;
  }

  /** Reconnect now (e.g. the page came back online). */
  kick() {
    if (this.stopped || this.isOpen || this.ws) return;
    clearTimeout(this.timer);
    void this.connect();
  }

  private async connect() {
    this.o.onState("connecting");
    let ws: WebSocket;
    try {
      const { url, token } = await this.o.target();
      if (this.stopped) return;
      ws = new WebSocket(url, ["minichat.v1", `bearer.${token}`]);
    } catch {
      return this.retry();
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.o.onState("open");
      clearInterval(this.ping);
      this.ping = setInterval(() => this.send({ type: "ping" }), 25_000);
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== "string") return;
      try {
        this.o.onFrame(JSON.parse(e.data) as ServerFrame);
      } catch {
        /* ignore a malformed frame */
      }
    };
    ws.onclose = (e) => {
      clearInterval(this.ping);
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (FATAL.has(e.code)) {
        this.stopped = true;
        this.o.onState("closed");
        return this.o.onFatal(e.code);
      }
      // A refused upgrade says nothing about why; after a few in a row, or an
      // explicit policy close, fetch a fresh token before the next attempt.
      if ((!opened && this.attempt % 3 === 2) || e.code === 4001 || e.code === 1008) this.o.onAuthFailure();
      this.retry();
    };
  }

  private retry() {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++);
    this.o.onState("retrying", delay);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
  }
}
