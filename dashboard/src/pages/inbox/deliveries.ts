import { useEffect, useState } from "preact/hooks";
import { api } from "../../lib/api";
import type { ThreadMessage } from "./types";

/** Delivery state of one outbound message to a messaging channel (GET /api/v1/channels/deliveries/:conversation). */
export interface Delivery {
  message_id: string;
  status: "pending" | "sending" | "retrying" | "sent" | "delivered" | "read" | "failed";
  error: string | null;
  updated_at: string;
}

const SETTLING = new Set<Delivery["status"]>(["pending", "sending"]);
/** how long a new outbound message may wait for its delivery row before the polling gives up */
const UNSEEN_WAIT_MS = 120_000;
/** how long after a send the delivered / read reports are followed */
const REPORT_WAIT_MS = 600_000;

/**
 * The delivery state of a channel conversation's outbound messages, by
 * message id: loaded when the thread grows, polled every few seconds while a
 * send is under way or a recent outbound message has no delivery row yet (the
 * conversation's flush has not reached the queue), every 30 s while one is
 * waiting for a retry. Web conversations have none.
 */
export function useDeliveries(conversationId: string, channel: string | undefined, messages: ThreadMessage[]): Map<string, Delivery> {
  const [byId, setById] = useState<Map<string, Delivery>>(new Map());
  const [tick, setTick] = useState(0);
  const onChannel = Boolean(channel && channel !== "web");

  useEffect(() => {
    setById(new Map());
  }, [conversationId]);

  useEffect(() => {
    if (!onChannel) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    api<{ data: Delivery[] }>(`/api/v1/channels/deliveries/${encodeURIComponent(conversationId)}`)
      .then((r) => {
        if (stop) return;
        const next = new Map(r.data.map((d) => [d.message_id, d]));
        setById(next);
        const unseen = messages.some((m) => m.role !== "visitor" && !m.pending && !next.has(m.id) && Date.now() - Date.parse(m.created_at) < UNSEEN_WAIT_MS);
        const wait = unseen || r.data.some((d) => SETTLING.has(d.status)) ? 3000 : r.data.some((d) => d.status === "retrying") ? 30_000 : null;
        // providers that report delivery and reading (WhatsApp): follow a recent send until it is read
        const reported = r.data.some((d) => (d.status === "sent" || d.status === "delivered") && channel === "whatsapp" && Date.now() - Date.parse(d.updated_at) < REPORT_WAIT_MS);
        if (!wait && reported) timer = setTimeout(() => setTick((n) => n + 1), 15_000);
        if (wait) timer = setTimeout(() => setTick((n) => n + 1), wait);
      })
      .catch(() => undefined);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [conversationId, onChannel, messages.length, tick]);

  return byId;
}
