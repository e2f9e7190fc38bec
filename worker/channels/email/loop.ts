/**
 * Mail that must never open a conversation or get an answer: automatic
 * replies (Auto-Submitted other than "no", X-Autoreply, out-of-office
 * suppressors), bulk and list mail (Precedence bulk/junk/list, List-Id),
 * bounces (empty envelope sender, mailer-daemon, postmaster) and our own
 * mail coming back. Answering any of them can start a mail loop.
 */
export function automatedReason(headers: (name: string) => string | undefined, envelopeFrom: string, from: string, ownAddresses: string[], ownDomain: string | null): string | null {
  const auto = headers("auto-submitted")?.trim().toLowerCase();
  if (auto && auto !== "no") return `Auto-Submitted: ${auto}`;
  if (headers("x-autoreply") || headers("x-autorespond")) return "automatic reply";
  const precedence = headers("precedence")?.trim().toLowerCase();
  if (precedence && /^(bulk|junk|list|auto_reply)$/.test(precedence)) return `Precedence: ${precedence}`;
  if (headers("list-id") || headers("list-unsubscribe")) return "mailing list";
  const sender = envelopeFrom.trim().replace(/^<|>$/g, "");
  if (!sender) return "bounce (empty sender)";
  for (const address of [sender.toLowerCase(), from]) {
    const local = address.split("@")[0] ?? "";
    if (/^(mailer-daemon|postmaster)$/.test(local)) return "bounce";
    if (ownAddresses.includes(address) || (ownDomain && address.endsWith(`@${ownDomain}`))) return "our own mail";
  }
  return null;
}
