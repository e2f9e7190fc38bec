import { describe, expect, it } from "vitest";
import { decodeInternalHeader, encodeInternalHeader } from "../../durable-objects/internal-header";

describe("the identity header a socket's object receives", () => {
  it("is plain ASCII for a Thai name, so no request logs a non-ASCII header, and decodes to the same identity", () => {
    const identity = { kind: "agent", id: "usr_1", name: "สมชาย ใจดี", role: "agent", canRespond: true };
    const value = encodeInternalHeader(identity);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    const headers = new Headers({ "x-minichat-identity": value });
    expect(decodeInternalHeader(headers.get("x-minichat-identity"))).toEqual(identity);
  });

  it("reads a missing or foreign value as no identity", () => {
    expect(decodeInternalHeader(null)).toBeNull();
    expect(decodeInternalHeader("not base64 json!")).toBeNull();
  });
});
