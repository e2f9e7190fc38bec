import type { Attachment, RichButton, RichContent } from "../../../../durable-objects/protocol";
import { safeHref } from "../../lib/markdown";
import type { Chat } from "../chat";

function formatPrice(p: { amount: number; currency: string }) {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: p.currency }).format(p.amount / 100);
  } catch {
    return `${(p.amount / 100).toFixed(2)} ${p.currency}`;
  }
}

function Button({ b, chat }: { b: RichButton; chat: Chat }) {
  if (b.action === "open_url") {
    const href = safeHref(b.value);
    return href ? (
      <a class="rb" href={href} target="_blank" rel="noopener noreferrer nofollow">
        {b.label}
      </a>
    ) : null;
  }
  if (b.action === "add_to_cart") {
    return (
      <button type="button" class="rb" onClick={() => chat.addToCart(b.value).catch(() => undefined)}>
        {b.label}
      </button>
    );
  }
  return (
    <button type="button" class="rb" onClick={() => chat.send(b.label, { richReply: b.value })}>
      {b.label}
    </button>
  );
}

/** Images only from the API's own (signed) URLs; anything else is a plain link. */
function ownUrl(url: string, api: string): string | null {
  try {
    const u = new URL(url, api);
    return u.origin === api ? u.href : null;
  } catch {
    return null;
  }
}

export function Attachments({ list, api }: { list: Attachment[]; api: string }) {
  return (
    <div class="att">
      {list.map((a, i) => {
        const url = a.url ? ownUrl(a.url, api) : null;
        if (url && /^image\/(png|jpe?g|gif|webp)$/.test(a.content_type))
          return (
            <a key={i} href={url} target="_blank" rel="noopener noreferrer">
              <img src={url} alt={a.name} loading="lazy" />
            </a>
          );
        const href = url ?? (a.url ? safeHref(a.url) : null);
        return href ? (
          <a key={i} class="file" href={href} target="_blank" rel="noopener noreferrer nofollow">
            {a.name}
          </a>
        ) : (
          <span key={i} class="file">{a.name}</span>
        );
      })}
    </div>
  );
}

export function Rich({ rich, chat, quickReplies }: { rich: RichContent; chat: Chat; quickReplies: boolean }) {
  return (
    <>
      {rich.cards?.length ? (
        <div class="cards">
          {rich.cards.map((c, i) => {
            const img = c.image_url ? safeHref(c.image_url) : null;
            return (
              <div class="card" key={i}>
                {img && (img.startsWith("https:") || ownUrl(img, chat.apiBase)) && <img src={img} alt="" loading="lazy" />}
                <strong>{c.title}</strong>
                {c.subtitle && <span>{c.subtitle}</span>}
                {c.price && <span class="price">{formatPrice(c.price)}</span>}
                {c.buttons?.map((b, j) => <Button key={j} b={b} chat={chat} />)}
              </div>
            );
          })}
        </div>
      ) : null}
      {rich.buttons?.length ? (
        <div class="btns">
          {rich.buttons.map((b, i) => (
            <Button key={i} b={b} chat={chat} />
          ))}
        </div>
      ) : null}
      {quickReplies && rich.quick_replies?.length ? (
        <div class="qr">
          {rich.quick_replies.map((q, i) => (
            <button type="button" key={i} onClick={() => chat.send(q, { richReply: q })}>
              {q}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}
