/** Where a quoted original starts: "On … wrote:" (also Thai Gmail's "เมื่อ … เขียนว่า:"), "-----Original Message", Outlook's "____" + "From:", "> …". */
const QUOTE_START = [/^On .+wrote:\s*$/, /^เมื่อ.+เขียนว่า:?\s*$/, /^-{2,}\s*Original Message/i, /^_{8,}\s*$/, /^>/];

/** The new part of a reply: everything above the quoted original. */
export function newPart(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (QUOTE_START.some((re) => re.test(line))) break;
    // a long "On …, Name <address>" wrapped before "wrote:"
    if (/^On .+/.test(line) && /^.{0,80}wrote:\s*$/.test(lines[i + 1] ?? "")) break;
    kept.push(line);
  }
  return kept.join("\n").trim();
}

/** The readable text of an HTML-only email. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
