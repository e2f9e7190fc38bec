import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { AppError } from "./errors";

/**
 * Every route file builds its sub-app with this, so all routes share one
 * validation-error shape and appear in `/api/v1/openapi.json`.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({
          path: i.path.join("."),
          message: i.message,
          code: i.code,
        }));
        throw new AppError(400, "VALIDATION_ERROR", "The request is not valid", { issues });
      }
    },
  });
}
