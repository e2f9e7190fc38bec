import { useEffect, useRef } from "preact/hooks";
import type { HubFrame, KnowledgeStatusFrame } from "../../../../durable-objects/protocol";
import { useLiveSocket } from "../inbox/sockets";

/**
 * Live processing status: `knowledge:status` frames from the workspace socket,
 * and — while something is still pending and the socket is not open — a
 * reload every 2 seconds as a fallback.
 */
export function useKnowledgeLive(onFrame: (f: KnowledgeStatusFrame) => void, busy: boolean, reload: () => void) {
  const socket = useLiveSocket<HubFrame>("/api/v1/realtime/ws", (frame) => {
    if (frame.type === "knowledge:status") onFrame(frame);
  });
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const open = socket.state === "open";
  useEffect(() => {
    if (!busy) return;
    // Even with the socket open, poll slowly in case a frame was missed.
    const timer = setInterval(() => reloadRef.current(), open ? 10_000 : 2_000);
    return () => clearInterval(timer);
  }, [busy, open]);
  return open;
}
