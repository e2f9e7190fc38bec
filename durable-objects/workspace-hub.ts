import { DurableObject } from "cloudflare:workers";

/** One workspace: agents' sockets, presence, live inbox stream, routing cursor. */
export class WorkspaceHubDO extends DurableObject<Env> {
  async fetch(_request: Request): Promise<Response> {
    return new Response("not implemented", { status: 501 });
  }
}
