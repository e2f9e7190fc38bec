import { t as tr, useI18n, type MessageKey } from "../../i18n";
import { timeAgo } from "../../lib/format";
import type { ConversationItem, CustomerMatch, SearchHit } from "./types";
import { STATUS_LABELS } from "./types";
import { Stars } from "./Outcome";

export const STATUS_TABS = [
  { key: "open", label: "inbox.tab.open", statuses: "active,waiting,escalated,agent_handling" },
  { key: "escalated", label: "inbox.tab.escalated", statuses: "escalated" },
  { key: "mine", label: "inbox.tab.mine", statuses: "" },
  { key: "resolved", label: "inbox.tab.resolved", statuses: "resolved" },
  { key: "all", label: "inbox.tab.all", statuses: "" },
] as const;
export type TabKey = (typeof STATUS_TABS)[number]["key"];

const ROLE_KEYS: Record<string, MessageKey> = { visitor: "inbox.role.visitor", bot: "inbox.role.bot", agent: "inbox.role.agent", system: "inbox.role.system" };

export function StatusBadge({ status }: { status: ConversationItem["status"] }) {
  const { t } = useI18n();
  const tone = status === "escalated" ? "badge-danger" : status === "agent_handling" ? "badge-primary" : status === "resolved" ? "badge-success" : "";
  return (
    <span class={`badge ${tone}`} data-testid="status-badge" data-status={status}>
      {STATUS_LABELS[status] ? t(STATUS_LABELS[status]) : status}
    </span>
  );
}

export function visitorLabel(v: { name: string | null; email: string | null; id: string }) {
  return v.name || v.email || tr("inbox.visitorFallback", { id: v.id.slice(-5) });
}

export function ConversationList(props: {
  items: ConversationItem[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  loading: boolean;
  hasMore: boolean;
  onMore: () => void;
}) {
  const { t } = useI18n();
  if (!props.loading && props.items.length === 0) {
    return <div class="inbox-empty muted">{t("inbox.empty")}</div>;
  }
  return (
    <ul class="conv-list" data-testid="conversation-list">
      {props.items.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            class={`conv-row${c.id === props.selectedId ? " selected" : ""}${c.unread_count > 0 ? " unread" : ""}`}
            data-testid="conversation-row"
            data-id={c.id}
            data-unread={c.unread_count > 0 ? "true" : "false"}
            onClick={() => props.onSelect(c.id)}
          >
            <div class="conv-row-top">
              <span class="conv-name">{visitorLabel(c.visitor)}</span>
              <span class="muted small">{timeAgo(c.last_message_at ?? c.created_at)}</span>
            </div>
            <div class="conv-preview">{c.last_message_preview ?? <em class="muted">{t("inbox.noMessagesYet")}</em>}</div>
            <div class="conv-row-bottom">
              <StatusBadge status={c.status} />
              {c.channel && c.channel !== "web" && <ChannelBadge channel={c.channel} />}
              {c.mode === "human" && c.assigned_agent && <span class="muted small">{c.assigned_agent.name}</span>}
              {c.tags.slice(0, 3).map((t) => (
                <span key={t} class="tag-chip small">
                  #{t}
                </span>
              ))}
              {c.satisfaction_rating !== null && <Stars rating={c.satisfaction_rating} />}
              {c.unread_count > 0 && <span class="unread-count">{c.unread_count}</span>}
            </div>
          </button>
        </li>
      ))}
      {props.hasMore && (
        <li>
          <button type="button" class="btn btn-ghost btn-sm btn-block" onClick={props.onMore} disabled={props.loading}>
            {t("inbox.loadMore")}
          </button>
        </li>
      )}
    </ul>
  );
}

export function SearchResults(props: { hits: SearchHit[]; customers: CustomerMatch[]; onSelect: (id: string) => void; query: string }) {
  const { t } = useI18n();
  if (props.hits.length === 0 && props.customers.length === 0) return <div class="inbox-empty muted">{t("inbox.noMatches", { query: props.query })}</div>;
  return (
    <ul class="conv-list" data-testid="search-results">
      {props.customers.map((c) => (
        <li key={`v-${c.conversation_id}`}>
          <button type="button" class="conv-row" data-testid="search-customer" onClick={() => props.onSelect(c.conversation_id)}>
            <div class="conv-row-top">
              <span class="conv-name">{c.visitor_name || c.visitor_email || t("inbox.visitor")}</span>
              <span class="muted small">{timeAgo(c.last_message_at)}</span>
            </div>
            <div class="conv-preview">{c.visitor_email ?? c.last_message_preview}</div>
          </button>
        </li>
      ))}
      {props.hits.map((h) => (
        <li key={h.message_id}>
          <button type="button" class="conv-row" data-testid="search-hit" onClick={() => props.onSelect(h.conversation_id)}>
            <div class="conv-row-top">
              <span class="conv-name">{h.conversation.visitor_name || h.conversation.visitor_email || t("inbox.visitor")}</span>
              <span class="muted small">{timeAgo(h.created_at)}</span>
            </div>
            <div class="conv-preview">
              <span class="muted small">{ROLE_KEYS[h.role] ? t(ROLE_KEYS[h.role]) : h.role}: </span>
              {h.highlights.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
            </div>
          </button>
        </li>
      ))}
    </ul>
  );
}

export const CHANNEL_NAMES: Record<string, string> = { line: "LINE", telegram: "Telegram", messenger: "Messenger", instagram: "Instagram", whatsapp: "WhatsApp", email: "Email" }; // i18n-ignore

/** The messaging channel a conversation came from (brand names, not translated). */
function ChannelBadge({ channel }: { channel: string }) {
  return (
    <span class={`channel-badge channel-${channel}`} data-testid="channel-badge" data-channel={channel}>
      {CHANNEL_NAMES[channel] ?? channel}
    </span>
  );
}
