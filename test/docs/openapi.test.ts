import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document with bearer and API-key security schemes and tags", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = res.json;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info).toMatchObject({ title: "MiniChat API", version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain("Chatbots");
    expect(doc.servers[0].url).toBe(env.APP_URL.replace(/\/+$/, ""));
  });

  it("lists every chatbot path with its methods, request schemas and response schemas", async () => {
    const doc = (await api("/api/v1/openapi.json")).json;
    const paths = doc.paths;
    expect(Object.keys(paths["/api/v1/chatbots"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/api/v1/chatbots/{id}"]).sort()).toEqual(["delete", "get", "patch"]);
    for (const p of ["clone", "archive", "restore", "rotate-key"]) expect(paths[`/api/v1/chatbots/{id}/${p}`]).toHaveProperty("post");
    expect(paths["/api/v1/chatbots/{id}/versions"]).toHaveProperty("get");
    expect(paths["/api/v1/chatbots/{id}/versions/{version}/restore"]).toHaveProperty("post");
    expect(paths["/api/v1/widget/config"]).toHaveProperty("get");

    const create = paths["/api/v1/chatbots"].post;
    expect(create.tags).toEqual(["Chatbots"]);
    expect(create.security).toEqual([{ bearerAuth: [] }, { apiKey: [] }]);
    expect(create.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/CreateChatbot");
    expect(create.responses["201"].content["application/json"].schema.$ref).toBe("#/components/schemas/Chatbot");
    expect(create.responses["409"].content["application/json"].schema.$ref).toBe("#/components/schemas/Error");

    const schemas = doc.components.schemas;
    expect(schemas.CreateChatbot.required).toEqual(["name"]);
    expect(schemas.CreateChatbot.additionalProperties).toBe(false);
    expect(schemas.Chatbot.properties).toHaveProperty("embed_code");
    expect(schemas.Chatbot.properties).toHaveProperty("public_key");
    expect(schemas.AiSettings.properties.temperature).toMatchObject({ minimum: 0, maximum: 2 });
    expect(schemas.AiSettings.properties.max_tokens).toMatchObject({ minimum: 100, maximum: 2000 });

    const list = paths["/api/v1/chatbots"].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(list).toEqual(expect.arrayContaining(["query:status", "query:q", "query:page", "query:limit"]));
  });

  it("resolves every $ref it uses", async () => {
    const doc = (await api("/api/v1/openapi.json")).json;
    const refs = new Set<string>();
    JSON.stringify(doc, (k, v) => {
      if (k === "$ref") refs.add(v);
      return v;
    });
    for (const ref of refs) {
      const [, , section, name] = ref.split("/");
      expect(doc.components[section]?.[name], ref).toBeDefined();
    }
  });
});

describe("interactive docs", () => {
  it("serves an HTML page that loads only same-origin assets and no inline script", async () => {
    const res = await api("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = res.text;
    const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs).toEqual(expect.arrayContaining(["/docs-assets/swagger-ui-bundle.js", "/docs-assets/init.js", "/docs-assets/swagger-ui.css"]));
    for (const src of srcs) expect(src.startsWith("/") && !src.startsWith("//"), src).toBe(true);
    // every <script> has a src: nothing inline for the CSP to block
    expect([...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].every((m) => m[1].includes("src=") && m[2].trim() === "")).toBe(true);
    expect(html).toContain('data-spec-url="/api/v1/openapi.json"');
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
  });
});
