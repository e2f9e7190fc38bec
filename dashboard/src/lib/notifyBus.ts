import type { HubFrame } from "../../../durable-objects/protocol";

export type NotificationFrame = Extract<HubFrame, { type: "notification:new" }>;

const listeners = new Set<(f: NotificationFrame) => void>();

/**
 * The inbox's hub socket hands `notification:new` frames on to the bell here
 * (one socket per tab: a second one would count as a second presence).
 */
export function emitNotification(frame: NotificationFrame): void {
  for (const l of listeners) l(frame);
}

export function onNotification(listener: (f: NotificationFrame) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
