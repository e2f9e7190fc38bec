/**
 * The one place knowledge sources talk to the chunk index (worker/knowledge/index/).
 * Sources never touch the chunk tables themselves.
 */
export { indexSourceChunks, removeSourceChunks } from "../index";
export type { SourceChunkInput as SourceChunk, SourceType } from "../index";
