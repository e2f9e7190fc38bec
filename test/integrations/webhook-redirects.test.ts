import { describe, expect, it } from "vitest";
import { api, registerOwner, uniqueIp } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { ORIGIN, startSession } from "../live/helpers";
import { eventually, fake, useFakeNetwork } from "./fakes";

useFakeNetwork();

const HOOK = "https://hop.example.com/hook";

/** A workspace whose webhook gets `message.created`, and one delivery attempt's log line. */
async function oneDelivery() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
  const hook = await api("/api/v1/webhooks", { token: owner.token, body: { url: HOOK, events: ["message.created"] } });
  expect(hook.status).toBe(201);
  const session = await startSession(bot.public_key);
  const conv = await api("/api/v1/widget/conversations", { token: session.json.visitor_token, body: { offline_message: "hello" }, headers: { origin: ORIGIN, "cf-connecting-ip": uniqueIp() } });
  expect(conv.status).toBe(201);
  return eventually(async () => {
    const r = await api(`/api/v1/webhooks/${hook.json.id}/deliveries`, { token: owner.token });
    const d = r.json.data[0];
    if (!d || d.status === "pending") throw new Error("no attempt yet");
    return d as { status: string; error: string | null; response_status: number | null; response_excerpt: string | null };
  }, 15_000);
}

describe("webhook deliveries through the shared outbound guard", () => {
  it("a redirect into a loopback, private or metadata address is refused and never called", async () => {
    for (const target of ["https://127.0.0.1/admin", "http://169.254.169.254/latest/meta-data", "https://10.9.8.7/x", "https://inside.example.com/x"]) {
      fake.dns.set("inside.example.com", ["172.16.0.3"]);
      fake.handler = (r) => (r.url === HOOK ? new Response(null, { status: 307, headers: { location: target } }) : new Response("reached"));
      const d = await oneDelivery();
      expect(d.status, target).toBe("retrying");
      expect(d.error, target).toMatch(/internal/);
      expect(fake.seen.map((s) => s.url), target).toEqual([HOOK]);
      fake.seen.length = 0;
    }
  });

  it("a 307/308 carries the signed POST to the new place; a 303 is not followed (it would be an empty GET)", async () => {
    for (const status of [307, 308]) {
      fake.handler = (r) => (r.url === HOOK ? new Response(null, { status, headers: { location: "https://moved.example.com/hook" } }) : new Response("thanks"));
      const d = await oneDelivery();
      expect(d, String(status)).toMatchObject({ status: "delivered", response_status: 200, response_excerpt: "thanks" });
      const [first, second] = fake.seen;
      expect(second).toMatchObject({ url: "https://moved.example.com/hook", method: "POST", body: first!.body });
      expect(second!.headers["minichat-signature"]).toBe(first!.headers["minichat-signature"]);
      expect(JSON.parse(second!.body)).toMatchObject({ type: "message.created" });
      fake.seen.length = 0;
    }
    fake.handler = (r) => (r.url === HOOK ? new Response(null, { status: 303, headers: { location: "https://moved.example.com/hook" } }) : new Response("thanks"));
    const d = await oneDelivery();
    expect(d).toMatchObject({ status: "retrying", response_status: 303, error: "Redirect to https://moved.example.com/hook not followed" });
    expect(fake.to("https://moved.example.com")).toHaveLength(0);
  });

  it("keeps only the first 1 KB of a large answer as the excerpt", async () => {
    fake.handler = () => new Response(`${"x".repeat(1000)}${"y".repeat(200_000)}`, { status: 500 });
    const d = await oneDelivery();
    expect(d.response_status).toBe(500);
    expect(d.response_excerpt).toHaveLength(1024);
    expect(d.response_excerpt).toBe(`${"x".repeat(1000)}${"y".repeat(24)}`);
  });
});
