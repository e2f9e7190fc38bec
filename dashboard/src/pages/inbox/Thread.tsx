import { useEffect, useRef, useState } from "preact/hooks";
import { renderMarkdown } from "../../../../widget/src/lib/markdown";
import { useI18n, type MessageKey } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { signedAttachmentHref } from "./attachment-url";
import { Composer } from "./Composer";
import { StatusBadge, visitorLabel } from "./ConversationList";
import { useDeliveries, type Delivery } from "./deliveries";
import { ReplyWindowNotice, TemplatePicker, useReplyWindow, useWindowReason } from "./ReplyWindow";
import type { AttachmentRef, CannedResponse, ConversationDetail, Member, ThreadMessage } from "./types";

const ROLE_LABEL: Record<ThreadMessage["role"], MessageKey> = { visitor: "inbox.role.visitor", bot: "inbox.role.bot", agent: "inbox.role.agent", system: "inbox.role.system" };
const BOT_MODE: Record<ConversationDetail["bot_mode"], MessageKey> = { active: "thread.botMode.active", passive: "thread.botMode.passive", off: "thread.botMode.off" };

/** Only links the server signed are rendered; anything else shows the file name alone. */
function Attachments({ items }: { items: AttachmentRef[] }) {
  return (
    <div class="msg-attachments">
      {items.map((a, i) => {
        const href = signedAttachmentHref(a.url, location.origin);
        if (!href)
          return (
            <span key={i} class="tag-chip">
              📄 {a.name}
            </span>
          );
        return /^image\/(png|jpeg|gif|webp)$/.test(a.content_type) ? (
          <a key={i} href={href} target="_blank" rel="noopener noreferrer">
            <img src={href} alt={a.name} class="msg-image" loading="lazy" />
          </a>
        ) : (
          <a key={i} href={href} target="_blank" rel="noopener noreferrer" class="tag-chip">
            📄 {a.name}
          </a>
        );
      })}
    </div>
  );
}

const DELIVERY_LABEL: Record<Delivery["status"], MessageKey> = {
  pending: "channels.delivery.sending",
  sending: "channels.delivery.sending",
  retrying: "channels.delivery.retrying",
  sent: "channels.delivery.sent",
  delivered: "channels.delivery.delivered",
  read: "channels.delivery.read",
  failed: "channels.delivery.failed",
};

/** Sent / failed (with the provider's error) under a message that went out to a messaging channel. */
function DeliveryState({ d }: { d: Delivery }) {
  const { t } = useI18n();
  return (
    <div class={`msg-delivery small delivery-${d.status}`} data-testid="message-delivery" data-status={d.status} title={d.error ?? undefined}>
      {d.status === "failed" && d.error ? t("channels.delivery.failedWhy", { error: d.error }) : t(DELIVERY_LABEL[d.status])}
      {d.status === "retrying" && d.error && <span> — {d.error}</span>}
    </div>
  );
}

export function MessageView({ m, delivery }: { m: ThreadMessage; delivery?: Delivery | undefined }) {
  const { t } = useI18n();
  if (m.role === "system") {
    return (
      <div class="msg msg-system" data-testid="message" data-role="system">
        {m.text}
        {delivery && <DeliveryState d={delivery} />}
      </div>
    );
  }
  return (
    <div class={`msg msg-${m.role}${m.pending ? " pending" : ""}`} data-testid="message" data-role={m.role}>
      <div class="msg-meta small muted">
        {m.author.name || t(ROLE_LABEL[m.role])} · {formatDateTime(m.created_at)}
      </div>
      <div class="msg-body">{renderMarkdown(m.text)}</div>
      {m.attachments && m.attachments.length > 0 && <Attachments items={m.attachments} />}
      {delivery && <DeliveryState d={delivery} />}
    </div>
  );
}

type Action = "takeover" | "return-to-ai" | "resolve" | "reopen" | "transfer";

export function Thread(props: {
  detail: ConversationDetail;
  messages: ThreadMessage[];
  visitorTyping: boolean;
  canRespond: boolean;
  meId: string | null;
  members: Member[];
  canned: CannedResponse[];
  busy: boolean;
  onAction: (action: Action, body?: Record<string, unknown>) => Promise<void>;
  onSend: (text: string, attachments: AttachmentRef[]) => Promise<void>;
  onTyping: (typing: boolean) => void;
  onLoadOlder: () => void;
}) {
  const { t } = useI18n();
  const d = props.detail;
  const bottom = useRef<HTMLDivElement>(null);
  const deliveries = useDeliveries(d.id, d.channel, props.messages);
  const replyWindow = useReplyWindow(d.id, d.channel, props.messages.filter((m) => m.role === "visitor").length);
  const windowReason = useWindowReason(replyWindow);
  const [resolving, setResolving] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [resolutionNote, setResolutionNote] = useState("");
  const [resolutionTags, setResolutionTags] = useState("");
  const [transferTo, setTransferTo] = useState("");

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [props.messages.length, d.id]);

  const mine = d.assigned_agent_id !== null && d.assigned_agent_id === props.meId;
  const closed = d.status === "resolved" || d.status === "archived" || d.status === "abandoned";
  const disabledReason = !props.canRespond
    ? t("thread.viewerCannotReply")
    : closed
      ? t("thread.closedReopen")
      : d.mode === "human" && !mine && d.assigned_agent
        ? t("thread.handledBy", { name: d.assigned_agent.name })
        : null;

  return (
    <div class="thread" data-testid="thread">
      <header class="thread-header">
        <div>
          <h2>{visitorLabel(d.visitor)}</h2>
          <div class="row small">
            <StatusBadge status={d.status} />
            <span class="muted" data-testid="conversation-mode">
              {d.mode === "human"
                ? d.assigned_agent
                  ? t("thread.modeHumanWith", { name: d.assigned_agent.name })
                  : t("thread.modeHuman")
                : t("thread.modeBot", { mode: t(BOT_MODE[d.bot_mode]) })}
            </span>
          </div>
        </div>
        {props.canRespond && (
          <div class="row thread-actions" role="group" aria-label={t("thread.actions")}>
            {!closed && d.mode !== "human" && (
              <button type="button" class="btn btn-primary btn-sm" data-testid="takeover-button" disabled={props.busy} onClick={() => void props.onAction("takeover")}>
                {t("thread.takeover")}
              </button>
            )}
            {!closed && d.mode === "human" && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="return-to-ai-button" disabled={props.busy} onClick={() => void props.onAction("return-to-ai")}>
                {t("thread.returnToBot")}
              </button>
            )}
            {!closed && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="transfer-button" disabled={props.busy} onClick={() => setTransferring((v) => !v)}>
                {t("thread.transfer")}
              </button>
            )}
            {!closed && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="resolve-button" disabled={props.busy} onClick={() => setResolving((v) => !v)}>
                {t("thread.resolve")}
              </button>
            )}
            {closed && d.status !== "archived" && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="reopen-button" disabled={props.busy} onClick={() => void props.onAction("reopen")}>
                {t("thread.reopen")}
              </button>
            )}
          </div>
        )}
      </header>

      {resolving && (
        <form
          class="inline-panel"
          data-testid="resolve-form"
          onSubmit={(e) => {
            e.preventDefault();
            const tags = resolutionTags.split(",").map((t) => t.trim().toLowerCase().replace(/\s+/g, "-")).filter(Boolean);
            void props.onAction("resolve", { note: resolutionNote.trim() || undefined, tags: tags.length ? tags : undefined }).then(() => setResolving(false));
          }}
        >
          <textarea class="textarea" placeholder={t("thread.resolutionNote")} value={resolutionNote} onInput={(e) => setResolutionNote((e.currentTarget as HTMLTextAreaElement).value)} />
          <input class="input" placeholder={t("thread.tagsComma")} value={resolutionTags} onInput={(e) => setResolutionTags((e.currentTarget as HTMLInputElement).value)} />
          <div class="row">
            <span class="spacer" />
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setResolving(false)}>
              {t("common.cancel")}
            </button>
            <button type="submit" class="btn btn-primary btn-sm" data-testid="resolve-confirm" disabled={props.busy}>
              {t("thread.resolve")}
            </button>
          </div>
        </form>
      )}

      {transferring && (
        <form
          class="inline-panel"
          data-testid="transfer-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (transferTo) void props.onAction("transfer", { agent_id: transferTo }).then(() => setTransferring(false));
          }}
        >
          <select class="select input" data-testid="transfer-agent" value={transferTo} onChange={(e) => setTransferTo((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t("thread.chooseAgent")}</option>
            {props.members
              .filter((m) => m.role !== "viewer" && (m.user_id ?? m.id) !== props.meId)
              .map((m) => (
                <option key={m.user_id ?? m.id} value={m.user_id ?? m.id}>
                  {m.name} ({m.email})
                </option>
              ))}
          </select>
          <div class="row">
            <span class="spacer" />
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setTransferring(false)}>
              {t("common.cancel")}
            </button>
            <button type="submit" class="btn btn-primary btn-sm" disabled={!transferTo || props.busy}>
              {t("thread.transfer")}
            </button>
          </div>
        </form>
      )}

      <div class="thread-messages" data-testid="thread-messages">
        {d.messages_page.has_more_before && (
          <button type="button" class="btn btn-link small" onClick={props.onLoadOlder}>
            {t("thread.loadEarlier")}
          </button>
        )}
        {props.messages.map((m) => (
          <MessageView key={m.id} m={m} delivery={deliveries.get(m.id)} />
        ))}
        {props.visitorTyping && (
          <div class="typing small muted" data-testid="visitor-typing">
            {t("thread.visitorTyping")}
          </div>
        )}
        <div ref={bottom} />
      </div>

      {!disabledReason && d.mode !== "human" && <p class="composer-hint small muted">{t("thread.botAnswering")}</p>}
      {!disabledReason && replyWindow && <ReplyWindowNotice w={replyWindow} />}
      {!disabledReason && replyWindow?.templates_required && <TemplatePicker conversationId={d.id} templates={replyWindow.templates} />}
      <Composer conversationId={d.id} disabledReason={disabledReason ?? windowReason} canned={props.canned} onSend={props.onSend} onTyping={props.onTyping} />
    </div>
  );
}
