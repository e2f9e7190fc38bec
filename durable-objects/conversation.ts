import { DurableObject } from "cloudflare:workers";

/** One conversation: sockets, status machine, bot/human mode, message log, cart. */
export class ConversationDO extends DurableObject<Env> {
  async fetch(_request: Request): Promise<Response> {
    return new Response("not implemented", { status: 501 });
  }
}
