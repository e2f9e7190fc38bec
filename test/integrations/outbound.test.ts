import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { retryDelay } from "../../worker/outbound/consumer";
import { MAX_ATTEMPTS, RetryLater } from "../../worker/outbound/messages";
import { deliver, fake, useFakeNetwork } from "./fakes";

useFakeNetwork();

const providerEnv = { ...env, EMAIL_PROVIDER: "resend", EMAIL_API_KEY: "re_test_key", EMAIL_API_BASE_URL: "https://mail.provider.test", EMAIL_FROM: "Shop <help@shop.test>" } as Env;
const job = (id: string) => ({ type: "email", id, provider: "resend", message: { to: "visitor@example.com", subject: "Your answer", text: "Hello from the shop", html: "<p>Hello from the shop</p>" } });

describe("the OUTBOUND consumer", () => {
  it("delivers an email through the provider adapter once, with its idempotency key", async () => {
    const r = await deliver(job("mail_once"), { env: providerEnv });
    expect(r.explicitAcks).toHaveLength(1);
    const sent = fake.to("https://mail.provider.test/emails");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe("Bearer re_test_key");
    expect(sent[0]!.headers["idempotency-key"]).toBe("mail_once");
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ from: "Shop <help@shop.test>", to: ["visitor@example.com"], subject: "Your answer", text: "Hello from the shop" });
  });

  it("retries with backoff when the provider is down, and the retry delivers it", async () => {
    fake.handler = () => new Response("unavailable", { status: 503 });
    const first = await deliver(job("mail_retry"), { env: providerEnv });
    expect(first.explicitAcks).toHaveLength(0);
    expect(first.retryMessages).toHaveLength(1);
    fake.handler = () => new Response('{"id":"e1"}', { status: 200 });
    const second = await deliver(job("mail_retry"), { env: providerEnv, attempts: 2 });
    expect(second.explicitAcks).toHaveLength(1);
    expect(fake.seen.filter((s) => s.headers["idempotency-key"] === "mail_retry")).toHaveLength(2);
  });

  it("waits as long as a 429 asks", async () => {
    fake.handler = () => new Response("slow down", { status: 429, headers: { "retry-after": "90" } });
    const r = await deliver(job("mail_429"), { env: providerEnv });
    expect(r.retryMessages).toHaveLength(1);
    expect(retryDelay(new RetryLater("429", 90), 1)).toBe(90);
  });

  it("backs off exponentially over about a day before the dead-letter queue", () => {
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelay(new Error("down"), i + 1));
    expect(delays).toEqual([30, 120, 600, 1800, 3600, 10_800, 21_600, 43_200]);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total / 3600).toBeGreaterThan(22);
  });

  it("never acks a message it does not know: it is retried towards the dead-letter queue", async () => {
    const r = await deliver({ type: "fax", to: "+6620000000" });
    expect(r.explicitAcks).toHaveLength(0);
    expect(r.retryMessages).toHaveLength(1);
    const bad = await deliver({ type: "email", provider: "resend" });
    expect(bad.explicitAcks).toHaveLength(0);
    expect(bad.retryMessages).toHaveLength(1);
  });

  it("an unknown provider name fails loudly instead of dropping the mail", async () => {
    const r = await deliver({ ...job("mail_unknown"), provider: "pigeon" }, { env: providerEnv });
    expect(r.explicitAcks).toHaveLength(0);
    expect(r.retryMessages).toHaveLength(1);
  });

  it("the dev provider writes to the local mailbox (never in production)", async () => {
    const r = await deliver({ ...job("mail_dev_1"), provider: "dev" });
    expect(r.explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare(`select subject from dev_mail where id = 'mail_dev_1'`).first();
    expect(row).toEqual({ subject: "Your answer" });
  });
});
