import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace, visitorToken } from "./seed";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF");
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const HTML = new TextEncoder().encode("<!doctype html><script>alert(1)</script>");

let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let conv = "";
let visitor = "";

beforeAll(async () => {
  ws = await seedWorkspace();
  visitor = await seedVisitor(ws.workspaceId, { name: "Ann" });
  conv = await seedConversation(ws.workspaceId, { visitor_id: visitor });
});

const form = (bytes: Uint8Array<ArrayBuffer>, name: string, type: string) => {
  const f = new FormData();
  f.append("file", new File([bytes], name, { type }));
  return f;
};
const upload = (body: FormData, token: string, path = `/api/v1/conversations/${conv}/attachments`) => api(path, { method: "POST", token, body });
const fetchUrl = (url: string) => api(url.replace(/^https?:\/\/[^/]+/, ""));

describe("attachments", () => {
  it("accepts a PNG from an agent and serves it inline through a signed link", async () => {
    const res = await upload(form(PNG, "screen shot.png", "image/png"), ws.agent.token);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: "screen shot.png", content_type: "image/png", size: PNG.byteLength });
    expect(res.json.url).toMatch(/\/api\/v1\/attachments\/att_[A-Za-z0-9]+\?exp=\d+&sig=[0-9a-f]{64}$/);
    const obj = await env.FILES.get(`ws/${ws.workspaceId}/conv/${conv}/${res.json.id}`);
    expect(obj).not.toBeNull();
    await obj?.arrayBuffer();
    const file = await fetchUrl(res.json.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(file.headers.get("content-disposition")).toMatch(/^inline;/);
  });

  it("accepts a PDF from the visitor and serves it as a download with nosniff", async () => {
    const token = await visitorToken(visitor, ws.workspaceId);
    const res = await upload(form(PDF, "invoice.pdf", "application/pdf"), token, `/api/v1/widget/conversations/${conv}/attachments`);
    expect(res.status, res.text).toBe(201);
    const file = await fetchUrl(res.json.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(file.text.startsWith("%PDF-")).toBe(true);
    const detail = await api(`/api/v1/conversations/${conv}`, { token: ws.viewer.token });
    expect(detail.json.attachments.map((a: { name: string }) => a.name)).toContain("invoice.pdf");
  });

  it("refuses SVG, HTML renamed .png, a wrong magic number and files over 10 MB", async () => {
    const svg = await upload(form(SVG, "logo.svg", "image/svg+xml"), ws.agent.token);
    expect(svg.status).toBe(415);
    expect(svg.json.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const renamed = await upload(form(HTML, "cat.png", "image/png"), ws.agent.token);
    expect(renamed.status).toBe(415);
    const svgAsPng = await upload(form(SVG, "cat.png", "image/png"), ws.agent.token);
    expect(svgAsPng.status).toBe(415);
    const jpegClaim = await upload(form(PNG, "photo.jpg", "image/jpeg"), ws.agent.token);
    expect(jpegClaim.status).toBe(415);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooBig = await upload(form(big, "huge.png", "image/png"), ws.agent.token);
    expect(tooBig.status).toBe(413);
  });

  it("answers 403 for an expired or tampered link", async () => {
    const res = await upload(form(PNG, "a.png", "image/png"), ws.agent.token);
    const url = new URL(res.json.url);
    const tampered = `${url.pathname}?exp=${url.searchParams.get("exp")}&sig=${"0".repeat(64)}`;
    expect((await api(tampered)).status).toBe(403);
    const longer = `${url.pathname}?exp=${Number(url.searchParams.get("exp")) + 3600}&sig=${url.searchParams.get("sig")}`;
    expect((await api(longer)).status).toBe(403);
    const otherId = `/api/v1/attachments/att_other?exp=${url.searchParams.get("exp")}&sig=${url.searchParams.get("sig")}`;
    expect((await api(otherId)).status).toBe(403);
    const { signedAttachmentUrl } = await import("../../worker/inbox/attachments");
    const expired = await signedAttachmentUrl(env, "", res.json.id, Date.now() - 11 * 60 * 1000);
    const gone = await api(expired);
    expect(gone.status).toBe(403);
    expect(gone.json.error.code).toBe("LINK_EXPIRED");
    expect((await api(`${url.pathname}`)).status).toBe(403);
  });

  it("rejects viewers, other workspaces, other visitors and missing tokens", async () => {
    expect((await upload(form(PNG, "a.png", "image/png"), ws.viewer.token)).status).toBe(403);
    const other = await seedWorkspace();
    expect((await upload(form(PNG, "a.png", "image/png"), other.agent.token)).status).toBe(404);
    const stranger = await visitorToken(await seedVisitor(ws.workspaceId), ws.workspaceId);
    // a token for the right visitor but another workspace
    const foreign = await visitorToken(visitor, other.workspaceId);
    expect((await upload(form(PNG, "a.png", "image/png"), foreign, `/api/v1/widget/conversations/${conv}/attachments`)).status).toBe(404);
    expect((await upload(form(PNG, "a.png", "image/png"), stranger, `/api/v1/widget/conversations/${conv}/attachments`)).status).toBe(404);
    expect((await api(`/api/v1/widget/conversations/${conv}/attachments`, { method: "POST", body: form(PNG, "a.png", "image/png") })).status).toBe(401);
    expect((await upload(form(PNG, "a.png", "image/png"), ws.agent.token.slice(0, -3) + "abc", `/api/v1/widget/conversations/${conv}/attachments`)).status).toBe(401);
  });
});
