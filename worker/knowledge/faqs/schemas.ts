import { z } from "@hono/zod-openapi";
import { FAQ_PRIORITIES, FAQ_STATUSES } from "../../db/schema";

export const FaqQuestion = z.string().trim().min(3, "A question needs at least 3 characters").max(1000);
export const FaqAnswer = z.string().trim().min(1, "An answer is required").max(10_000);
export const FaqCategory = z.string().trim().max(50).nullable();
export const FaqTags = z.array(z.string().trim().min(1).max(40)).max(20);

export const CreateFaqBody = z
  .object({
    chatbot_id: z.string().min(1),
    question: FaqQuestion,
    answer: FaqAnswer,
    category: FaqCategory.optional(),
    tags: FaqTags.optional(),
    priority: z.enum(FAQ_PRIORITIES).optional(),
    status: z.enum(FAQ_STATUSES).optional(),
  })
  .openapi("CreateFaq");
export type CreateFaqInput = z.infer<typeof CreateFaqBody>;

export const UpdateFaqBody = z
  .object({
    question: FaqQuestion.optional(),
    answer: FaqAnswer.optional(),
    category: FaqCategory.optional(),
    tags: FaqTags.optional(),
    priority: z.enum(FAQ_PRIORITIES).optional(),
    status: z.enum(FAQ_STATUSES).optional(),
  })
  .openapi("UpdateFaq");
export type UpdateFaqInput = z.infer<typeof UpdateFaqBody>;

export const ListFaqsQuery = z.object({
  chatbot_id: z.string().optional(),
  category: z.string().optional(),
  status: z.enum(FAQ_STATUSES).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListFaqsInput = z.infer<typeof ListFaqsQuery>;

export const FaqResponse = z
  .object({
    id: z.string(),
    chatbot_id: z.string(),
    question: z.string(),
    answer: z.string(),
    category: z.string().nullable(),
    tags: z.array(z.string()),
    priority: z.enum(FAQ_PRIORITIES),
    status: z.enum(FAQ_STATUSES),
    usage_count: z.number(),
    embedding_generated: z.boolean(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Faq");

export const Pagination = z.object({ page: z.number(), limit: z.number(), total: z.number(), total_pages: z.number() });

export const ImportReport = z
  .object({
    imported: z.number(),
    updated: z.number(),
    skipped: z.number(),
    errors: z.array(z.object({ row: z.number(), message: z.string() })),
  })
  .openapi("FaqImportReport");
export type ImportReportShape = z.infer<typeof ImportReport>;
