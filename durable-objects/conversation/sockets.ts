import type { Message, ServerFrame } from "../protocol";
import { forVisitor } from "./project";
import type { SocketIdentity } from "./types";

export const VISITOR_TAG = "visitor";
export const AGENT_TAG = "agent";

export function identityOf(ws: WebSocket): SocketIdentity | null {
  const att = ws.deserializeAttachment() as Partial<SocketIdentity> | null;
  return att && (att.kind === "visitor" || att.kind === "agent") && typeof att.id === "string" ? (att as SocketIdentity) : null;
}

export function send(ws: WebSocket, frame: ServerFrame): void {
  try {
    ws.send(JSON.stringify(frame));
  } catch {
    // closing socket; its close handler cleans up
  }
}

/** Sends a frame to every socket of the conversation (or only those with `tag`), except `skip`. */
export function broadcast(ctx: DurableObjectState, frame: ServerFrame, opts: { tag?: string; skip?: WebSocket } = {}): void {
  let data: string | null = null;
  for (const ws of ctx.getWebSockets(opts.tag)) {
    if (ws === opts.skip) continue;
    // serialized once, and only when someone receives it (an agent's reply usually has no other agent socket)
    data ??= JSON.stringify(frame);
    try {
      ws.send(data);
    } catch {
      // ignore
    }
  }
}

/**
 * `message:receive` for everyone: visitors get their projection (no `ai`),
 * agents the whole message. Attachments must already carry signed URLs.
 */
export function broadcastMessage(ctx: DurableObjectState, m: Message, opts: { skip?: WebSocket } = {}): void {
  broadcast(ctx, { type: "message:receive", message: forVisitor(m) }, { tag: VISITOR_TAG, ...opts });
  broadcast(ctx, { type: "message:receive", message: m }, { tag: AGENT_TAG, ...opts });
}

/** `message:receive` to one socket, as its audience sees it. */
export function sendMessage(ws: WebSocket, m: Message): void {
  send(ws, { type: "message:receive", message: identityOf(ws)?.kind === "agent" ? m : forVisitor(m) });
}
