import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { flowHttp } from "../../worker/flows/http";
import { readCapped, setCrawlNetwork } from "../../worker/lib/safe-fetch";

/** What reached the (in-test) network: every hop of every call. */
interface Hit {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}
const hits: Hit[] = [];
let answer: (h: Hit) => Response = () => Response.json({ ok: true });

beforeAll(() =>
  setCrawlNetwork({
    resolveHost: async (host) => (host === "inside.shop.test" ? ["192.168.7.7"] : ["93.184.216.34"]),
    fetch: async (req) => {
      const hit = { url: req.url, method: req.method, headers: Object.fromEntries(req.headers), body: await req.text() };
      hits.push(hit);
      return answer(hit);
    },
  }),
);
afterEach(() => {
  hits.length = 0;
  answer = () => Response.json({ ok: true });
});
afterAll(() => setCrawlNetwork(null));

const redirect = (status: number, location: string) => new Response(null, { status, headers: { location } });
/** First hop answers with `status` → `location`; every other URL answers with what it was sent. */
const bounceOnce = (status: number, location: string) => (h: Hit) =>
  h.url === "https://shop.test/start" ? redirect(status, location) : Response.json({ method: h.method, body: h.body });
const post = (url: string, headers: Record<string, string> = {}) =>
  flowHttp({ method: "POST", url, headers: { "x-shop-key": "k-123", ...headers }, body: '{"order":42}' });

describe("the flow HTTP node through the shared outbound guard", () => {
  it("refuses a redirect into a loopback, private or metadata address and never calls it", async () => {
    for (const target of ["https://127.0.0.1/admin", "https://10.0.0.9/x", "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://inside.shop.test/x", "http://shop.test/plain"]) {
      answer = bounceOnce(307, target);
      const r = await post("https://shop.test/start");
      expect(r, target).toMatchObject({ ok: false, code: target.startsWith("http:") ? "UNSUPPORTED_SCHEME" : "BLOCKED_HOST" });
      expect(hits.map((h) => h.url), target).toEqual(["https://shop.test/start"]);
      hits.length = 0;
    }
  });

  it("a 307/308 keeps the POST, its body and headers; a 303 (and a 302 of a POST) continues as a GET without the body", async () => {
    for (const status of [307, 308]) {
      answer = bounceOnce(status, "https://shop.test/moved");
      expect(await post("https://shop.test/start")).toMatchObject({ ok: true, json: { method: "POST", body: '{"order":42}' } });
      expect(hits[1]).toMatchObject({ url: "https://shop.test/moved", method: "POST", body: '{"order":42}', headers: { "x-shop-key": "k-123", "content-type": "application/json" } });
      hits.length = 0;
    }
    for (const status of [303, 302, 301]) {
      answer = bounceOnce(status, "/moved");
      expect(await post("https://shop.test/start"), String(status)).toMatchObject({ ok: true, json: { method: "GET", body: "" } });
      expect(hits[1]!.method).toBe("GET");
      expect(hits[1]!.headers["content-type"]).toBeUndefined();
      expect(hits[1]!.headers["x-shop-key"]).toBe("k-123");
      hits.length = 0;
    }
  });

  it("an Authorization header does not follow a redirect to another origin", async () => {
    answer = bounceOnce(307, "https://elsewhere.test/x");
    await post("https://shop.test/start", { authorization: "Bearer secret" });
    expect(hits[0]!.headers.authorization).toBe("Bearer secret");
    expect(hits[1]!.headers.authorization).toBeUndefined();
    hits.length = 0;
    answer = bounceOnce(307, "https://shop.test/same");
    await post("https://shop.test/start", { authorization: "Bearer secret" });
    expect(hits[1]!.headers.authorization).toBe("Bearer secret");
  });

  it("stops after three redirects and refuses an answer over its size cap", async () => {
    answer = (h) => redirect(302, `${h.url}x`);
    expect(await flowHttp({ method: "GET", url: "https://shop.test/loop", headers: {}, body: null })).toMatchObject({ ok: false, code: "TOO_MANY_REDIRECTS" });
    expect(hits).toHaveLength(4);
    answer = () => new Response("x".repeat(300 * 1024), { headers: { "content-type": "application/json" } });
    expect(await flowHttp({ method: "GET", url: "https://shop.test/big", headers: {}, body: null })).toMatchObject({ ok: false, code: "TOO_LARGE" });
  });
});

describe("readCapped", () => {
  const streamed = (size: number) =>
    new Response(
      new ReadableStream({
        start(c) {
          for (let i = 0; i < size; i += 1000) c.enqueue(new TextEncoder().encode("a".repeat(Math.min(1000, size - i))));
          c.close();
        },
      }),
    );
  it("refuses a body over the cap by default, and with truncate returns its first N bytes", async () => {
    expect(await readCapped(streamed(5000), 4096)).toBeNull();
    expect((await readCapped(streamed(3000), 4096))!.byteLength).toBe(3000);
    expect((await readCapped(streamed(5000), 4096, { truncate: true })).byteLength).toBe(4096);
    expect((await readCapped(new Response("b".repeat(10_000), { headers: { "content-length": "10000" } }), 1024, { truncate: true })).byteLength).toBe(1024);
    expect((await readCapped(streamed(100), 1024, { truncate: true })).byteLength).toBe(100);
  });
});
