export type SourceType = "faq" | "document" | "url" | "product";

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
  /** a page summary (Markdown front-matter description, HTML meta description); indexed with the title of every passage */
  summary?: string | null;
  url?: string | null;
  chunks: SourceChunkInput[];
}

export interface SourceRef {
  workspaceId: string;
  chatbotId: string;
  sourceType: SourceType;
  sourceId: string;
}
