import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Mirrors migrations/0006_knowledge_index.sql (chunks_fts recreated by 0016,
// partitioned per chatbot). The FTS5 table `chunks_fts` is
// hand-written SQL only (drizzle has no virtual tables); it is queried with raw SQL.

export const chunks = sqliteTable(
  "chunks",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    sourceType: text("source_type", { enum: ["faq", "document", "url"] }).notNull(),
    sourceId: text("source_id").notNull(),
    title: text("title").notNull().default(""),
    url: text("url"),
    page: integer("page"),
    section: text("section"),
    position: integer("position").notNull().default(0),
    text: text("text").notNull(),
    tokenCount: integer("token_count").notNull().default(0),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // replace/remove all chunks of one source
    index("chunks_source_idx").on(t.chatbotId, t.sourceType, t.sourceId),
    // per-workspace listing and cleanup
    index("chunks_workspace_idx").on(t.workspaceId, t.chatbotId),
  ],
);
export type Chunk = typeof chunks.$inferSelect;

export const chunkVectors = sqliteTable(
  "chunk_vectors",
  {
    chunkId: text("chunk_id").primaryKey(),
    chatbotId: text("chatbot_id").notNull(),
    dims: integer("dims").notNull(),
    vector: blob("vector", { mode: "buffer" }).notNull(),
  },
  // brute-force scan of one chatbot's vectors, a page at a time in chunk_id order
  (t) => [index("chunk_vectors_chatbot_chunk_idx").on(t.chatbotId, t.chunkId)],
);

export const chunkIndexVersions = sqliteTable("chunk_index_versions", {
  chatbotId: text("chatbot_id").primaryKey(),
  version: integer("version").notNull().default(0),
  updatedAt: text("updated_at").notNull(),
  /** format of the chatbot's chunks_fts rows and term statistics (0016); older ones are rebuilt lazily */
  textVersion: integer("text_version").notNull().default(0),
});

// Mirrors migrations/0016_knowledge_retrieval.sql: per-source term statistics
// (JSON) that sum to the chatbot's BM25 statistics and vocabulary.
export const knowledgeSourceTerms = sqliteTable(
  "knowledge_source_terms",
  {
    chatbotId: text("chatbot_id").notNull(),
    sourceType: text("source_type").notNull(),
    sourceId: text("source_id").notNull(),
    stamp: text("stamp").notNull(),
    stats: text("stats").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatbotId, t.sourceType, t.sourceId] })],
);

export const aiSecrets = sqliteTable(
  "ai_secrets",
  {
    workspaceId: text("workspace_id").notNull(),
    provider: text("provider").notNull(),
    encryptedKey: text("encrypted_key"),
    /** display copy of the endpoint; the one used is sealed with the key in `encrypted_key` */
    baseUrl: text("base_url"),
    /** an owner allowed a private-network endpoint (self-hosted) for this provider */
    allowPrivateNetwork: integer("allow_private_network").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.provider] })],
);
export type AiSecret = typeof aiSecrets.$inferSelect;

export const kbQueries = sqliteTable(
  "kb_queries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    conversationId: text("conversation_id"),
    question: text("question").notNull(),
    confidence: real("confidence").notNull(),
    topScore: real("top_score").notNull().default(0),
    resultCount: integer("result_count").notNull().default(0),
    action: text("action").notNull(),
    answered: integer("answered", { mode: "boolean" }).notNull().default(false),
    escalated: integer("escalated", { mode: "boolean" }).notNull().default(false),
    intent: text("intent"),
    createdAt: text("created_at").notNull(),
  },
  // gaps report: one chatbot's questions in a period
  (t) => [
    index("kb_queries_chatbot_time_idx").on(t.chatbotId, t.createdAt),
    // migration 0010: the bot report's unanswered questions of a workspace over a range
    index("idx_kb_queries_unanswered").on(t.workspaceId, t.createdAt).where(sql`answered = 0`),
    // serves: erasing and purging one conversation's questions
    index("idx_kb_queries_conversation").on(t.conversationId),
  ],
);
export type KbQuery = typeof kbQueries.$inferSelect;

export const answerFeedback = sqliteTable(
  "answer_feedback",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id"),
    conversationId: text("conversation_id").notNull(),
    messageId: text("message_id").notNull(),
    helpful: integer("helpful", { mode: "boolean" }).notNull(),
    by: text("by", { enum: ["visitor", "agent"] }).notNull(),
    userId: text("user_id"),
    comment: text("comment"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // one vote per message and voter kind
    uniqueIndex("answer_feedback_message_by_idx").on(t.messageId, t.by),
    // feedback listing per workspace over time
    index("answer_feedback_workspace_idx").on(t.workspaceId, t.createdAt),
    // serves: erasing and purging one conversation's feedback
    index("idx_answer_feedback_conversation").on(t.conversationId),
  ],
);
export type AnswerFeedback = typeof answerFeedback.$inferSelect;

// Mirrors migrations/0034_knowledge_latent.sql: the latent (LSA) term basis per chatbot.
export const knowledgeLatent = sqliteTable("knowledge_latent", {
  chatbotId: text("chatbot_id").primaryKey(),
  passages: integer("passages").notNull(),
  dims: integer("dims").notNull(),
  terms: text("terms").notNull(),
  basis: blob("basis", { mode: "buffer" }).notNull(),
  builtAt: text("built_at").notNull(),
});
