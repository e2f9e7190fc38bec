/** "590" / "590.5" / "590.50" → 59050 minor units; null when it is not a plain amount with at most 2 decimals. */
export function parseMajorAmount(raw: string): number | null {
  const m = raw.trim().replace(/,/g, "").match(/^(\d{1,11})(?:\.(\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** 59050 → "590.00" (two decimals, no grouping): the form CSVs and the PromptPay amount use. */
export function formatMajorAmount(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
