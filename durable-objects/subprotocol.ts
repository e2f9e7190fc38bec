/**
 * The WebSocket subprotocol both ends agree on; the bearer token rides beside it
 * as `bearer.<token>`. Its own module, re-exported by `protocol.ts`, so browser
 * code can take it without bundling the frame schemas' validator.
 */
export const SUBPROTOCOL = "minichat.v1";
