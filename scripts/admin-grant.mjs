#!/usr/bin/env node
// Grants (or with --revoke, takes back) platform-operator rights to an
// existing account in the local D1 database:
//   npm run admin:grant -- someone@example.com [--revoke]
// Production: npx wrangler d1 execute DB --remote --command "<the SQL this prints>"
// No API can do this: platform operators are not a workspace role.
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const revoke = args.includes("--revoke");
const email = args.find((a) => !a.startsWith("--"));
if (!email || !/^[^\s'"@]+@[^\s'"@]+\.[^\s'"@]+$/.test(email)) {
  console.error("usage: npm run admin:grant -- <email of an existing account> [--revoke]");
  process.exit(2);
}
const address = email.trim().toLowerCase();
const sql = revoke
  ? `delete from platform_admins where user_id = (select id from users where email = '${address}');`
  : `insert into platform_admins (user_id, granted_at) select id, strftime('%Y-%m-%dT%H:%M:%fZ','now') from users where email = '${address}' on conflict do nothing;`;
console.log(sql);
const run = spawnSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--command", sql], { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
if (run.status !== 0) process.exit(run.status ?? 1);
console.log(revoke ? `${address} is no longer a platform operator.` : `${address} is a platform operator (they must turn on two-factor sign-in before the console opens).`);
