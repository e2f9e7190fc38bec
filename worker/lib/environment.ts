/**
 * Where the Worker runs. Deployed configuration is production (`wrangler.toml`
 * says so); `npm start` and the browser tests pass `APP_ENV=development`, the
 * workers tests `APP_ENV=test`. Anything else counts as production.
 */
export type AppEnvironment = "development" | "test" | "production";

/** Local development and tests: dev-only routes exist and mail is captured in `dev_mail`. */
export function isLocalDevelopment(env: Pick<Env, "APP_ENV">): boolean {
  return env.APP_ENV === "development" || env.APP_ENV === "test";
}
