import type { ParseResult } from "papaparse";

/** What a row-level CSV import report counts: the rows it skipped and why. */
export interface RowReport {
  skipped: number;
  errors: { row: number; message: string }[];
}

/**
 * The rows of a parsed CSV file for a row-level import: each with its line
 * number in the file (the header is line 1) and a `fail` that records the row
 * as skipped with a reason. Rows the parser could not read are reported here
 * and not yielded.
 */
export function* csvRows<T extends Record<string, string>>(
  parsed: ParseResult<T>,
  report: RowReport,
): Generator<{ row: number; raw: Partial<T>; fail: (message: string) => void }> {
  const malformed = new Map<number, string>();
  for (const e of parsed.errors) if (typeof e.row === "number") malformed.set(e.row, e.message);
  for (let i = 0; i < parsed.data.length; i++) {
    const row = i + 2;
    const fail = (message: string) => {
      report.skipped++;
      report.errors.push({ row, message });
    };
    const problem = malformed.get(i);
    if (problem !== undefined) {
      fail(`Malformed row: ${problem}`);
      continue;
    }
    yield { row, raw: parsed.data[i] ?? {}, fail };
  }
}
