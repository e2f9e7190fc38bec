import { useEffect, useRef, useState } from "preact/hooks";
import { renderMarkdown } from "../../../../widget/src/lib/markdown";
import { formatDateTime } from "../../lib/format";
import { signedAttachmentHref } from "./attachment-url";
import { Composer } from "./Composer";
import { StatusBadge, visitorLabel } from "./ConversationList";
import type { AttachmentRef, CannedResponse, ConversationDetail, Member, ThreadMessage } from "./types";

const ROLE_LABEL: Record<ThreadMessage["role"], string> = { visitor: "Visitor", bot: "Bot", agent: "Agent", system: "" };

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

export function MessageView({ m }: { m: ThreadMessage }) {
  if (m.role === "system") {
    return (
      <div class="msg msg-system" data-testid="message" data-role="system">
        {m.text}
      </div>
    );
  }
  return (
    <div class={`msg msg-${m.role}${m.pending ? " pending" : ""}`} data-testid="message" data-role={m.role}>
      <div class="msg-meta small muted">
        {m.author.name || ROLE_LABEL[m.role]} · {formatDateTime(m.created_at)}
      </div>
      <div class="msg-body">{renderMarkdown(m.text)}</div>
      {m.attachments && m.attachments.length > 0 && <Attachments items={m.attachments} />}
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
  const d = props.detail;
  const bottom = useRef<HTMLDivElement>(null);
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
    ? "Viewers can read conversations but cannot reply."
    : closed
      ? "This conversation is closed. Reopen it to reply."
      : d.mode === "human" && !mine && d.assigned_agent
        ? `${d.assigned_agent.name} is handling this conversation.`
        : null;

  return (
    <div class="thread" data-testid="thread">
      <header class="thread-header">
        <div>
          <h2>{visitorLabel(d.visitor)}</h2>
          <div class="row small">
            <StatusBadge status={d.status} />
            <span class="muted" data-testid="conversation-mode">
              {d.mode === "human" ? `Human${d.assigned_agent ? ` · ${d.assigned_agent.name}` : ""}` : `Bot (${d.bot_mode})`}
            </span>
          </div>
        </div>
        {props.canRespond && (
          <div class="row thread-actions">
            {!closed && d.mode !== "human" && (
              <button type="button" class="btn btn-primary btn-sm" data-testid="takeover-button" disabled={props.busy} onClick={() => void props.onAction("takeover")}>
                Take over
              </button>
            )}
            {!closed && d.mode === "human" && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="return-to-ai-button" disabled={props.busy} onClick={() => void props.onAction("return-to-ai")}>
                Return to bot
              </button>
            )}
            {!closed && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="transfer-button" disabled={props.busy} onClick={() => setTransferring((v) => !v)}>
                Transfer
              </button>
            )}
            {!closed && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="resolve-button" disabled={props.busy} onClick={() => setResolving((v) => !v)}>
                Resolve
              </button>
            )}
            {closed && d.status !== "archived" && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="reopen-button" disabled={props.busy} onClick={() => void props.onAction("reopen")}>
                Reopen
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
          <textarea class="textarea" placeholder="Resolution note (optional)" value={resolutionNote} onInput={(e) => setResolutionNote((e.currentTarget as HTMLTextAreaElement).value)} />
          <input class="input" placeholder="Tags, comma separated" value={resolutionTags} onInput={(e) => setResolutionTags((e.currentTarget as HTMLInputElement).value)} />
          <div class="row">
            <span class="spacer" />
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setResolving(false)}>
              Cancel
            </button>
            <button type="submit" class="btn btn-primary btn-sm" data-testid="resolve-confirm" disabled={props.busy}>
              Resolve
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
            <option value="">Choose an agent…</option>
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
              Cancel
            </button>
            <button type="submit" class="btn btn-primary btn-sm" disabled={!transferTo || props.busy}>
              Transfer
            </button>
          </div>
        </form>
      )}

      <div class="thread-messages" data-testid="thread-messages">
        {d.messages_page.has_more_before && (
          <button type="button" class="btn btn-link small" onClick={props.onLoadOlder}>
            Load earlier messages
          </button>
        )}
        {props.messages.map((m) => (
          <MessageView key={m.id} m={m} />
        ))}
        {props.visitorTyping && (
          <div class="typing small muted" data-testid="visitor-typing">
            Visitor is typing…
          </div>
        )}
        <div ref={bottom} />
      </div>

      {!disabledReason && d.mode !== "human" && <p class="composer-hint small muted">The bot is answering. Replying takes the conversation over.</p>}
      <Composer conversationId={d.id} disabledReason={disabledReason} canned={props.canned} onSend={props.onSend} onTyping={props.onTyping} />
    </div>
  );
}
