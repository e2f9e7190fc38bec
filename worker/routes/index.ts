import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../lib/context";
import { health } from "./health";
import { demo } from "./demo";

/** The table of contents of the HTTP API: one line per resource. */
export function mountRoutes(app: OpenAPIHono<AppEnv>) {
  app.route("/api/v1/health", health);
  app.route("/demo", demo);
}
