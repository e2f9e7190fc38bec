/** Team management verbs: loaded by the /api/v1/teams routes on first use (see worker/lazy.ts). */
export * from "../routing/teams";
