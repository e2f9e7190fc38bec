import { useEffect, useRef, useState } from "preact/hooks";
import type { Translate } from "../../i18n";
import { renderMarkdown } from "../../lib/markdown";
import type { Chat, ChatState, Item } from "../chat";
import type { WidgetConfig } from "../config";
import { Attachments, Rich } from "./Rich";

interface Props {
  chat: Chat;
  state: ChatState;
  config: WidgetConfig;
  t: Translate;
}

export function MessageList({ chat, state, config, t }: Props) {
  const log = useRef<HTMLDivElement>(null);
  const items = state.items.slice().sort((a, b) => a.order - b.order);
  // The server may store the greeting as the first bot message; show it once.
  const greetingStored = items.some((i) => i.role === "bot" && i.text === config.greeting);
  const lastFromThem = [...items].reverse().find((i) => i.kind === "message" && i.role !== "system");

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [state.items, state.typing]);

  return (
    <div class="body" ref={log}>
      <div class="log" role="log" aria-live="polite" aria-label={t("messages")}>
        {config.greeting && !greetingStored && <Bubble item={{ key: "greeting", order: 0, kind: "message", role: "bot", author: config.name, text: config.greeting, delivery: "done" }} chat={chat} t={t} />}
        {items.map((item) =>
          item.kind === "notice" ? (
            <p key={item.key} class="note">
              {item.text}
            </p>
          ) : (
            <Bubble key={item.key} item={item} chat={chat} t={t} quickReplies={item === lastFromThem} />
          ),
        )}
      </div>
      {state.typing && (
        <p class="typing" aria-live="polite">
          <span class="dots" aria-hidden="true"><i /><i /><i /></span>
          {t(state.typing.role === "agent" ? "typingAgent" : "typingBot", { name: state.typing.name ?? (state.typing.role === "bot" ? config.name : state.agent?.name ?? "") })}
        </p>
      )}
      {state.queue && !state.agent && (
        <p class="conn" role="status">
          {t("queuePosition", { n: state.queue.position, min: Math.max(1, Math.round(state.queue.waitSeconds / 60)) })}
        </p>
      )}
      {state.conn === "retrying" && state.retryInMs > 1500 && (
        <p class="conn" role="status">
          {t("connectionLost", { s: Math.ceil(state.retryInMs / 1000) })}
        </p>
      )}
    </div>
  );
}

function Bubble({ item, chat, t, quickReplies }: { item: Item; chat: Chat; t: Translate; quickReplies?: boolean }) {
  const mine = item.role === "visitor";
  return (
    <div class={`m ${mine ? "me" : "them"} ${item.role}`} data-role={item.role} data-delivery={item.delivery}>
      {!mine && item.author && <span class="au">{item.author}</span>}
      {item.text && (
        <div class="bub">
          {mine ? item.text : renderMarkdown(item.text)}
          {item.delivery === "streaming" && <span class="cur" aria-hidden="true" />}
        </div>
      )}
      {item.attachments?.length ? <Attachments list={item.attachments} api={chat.apiBase} /> : null}
      {item.rich && <Rich rich={item.rich} chat={chat} quickReplies={!!quickReplies} />}
      {mine && <Ticks item={item} chat={chat} t={t} />}
      {item.role === "bot" && item.id && item.delivery === "done" && <Vote id={item.id} chat={chat} t={t} />}
    </div>
  );
}

function Ticks({ item, chat, t }: { item: Item; chat: Chat; t: Translate }) {
  if (item.delivery === "failed")
    return (
      <button type="button" class="fail" onClick={() => item.clientId && chat.retry(item.clientId)}>
        {t("failed")}
      </button>
    );
  const label = item.delivery === "read" ? t("read") : item.delivery === "sent" ? t("sent") : t("sending");
  const mark = item.delivery === "read" ? "✓✓" : item.delivery === "sent" ? "✓" : "•";
  return (
    <span class={`tick ${item.delivery}`} title={label} aria-label={label}>
      {mark}
    </span>
  );
}

function Vote({ id, chat, t }: { id: string; chat: Chat; t: Translate }) {
  const [voted, setVoted] = useState(false);
  if (voted) return <span class="vote">{t("feedbackThanks")}</span>;
  const vote = (helpful: boolean) => {
    setVoted(true);
    chat.vote(id, helpful).catch(() => setVoted(false));
  };
  return (
    <span class="vote">
      <button type="button" aria-label={t("helpful")} title={t("helpful")} onClick={() => vote(true)}>
        👍
      </button>
      <button type="button" aria-label={t("notHelpful")} title={t("notHelpful")} onClick={() => vote(false)}>
        👎
      </button>
    </span>
  );
}
