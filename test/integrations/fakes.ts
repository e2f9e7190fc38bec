import { env } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { handleOutboundBatch } from "../../worker/outbound/consumer";

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
