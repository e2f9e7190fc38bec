/** The user-agent parser: only new visitor sessions use it (see worker/lazy.ts). */
export { UAParser } from "ua-parser-js";
