import { configureLogging, logLine } from "./log";
import { reportError } from "./report";

/** The Worker's entry points, each writing its one structured log line. */
export function observedFetch(handler: (req: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>) {
  return (req: Request, env: Env, ctx: ExecutionContext) => {
    configureLogging(env);
    return handler(req, env, ctx);
  };
}

export function observedQueue(handler: (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>) {
  return async (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => {
    configureLogging(env);
    const started = Date.now();
    try {
      await handler(batch, env, ctx);
      logLine("queue", { queue: batch.queue, messages: batch.messages.length, latency_ms: Date.now() - started, status: "ok" });
    } catch (err) {
      logLine("queue", { queue: batch.queue, messages: batch.messages.length, latency_ms: Date.now() - started, status: "error", error: err instanceof Error ? err.name : "unknown" });
      reportError(env, err, { queue: batch.queue }, ctx);
      throw err;
    }
  };
}

export function observedCron(handler: (controller: ScheduledController, env: Env, ctx: ExecutionContext) => Promise<void>) {
  return async (controller: ScheduledController, env: Env, ctx: ExecutionContext) => {
    configureLogging(env);
    const started = Date.now();
    try {
      await handler(controller, env, ctx);
      logLine("cron", { cron: controller.cron, latency_ms: Date.now() - started, status: "ok" });
    } catch (err) {
      logLine("cron", { cron: controller.cron, latency_ms: Date.now() - started, status: "error", error: err instanceof Error ? err.name : "unknown" });
      reportError(env, err, { cron: controller.cron }, ctx);
      throw err;
    }
  };
}
