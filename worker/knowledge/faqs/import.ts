import { csvRows } from "../../lib/csv-rows";
import { loadCsvLibs } from "../../lazy";
import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { faqs, type Faq } from "../../db/schema";
import type { AuthContext } from "../../lib/context";
import { badRequest } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { requireChatbot } from "../sources/chatbot";
import { syncFaqIndex } from "./faqs";
import { cleanTags, normalizeQuestion } from "./normalize";
import { FaqAnswer, FaqCategory, FaqQuestion } from "./schemas";
import type { ImportReportShape } from "./schemas";

export const MAX_IMPORT_ROWS = 2000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const PRIORITY_ALIASES: Record<string, Faq["priority"]> = { high: "high", medium: "medium", low: "low", "1": "high", "2": "medium", "3": "low" };

export interface ImportFaqsInput {
  chatbotId: string;
  csv: string;
  overwriteExisting: boolean;
}

/**
 * Imports FAQs from CSV (columns question, answer, category, tags, priority;
 * header required, any order). Rows are numbered like a spreadsheet: the
 * header is row 1. A question already present (normalised) is skipped, or
 * updated with `overwrite_existing`; a repeat inside the file is skipped.
 */
export async function importFaqsCsv(env: Env, auth: AuthContext, input: ImportFaqsInput): Promise<ImportReportShape> {
  await requireChatbot(env, auth.workspaceId, input.chatbotId);
  const parsed = (await loadCsvLibs()).Papa.parse<Record<string, string>>(input.csv.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes("question") || !fields.includes("answer")) {
    throw badRequest("INVALID_CSV", "The CSV needs a header row with at least the columns question and answer", { columns: fields });
  }
  if (parsed.data.length > MAX_IMPORT_ROWS) {
    throw badRequest("INVALID_CSV", `A CSV import is limited to ${MAX_IMPORT_ROWS} rows`, { rows: parsed.data.length });
  }

  const report: ImportReportShape = { imported: 0, updated: 0, skipped: 0, errors: [] };
  const db = getDb(env);
  const existing = new Map<string, Faq>();
  for (const f of await db.select().from(faqs).where(and(eq(faqs.chatbotId, input.chatbotId), eq(faqs.workspaceId, auth.workspaceId)))) {
    existing.set(f.normalizedQuestion, f);
  }
  const seenInFile = new Map<string, number>();

  for (const { row, raw, fail } of csvRows(parsed, report)) {
    const question = FaqQuestion.safeParse(raw.question ?? "");
    if (!question.success) {
      fail(`question: ${question.error.issues[0]?.message ?? "invalid"}`);
      continue;
    }
    const answer = FaqAnswer.safeParse(raw.answer ?? "");
    if (!answer.success) {
      fail(`answer: ${answer.error.issues[0]?.message ?? "invalid"}`);
      continue;
    }
    const category = FaqCategory.safeParse((raw.category ?? "").trim() || null);
    if (!category.success) {
      fail("category: at most 50 characters");
      continue;
    }
    const priorityRaw = (raw.priority ?? "").trim().toLowerCase();
    const priority = priorityRaw ? PRIORITY_ALIASES[priorityRaw] : "medium";
    if (!priority) {
      fail(`priority: must be high, medium or low (got "${priorityRaw}")`);
      continue;
    }
    const tags = cleanTags((raw.tags ?? "").split(/[,;|]/)).slice(0, 20);

    const norm = normalizeQuestion(question.data);
    const firstRow = seenInFile.get(norm);
    if (firstRow !== undefined) {
      fail(`Duplicate question in this file (same as row ${firstRow})`);
      continue;
    }
    seenInFile.set(norm, row);

    const now = nowIso();
    const current = existing.get(norm);
    if (current) {
      if (!input.overwriteExisting) {
        fail("Duplicate question found");
        continue;
      }
      const next: Faq = { ...current, question: question.data, answer: answer.data, category: category.data, tags, priority, updatedAt: now };
      await db
        .update(faqs)
        .set({ question: next.question, answer: next.answer, category: next.category, tags: next.tags, priority: next.priority, updatedAt: now })
        .where(eq(faqs.id, current.id));
      await syncFaqIndex(env, next);
      report.updated++;
      continue;
    }
    const created: Faq = {
      id: newId("faq"),
      workspaceId: auth.workspaceId,
      chatbotId: input.chatbotId,
      question: question.data,
      normalizedQuestion: norm,
      answer: answer.data,
      category: category.data,
      tags,
      priority,
      status: "active",
      usageCount: 0,
      createdBy: auth.userId,
      createdAt: now,
      updatedAt: now,
    };
    await db.insert(faqs).values(created);
    await syncFaqIndex(env, created);
    existing.set(norm, created);
    report.imported++;
  }
  return report;
}
