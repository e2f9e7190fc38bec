import type { CrawlNetwork } from "../../../worker/lib/safe-fetch";

const page = (title: string, body: string, links: string[] = []) =>
  `<!doctype html><html><head><title>${title}</title></head><body><nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(" ")}</nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;

/**
 * A small website served without any network: linked pages, a robots.txt
 * that disallows /private/, redirects into loopback and the metadata
 * service, a page over the size cap and a non-HTML file. `fetched` records
 * every URL requested.
 */
export function fixtureSite() {
  const fetched: string[] = [];
  const html: Record<string, string> = {
    "/": page("Docs home", "Welcome to the Acme documentation.", [
      "/a",
      "/b?utm_source=x#top",
      "/private/secret",
      "/blog/post-1",
      "https://other.example.org/elsewhere",
      "/redirect-local",
      "/redirect-metadata",
      "/huge",
      "/manual.pdf",
      "mailto:hi@acme.test",
      "javascript:alert(1)",
      "/a",
    ]),
    "/a": page("Page A", "Returns are accepted within 30 days.", ["/a/deep-1", "/"]),
    "/a/deep-1": page("Deep 1", "Depth two content about gift cards.", ["/a/deep-2"]),
    "/a/deep-2": page("Deep 2", "Depth three content about loyalty points.", []),
    "/b": page("Page B", "Shipping takes two days within Bangkok.", ["/a"]),
    "/blog/post-1": page("Blog post", "Company news from the blog.", []),
    "/private/secret": page("Secret", "Internal pricing sheet.", []),
  };
  const network: CrawlNetwork = {
    async resolveHost(host) {
      if (host === "docs.example.com" || host === "other.example.org") return ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"];
      if (host === "evil.example.com") return ["10.0.0.5"];
      if (host === "rebind.example.com") return ["93.184.216.34", "127.0.0.1"];
      if (host === "v6.example.com") return ["fd00:ec2::254"];
      throw new Error("NXDOMAIN");
    },
    async fetch(request) {
      const url = new URL(request.url);
      fetched.push(url.toString());
      if (url.hostname !== "docs.example.com" && url.hostname !== "other.example.org") return new Response("should never be reached", { status: 200, headers: { "content-type": "text/html" } });
      if (url.pathname === "/robots.txt") return new Response("User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n", { headers: { "content-type": "text/plain" } });
      if (url.pathname === "/redirect-local") return new Response(null, { status: 302, headers: { location: "http://127.0.0.1:8787/admin" } });
      if (url.pathname === "/redirect-metadata") return new Response(null, { status: 301, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
      if (url.pathname === "/loop") return new Response(null, { status: 302, headers: { location: "/loop" } });
      if (url.pathname === "/huge") {
        const chunk = new TextEncoder().encode(`<p>${"x".repeat(64 * 1024)}</p>`);
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ >= 64) controller.close(); // 4 MB, no content-length
            else controller.enqueue(chunk);
          },
        });
        return new Response(body, { headers: { "content-type": "text/html" } });
      }
      if (url.pathname === "/manual.pdf") return new Response("%PDF-1.4", { headers: { "content-type": "application/pdf" } });
      const body = html[url.pathname];
      if (!body) return new Response("not found", { status: 404, headers: { "content-type": "text/html" } });
      return new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });
    },
  };
  return { network, fetched, html };
}
