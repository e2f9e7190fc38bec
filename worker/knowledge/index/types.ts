export type SourceType = "faq" | "document" | "url";

export interface SourceChunkInput {
  text: string;
  page?: number | null;
  section?: string | null;
  /** headings path of the passage ("Billing > Refunds"); defaults to `section` */
  headings?: string | null;
  position: number;
}

export interface IndexSourceInput {
  workspaceId: string;
  chatbotId: string;
  sourceType: SourceType;
  sourceId: string;
  title: string;
  url?: string | null;
  chunks: SourceChunkInput[];
}

export interface SourceRef {
  workspaceId: string;
  chatbotId: string;
  sourceType: SourceType;
  sourceId: string;
}
