import { env } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recrawlDueSources } from "../../../worker/knowledge/crawl/schedule";
import { classifyHost, isBlockedAddress } from "../../../worker/lib/ip";
import { isAllowedByRobots } from "../../../worker/knowledge/crawl/robots";
import { safeFetch, setCrawlNetwork } from "../../../worker/lib/safe-fetch";
import { addMember, api, chunksOf, deliver, ownerWithBot } from "./helpers";
import { fixtureSite } from "./site";

// Pages queued by a test may still be delivered by the queue after it ends:
// between tests the crawler has no network at all.
const offline = {
  resolveHost: async () => {
    throw new Error("offline");
  },
  fetch: async () => {
    throw new Error("offline");
  },
};
beforeAll(() => setCrawlNetwork(offline));
afterEach(() => setCrawlNetwork(offline));
afterAll(() => setCrawlNetwork(null));

/** Delivers queued pages of the source's current run until none are left (what the queue would do). */
async function drain(sourceId: string) {
  for (let round = 0; round < 30; round++) {
    const src = await env.DB.prepare(`select workspace_id, run from url_sources where id = ?1`).bind(sourceId).first<{ workspace_id: string; run: number }>();
    if (!src) return;
    const queued = await env.DB.prepare(`select url, depth from crawl_pages where url_source_id = ?1 and run = ?2 and status in ('queued','crawling')`)
      .bind(sourceId, src.run)
      .all<{ url: string; depth: number }>();
    if (queued.results.length === 0) return;
    for (const p of queued.results) {
      await deliver({ type: "crawl_page", url_source_id: sourceId, workspace_id: src.workspace_id, url: p.url, depth: p.depth, run: src.run });
    }
  }
  throw new Error("crawl did not finish");
}

async function crawl(o: { token: string; botId: string }, body: Record<string, unknown> = {}) {
  const res = await api("/api/v1/knowledge-base/urls", { token: o.token, body: { chatbot_id: o.botId, url: "https://docs.example.com/", ...body } });
  expect(res.status, res.text).toBe(202);
  await drain(res.json.id);
  return (await api(`/api/v1/knowledge-base/urls/${res.json.id}`, { token: o.token })).json;
}

const byPath = (source: { pages: { url: string }[] }) => Object.fromEntries(source.pages.map((p: any) => [new URL(p.url).pathname, p]));

describe("URL crawling", () => {
  it("crawls the site breadth first, indexes each page with its URL and title, and records every refusal", async () => {
    const site = fixtureSite();
    setCrawlNetwork(site.network);
    const o = await ownerWithBot();
    const source = await crawl(o);
    expect(source).toMatchObject({ status: "completed", progress: 100, max_pages: 50, max_depth: 2, same_site: true });
    const pages = byPath(source);
    expect(pages["/"]).toMatchObject({ status: "completed", depth: 0, title: "Docs home", http_status: 200 });
    expect(pages["/a"]).toMatchObject({ status: "completed", depth: 1 });
    expect(pages["/b"]).toMatchObject({ status: "completed", url: "https://docs.example.com/b" }); // tracking params and fragment dropped
    expect(pages["/a/deep-1"]).toMatchObject({ status: "completed", depth: 2 });
    expect(pages["/a/deep-2"]).toBeUndefined(); // beyond max_depth
    expect(pages["/private/secret"]).toBeUndefined(); // robots.txt
    expect(site.fetched).not.toContain("https://docs.example.com/private/secret");
    expect(site.fetched.some((u) => u.includes("other.example.org"))).toBe(false); // same site only
    expect(pages["/redirect-local"]).toMatchObject({ status: "failed", error_code: "BLOCKED_HOST" });
    expect(pages["/redirect-metadata"]).toMatchObject({ status: "failed", error_code: "BLOCKED_HOST" });
    expect(site.fetched.some((u) => u.includes("127.0.0.1") || u.includes("169.254.169.254"))).toBe(false);
    expect(pages["/huge"]).toMatchObject({ status: "failed", error_code: "TOO_LARGE" });
    expect(pages["/manual.pdf"]).toMatchObject({ status: "failed", error_code: "UNSUPPORTED_TYPE" });
    expect(source.pages_crawled).toBe(5);
    expect(source.pages_failed).toBe(4);

    const chunks = await chunksOf("url", pages["/a"].id);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ title: "Page A", url: "https://docs.example.com/a", section: "Page A" });
    expect(chunks[0]!.text).toContain("Returns are accepted within 30 days.");
    expect(chunks[0]!.text).not.toContain("/deep-1"); // navigation dropped
    const list = await api(`/api/v1/knowledge-base/urls?chatbot_id=${o.botId}`, { token: o.token });
    expect(list.json.data[0]).toMatchObject({ id: source.id, pages_crawled: 5, chunk_count: expect.any(Number) });
  });

  it("stops at max_pages", async () => {
    setCrawlNetwork(fixtureSite().network);
    const o = await ownerWithBot();
    const source = await crawl(o, { max_pages: 3 });
    expect(source.pages).toHaveLength(3);
    expect(source.pages_found).toBe(3);
    expect(source.status).toBe("completed");
  });

  it("follows include and exclude patterns, and max_depth 0 crawls only the seed", async () => {
    setCrawlNetwork(fixtureSite().network);
    const o = await ownerWithBot();
    const included = byPath(await crawl(o, { include_patterns: ["/a*"], exclude_patterns: ["/a/deep-*"], max_depth: 3 }));
    expect(Object.keys(included).sort()).toEqual(["/", "/a"]);
    const o2 = await ownerWithBot();
    const regex = byPath(await crawl(o2, { crawl_settings: { exclude_patterns: ["/^\\/(blog|redirect|huge|manual)/"], max_depth: 1 } }));
    expect(Object.keys(regex).sort()).toEqual(["/", "/a", "/b"]);
    const o3 = await ownerWithBot();
    expect(Object.keys(byPath(await crawl(o3, { max_depth: 0 })))).toEqual(["/"]);
  });

  it("refuses a seed whose name resolves to a private address, and fails the source with BLOCKED_HOST", async () => {
    const site = fixtureSite();
    setCrawlNetwork(site.network);
    const o = await ownerWithBot();
    for (const host of ["evil.example.com", "rebind.example.com", "v6.example.com"]) {
      const res = await api("/api/v1/knowledge-base/urls", { token: o.token, body: { chatbot_id: o.botId, url: `https://${host}/` } });
      expect(res.status).toBe(202);
      await drain(res.json.id);
      const source = (await api(`/api/v1/knowledge-base/urls/${res.json.id}`, { token: o.token })).json;
      expect(source).toMatchObject({ status: "failed", error_code: "BLOCKED_HOST" });
      expect(source.pages[0]).toMatchObject({ status: "failed", error_code: "BLOCKED_HOST" });
    }
    expect(site.fetched).toEqual([]);
  });

  it("rejects loopback, private, link-local, CGNAT, metadata and internal hosts, and non-http schemes", async () => {
    const o = await ownerWithBot();
    const blocked = [
      "http://127.0.0.1/",
      "http://127.1/",
      "http://2130706433/",
      "http://0x7f000001/",
      "http://0177.0.0.1/",
      "http://0.0.0.0/",
      "http://localhost:8787/",
      "http://app.localhost/",
      "http://printer.local/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.1.2.3/",
      "http://172.16.5.4/",
      "http://192.168.1.1/",
      "http://100.64.0.1/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[fd00:ec2::254]/",
      "http://[fe80::1]/",
      "http://intranet/",
      "http://user:pass@docs.example.com/",
    ];
    for (const url of blocked) {
      const res = await api("/api/v1/knowledge-base/urls", { token: o.token, body: { chatbot_id: o.botId, url } });
      expect({ url, status: res.status, code: res.json?.error?.code }).toEqual({ url, status: 400, code: "BLOCKED_HOST" });
    }
    for (const url of ["ftp://docs.example.com/", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi"]) {
      const res = await api("/api/v1/knowledge-base/urls", { token: o.token, body: { chatbot_id: o.botId, url } });
      expect({ url, status: res.status, code: res.json?.error?.code }).toEqual({ url, status: 400, code: "UNSUPPORTED_SCHEME" });
    }
    const bad = await api("/api/v1/knowledge-base/urls", { token: o.token, body: { chatbot_id: o.botId, url: "https://docs.example.com", max_pages: 501, max_depth: 6 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("safe fetch refuses redirect loops, and timeouts are reported", async () => {
    setCrawlNetwork(fixtureSite().network);
    expect(await safeFetch("https://docs.example.com/loop")).toMatchObject({ ok: false, code: "TOO_MANY_REDIRECTS" });
    setCrawlNetwork({ resolveHost: async () => ["93.184.216.34"], fetch: (req) => new Promise((_, reject) => req.signal.addEventListener("abort", () => reject(req.signal.reason))) });
    expect(await safeFetch("https://slow.example.com/", { timeoutMs: 50 })).toMatchObject({ ok: false, code: "TIMEOUT" });
  });

  it("re-crawl drops pages that are no longer linked, and delete removes every page's chunks", async () => {
    const site = fixtureSite();
    setCrawlNetwork(site.network);
    const o = await ownerWithBot();
    const first = await crawl(o, { max_depth: 1 });
    const b = byPath(first)["/b"];
    expect(await chunksOf("url", b.id)).toHaveLength(1);
    site.html["/"] = site.html["/"]!.replace('href="/b?utm_source=x#top"', 'href="/a"');
    const again = await api(`/api/v1/knowledge-base/urls/${first.id}/recrawl`, { method: "POST", token: o.token });
    expect(again.status).toBe(202);
    expect(again.json.status).toBe("crawling");
    await drain(first.id);
    const second = (await api(`/api/v1/knowledge-base/urls/${first.id}`, { token: o.token })).json;
    expect(second.status).toBe("completed");
    expect(byPath(second)["/b"]).toBeUndefined();
    expect(await chunksOf("url", b.id)).toHaveLength(0);
    const a = byPath(second)["/a"];
    expect(a.id).toBe(byPath(first)["/a"].id); // same page keeps its id across crawls
    expect(await chunksOf("url", a.id)).toHaveLength(1);

    expect((await api(`/api/v1/knowledge-base/urls/${first.id}`, { method: "DELETE", token: o.token })).status).toBe(204);
    expect(await chunksOf("url", a.id)).toHaveLength(0);
    const left = await env.DB.prepare(`select count(*) as n from chunks where chatbot_id = ?1`).bind(o.botId).first<{ n: number }>();
    expect(left?.n).toBe(0);
    expect((await api(`/api/v1/knowledge-base/urls/${first.id}`, { token: o.token })).status).toBe(404);
  });

  it("the cron re-crawls sources whose schedule is due", async () => {
    setCrawlNetwork(fixtureSite().network);
    const o = await ownerWithBot();
    const source = await crawl(o, { max_depth: 0, schedule: "daily" });
    expect(source.next_crawl_at).not.toBeNull();
    expect(Date.parse(source.next_crawl_at) - Date.parse(source.last_crawled_at)).toBe(86_400_000);
    await env.DB.prepare(`update url_sources set next_crawl_at = '2000-01-01T00:00:00.000Z' where id = ?1`).bind(source.id).run();
    await recrawlDueSources({ cron: "*/15 * * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env);
    const row = await env.DB.prepare(`select run, status from url_sources where id = ?1`).bind(source.id).first<{ run: number; status: string }>();
    expect(row).toEqual({ run: 2, status: "crawling" });
  });

  it("rejects a viewer adding URLs, another workspace's chatbot and sources, and duplicates", async () => {
    setCrawlNetwork(fixtureSite().network);
    const o = await ownerWithBot();
    const other = await ownerWithBot();
    const viewer = await addMember(o.workspaceId, "viewer");
    expect((await api("/api/v1/knowledge-base/urls", { token: viewer.token, body: { chatbot_id: o.botId, url: "https://docs.example.com/" } })).status).toBe(403);
    expect((await api("/api/v1/knowledge-base/urls", { token: o.token, body: { chatbot_id: other.botId, url: "https://docs.example.com/" } })).status).toBe(404);
    const theirs = await api("/api/v1/knowledge-base/urls", { token: other.token, body: { chatbot_id: other.botId, url: "https://docs.example.com/" } });
    for (const [method, path] of [
      ["GET", `/api/v1/knowledge-base/urls/${theirs.json.id}`],
      ["DELETE", `/api/v1/knowledge-base/urls/${theirs.json.id}`],
      ["POST", `/api/v1/knowledge-base/urls/${theirs.json.id}/recrawl`],
    ] as const) {
      expect((await api(path, { method, token: o.token })).status).toBe(404);
    }
    const dup = await api("/api/v1/knowledge-base/urls", { token: other.token, body: { chatbot_id: other.botId, url: "https://docs.example.com" } });
    expect(dup.status).toBe(409);
  });
});

describe("crawler guards", () => {
  it("classifies hosts and resolved addresses", () => {
    expect(classifyHost("docs.example.com")).toBe("name");
    expect(classifyHost("93.184.216.34")).toBe("ip");
    expect(classifyHost("[2606:4700::1111]")).toBe("ip");
    for (const h of ["127.0.0.1", "0x7f.1", "017700000001", "[::]", "[::ffff:7f00:1]", "[64:ff9b::a00:1]", "metadata", "a.internal"]) expect(classifyHost(h)).toBe("blocked");
    for (const a of ["10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.127.0.1", "::1", "fc00::1", "fe80::abcd", "::ffff:10.0.0.1"]) expect(isBlockedAddress(a)).toBe(true);
    for (const a of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"]) expect(isBlockedAddress(a)).toBe(false);
  });

  it("applies robots.txt groups, wildcards and the longest match", () => {
    const robots = "User-agent: *\nDisallow: /private/\nAllow: /private/ok$\nDisallow: /*.json$\n\nUser-agent: MiniChatBot\nDisallow: /no-bots\nAllow: /\n";
    expect(isAllowedByRobots(robots, "/private/x")).toBe(true); // our own group wins over *
    expect(isAllowedByRobots(robots, "/no-bots/page")).toBe(false);
    const star = "User-agent: *\nDisallow: /private/\nAllow: /private/ok$\nDisallow: /*.json$\n";
    expect(isAllowedByRobots(star, "/private/x")).toBe(false);
    expect(isAllowedByRobots(star, "/private/ok")).toBe(true);
    expect(isAllowedByRobots(star, "/data/feed.json")).toBe(false);
    expect(isAllowedByRobots(star, "/docs")).toBe(true);
    expect(isAllowedByRobots(null, "/anything")).toBe(true);
    expect(isAllowedByRobots("User-agent: *\nDisallow:\n", "/x")).toBe(true);
  });
});
