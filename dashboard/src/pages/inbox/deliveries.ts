import { useEffect, useState } from "preact/hooks";
import { api } from "../../lib/api";

/** Delivery state of one outbound message to a messaging channel (GET /api/v1/channels/deliveries/:conversation). */
export interface Delivery {
  message_id: string;
  status: "pending" | "sending" | "retrying" | "sent" | "failed";
  error: string | null;
}

const SETTLING = new Set<Delivery["status"]>(["pending", "sending"]);

/**
 * The delivery state of a channel conversation's outbound messages, by
 * message id: loaded when the thread grows, polled every few seconds while a
 * send is under way and every 30 s while one is waiting for a retry. Web
 * conversations have none.
 */
export function useDeliveries(conversationId: string, channel: string | undefined, messageCount: number): Map<string, Delivery> {
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
        setById(new Map(r.data.map((d) => [d.message_id, d])));
        const wait = r.data.some((d) => SETTLING.has(d.status)) ? 3000 : r.data.some((d) => d.status === "retrying") ? 30_000 : null;
        if (wait) timer = setTimeout(() => setTick((n) => n + 1), wait);
      })
      .catch(() => undefined);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [conversationId, onChannel, messageCount, tick]);

  return byId;
}
