import { afterEach, describe, expect, it, vi } from "vitest";
import { configureLogging, logLine } from "../../worker/observability/log";
import { parseDsn } from "../../worker/observability/report";

afterEach(() => {
  configureLogging({ APP_ENV: "test" });
  vi.restoreAllMocks();
});

describe("structured logs", () => {
  it("writes one JSON line with the given fields and drops empty ones", () => {
    configureLogging({ APP_ENV: "production" });
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    logLine("request", { request_id: "req_1", workspace_id: "ws_1", route: "/api/v1/chatbots/:id", status: 200, latency_ms: 12, error_code: undefined });
    expect(out).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(out.mock.calls[0][0]));
    expect(line).toMatchObject({ kind: "request", request_id: "req_1", workspace_id: "ws_1", route: "/api/v1/chatbots/:id", status: 200, latency_ms: 12 });
    expect("error_code" in line).toBe(false);
  });

  it("sends server errors to the error stream", () => {
    configureLogging({ APP_ENV: "production" });
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    logLine("request", { status: 500, route: "/x" });
    expect(err).toHaveBeenCalledTimes(1);
  });

  it("stays quiet under tests", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    logLine("request", { status: 200 });
    expect(out).not.toHaveBeenCalled();
  });
});

describe("error reporting DSN", () => {
  it("derives the envelope endpoint from a Sentry-style DSN and refuses anything but https", () => {
    expect(parseDsn("https://abc123@o1.ingest.example.com/42")).toEqual({ envelopeUrl: "https://o1.ingest.example.com/api/42/envelope/", publicKey: "abc123" });
    expect(parseDsn("http://abc@example.com/1")).toBeNull();
    expect(parseDsn("not a url")).toBeNull();
    expect(parseDsn(undefined)).toBeNull();
  });
});
