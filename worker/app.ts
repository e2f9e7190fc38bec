import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createRouter } from "./lib/router";
import { isLocalDevelopment } from "./lib/environment";
import { AppError } from "./lib/errors";
import { newId } from "./lib/ids";
import { mountRoutes, type MountOptions } from "./routes";
import { logLine } from "./observability/log";
import { reportError } from "./observability/report";

/**
 * Builds the Hono app. Dev-only routes (`/api/v1/dev/*`) are mounted only
 * when `devRoutes` is set, so a production Worker does not have them at all.
 */
export function createApp(options: MountOptions) {
  const app = createRouter();

  app.use("*", async (c, next) => {
    const started = Date.now();
    c.set("requestId", c.req.header("cf-ray") ?? newId("req"));
    await next();
    logLine("request", {
      request_id: c.get("requestId"),
      workspace_id: c.get("auth")?.workspaceId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      latency_ms: Date.now() - started,
      error_code: c.get("errorCode"),
    });
  });

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'", "ws:", "wss:"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      referrerPolicy: "strict-origin-when-cross-origin",
      xContentTypeOptions: "nosniff",
      xFrameOptions: "DENY",
      crossOriginResourcePolicy: false,
      crossOriginOpenerPolicy: "same-origin",
      // a route that sets its own header (e.g. the sandbox CSP on attachments) keeps it
      overwrite: false,
    }),
  );

  // JSON bodies are small; uploads (multipart) have their own limits in their routes.
  app.use("/api/*", async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    if (type.startsWith("multipart/form-data")) return next();
    return bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new AppError(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 256 KB");
      },
    })(c, next);
  });

  mountRoutes(app, options);

  app.notFound((c) => {
    return c.json(
      { error: { code: "NOT_FOUND", message: `No route for ${c.req.method} ${c.req.path}`, request_id: c.get("requestId") } },
      404,
    );
  });

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? newId("req");
    if (err instanceof AppError) {
      c.set("errorCode", err.code);
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(
        { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}), request_id: requestId } },
        err.status,
      );
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = status === 400 ? "BAD_REQUEST" : status === 401 ? "UNAUTHORIZED" : status === 413 ? "PAYLOAD_TOO_LARGE" : "HTTP_ERROR";
      const message = /malformed json/i.test(err.message) ? "The request body is not valid JSON" : err.message || "Request failed";
      return c.json({ error: { code: status === 400 && /json/i.test(err.message) ? "INVALID_JSON" : code, message, request_id: requestId } }, status);
    }
    c.set("errorCode", "INTERNAL_ERROR");
    logLine("error", { request_id: requestId, route: c.req.routePath, error: err instanceof Error ? err.name : "unknown", message: err instanceof Error ? err.message.slice(0, 300) : undefined });
    reportError(c.env, err, { request_id: requestId, route: c.req.routePath }, c.executionCtx);
    return c.json({ error: { code: "INTERNAL_ERROR", message: "Something went wrong on our side", request_id: requestId } }, 500);
  });

  return app;
}

export type AppType = ReturnType<typeof createApp>;

const built = new Map<boolean, AppType>();

/** The app for this environment: with dev routes in local development and tests, without them elsewhere. */
export function appFor(env: Pick<Env, "APP_ENV">): AppType {
  const devRoutes = isLocalDevelopment(env);
  let instance = built.get(devRoutes);
  if (!instance) {
    instance = createApp({ devRoutes });
    built.set(devRoutes, instance);
  }
  return instance;
}

/** The Worker's fetch handler: picks the app by `APP_ENV` on every request. */
export const app = {
  fetch: (request: Request, env: Env, ctx?: ExecutionContext) => appFor(env).fetch(request, env, ctx),
};
