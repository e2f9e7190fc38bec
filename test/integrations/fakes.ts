import { env } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { handleOutboundBatch } from "../../worker/outbound/consumer";
import { api } from "../helpers";

export interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The outside world for these tests: every outgoing request (email provider,
 * webhook receivers, LINE) reaches `handler` instead of the network, and host
 * names resolve through `dns` (public by default).
 */
export const fake = {
  seen: [] as Seen[],
  dns: new Map<string, string[]>(),
  handler: (_req: Seen): Response | Promise<Response> => new Response("{}", { status: 200 }),
  to(prefix: string) {
    return this.seen.filter((s) => s.url.startsWith(prefix));
  },
};

export function useFakeNetwork() {
  beforeAll(() =>
    setCrawlNetwork({
      resolveHost: async (host) => fake.dns.get(host) ?? ["93.184.216.34"],
      fetch: async (req) => {
        const seen: Seen = { url: req.url, method: req.method, headers: Object.fromEntries(req.headers), body: await req.text() };
        fake.seen.push(seen);
        return fake.handler(seen);
      },
    }),
  );
  afterEach(() => {
    fake.seen.length = 0;
    fake.dns.clear();
    fake.handler = () => new Response("{}", { status: 200 });
  });
  afterAll(() => setCrawlNetwork(null));
}

/** Delivers one OUTBOUND message to the consumer, as the platform would, and reports what it acked or retried. */
export async function deliver(body: unknown, opts: { attempts?: number; env?: Env } = {}) {
  const { createExecutionContext, createMessageBatch, getQueueResult } = await import("cloudflare:test");
  const batch = createMessageBatch("minichat-outbound", [{ id: `m-${Math.random().toString(36).slice(2)}`, timestamp: new Date(), attempts: opts.attempts ?? 1, body }]);
  const ctx = createExecutionContext();
  await handleOutboundBatch(batch, opts.env ?? env, ctx);
  return getQueueResult(batch, ctx);
}

/**
 * An agent's reply while the provider is down: it is retried, and past the
 * retry budget it goes on to the dead-letter queue. Returns the reply's
 * delivery as the inbox lists it (the caller checks it shows as failed, with the provider's error).
 */
export async function replyPastTheRetryBudget(owner: { token: string }, conversationId: string) {
  const down = await api(`/api/v1/conversations/${conversationId}/messages`, { token: owner.token, body: { text: "Nobody hears me", client_id: "agent-d" } });
  await eventually(async () => {
    const d = await env.DB.prepare(`SELECT status FROM channel_deliveries WHERE message_id = ?1`).bind(down.json.message_id).first<{ status: string }>();
    if (d?.status !== "retrying") throw new Error(`status ${d?.status}`);
  }, 15_000);
  const last = await deliver({ type: "channel.send", message_id: down.json.message_id }, { attempts: 9 });
  expect(last.retryMessages).toHaveLength(1); // on to the dead-letter queue
  const shown = await api(`/api/v1/channels/deliveries/${conversationId}`, { token: owner.token });
  return shown.json.data.find((d: { message_id: string }) => d.message_id === down.json.message_id);
}

/** Retries `fn` until it stops throwing. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
