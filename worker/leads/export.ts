import type { Call } from "../lib/service";
import { listLeads, type ListLeadsInput } from "./leads";

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  // a leading = + - @ would run as a formula in a spreadsheet
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The leads matching the list's filters as CSV (up to 5,000 rows), value in major units. */
export async function exportLeadsCsv({ ctx, input }: Call<Omit<ListLeadsInput, "cursor" | "limit">>): Promise<string> {
  const head = ["id", "title", "stage", "value", "currency", "source", "contact_name", "contact_email", "contact_phone", "owner_user_id", "order_id", "conversation_id", "created_at", "closed_at"];
  const lines = [head.join(",")];
  let cursor: string | undefined;
  for (let n = 0; n < 50; n++) {
    const page = await listLeads({ ctx, input: { ...input, cursor, limit: 100 } });
    for (const l of page.data) {
      lines.push([
        l.id, l.title, l.stage, l.value === null ? "" : (l.value / 100).toFixed(2), l.currency, l.source, l.contact?.name, l.contact?.email, l.contact?.phone,
        l.owner_user_id, l.order_id, l.conversation_id, l.created_at, l.closed_at,
      ].map(cell).join(","));
    }
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return lines.join("\r\n") + "\r\n";
}
