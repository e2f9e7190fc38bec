import { describe, expect, it } from "vitest";
import { api } from "../helpers";

describe("/demo host page", () => {
  it("tells the developer to seed when the demo chatbot does not exist yet", async () => {
    const res = await api("/demo");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).toContain("npm start");
    expect(res.text).not.toContain("/widget/loader.js");
  });

  it("embeds the seeded demo chatbot's snippet under a CSP that allows the widget", async () => {
    const seed = await api("/api/v1/dev/seed", { method: "POST" });
    expect(seed.status).toBeLessThan(300);
    const key = seed.json.chatbot.public_key as string;

    const res = await api("/demo");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Demo Shop");
    expect(res.text).toContain(`<script async src="http://127.0.0.1:8787/widget/loader.js" data-chatbot-key="${key}"></script>`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' ws: wss:/);
    expect(res.text).not.toMatch(/<script>(?!<)/);
  });
});
