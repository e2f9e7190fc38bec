/** Codes of a source that failed for a reason retrying cannot fix. */
export type IngestFailureCode =
  | "EXTRACTION_FAILED"
  | "ENCRYPTED"
  | "EMPTY_DOCUMENT"
  | "UNSUPPORTED_TYPE"
  | "TOO_LARGE"
  | "PROCESSING_FAILED";

/** A permanent failure of one document: recorded on it, message acked, never retried. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestFailureCode,
    message: string,
  ) {
    super(message);
    this.name = "IngestError";
  }
}
