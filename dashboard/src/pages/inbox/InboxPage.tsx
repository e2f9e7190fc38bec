import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ConversationSummary, HubFrame, ServerFrame } from "../../../../durable-objects/protocol";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { RoutingStatus } from "./RoutingStatus";
import { listOf } from "../../lib/useResource";
import { alertAgent, askNotificationPermission, notificationsSupported } from "./alerts";
import { emitNotification } from "../../lib/notifyBus";
import { CHANNEL_NAMES, ConversationList, STATUS_TABS, SearchResults, type TabKey, visitorLabel } from "./ConversationList";
import { CustomerPanel } from "./CustomerPanel";
import { useLiveSocket } from "./sockets";
import { Thread } from "./Thread";
import type { AttachmentRef, CannedResponse, ConversationDetail, CustomerMatch, ConversationItem, ConversationStatus, Member, SearchHit, ThreadMessage } from "./types";
import "./inbox.css";

interface ListResponse {
  data: ConversationItem[];
  next_cursor: string | null;
  has_more: boolean;
}

/** The list's query for a tab and a channel ("" = every channel). */
function tabQuery(tab: TabKey, channel = ""): Record<string, string> {
  const t = STATUS_TABS.find((x) => x.key === tab)!;
  const q: Record<string, string> = tab === "mine" ? { assigned_agent_id: "me", status: "active,waiting,escalated,agent_handling" } : t.statuses ? { status: t.statuses } : {};
  return channel ? { ...q, channel } : q;
}

function matchesTab(tab: TabKey, c: Pick<ConversationItem, "status" | "assigned_agent_id"> & { channel?: string | null }, meId: string | null, channel = ""): boolean {
  const q = tabQuery(tab, channel);
  if (q.status && !q.status.split(",").includes(c.status)) return false;
  if (q.assigned_agent_id === "me" && c.assigned_agent_id !== meId) return false;
  if (q.channel && (c.channel ?? "web") !== q.channel) return false;
  return true;
}

/** The channels the list can be narrowed to (web first, then the messaging channels). */
const CHANNEL_FILTERS = ["web", ...Object.keys(CHANNEL_NAMES)];

/** A row for the list from the hub's summary of a new conversation. */
function itemFromSummary(c: ConversationSummary): ConversationItem {
  return {
    id: c.id,
    chatbot_id: c.chatbot_id,
    status: c.status,
    mode: c.mode,
    bot_mode: c.bot_mode,
    visitor: { id: c.visitor_id, name: null, email: null },
    assigned_agent_id: c.assigned_agent_id,
    assigned_agent: null,
    subject: null,
    last_message_preview: c.last_message_preview,
    last_message_at: c.last_message_at,
    message_count: c.message_count,
    unread_count: 0,
    tags: [],
    satisfaction_rating: null,
    has_notes: false,
    created_at: c.created_at,
    channel: c.channel ?? "web",
    escalation_reason: null,
    updated_at: c.created_at,
    resolved_at: null,
  };
}

/** On a narrow screen the inbox shows one pane at a time: the list, the thread, or the customer panel. */
type Pane = "list" | "thread" | "panel";

function mergeMessages(list: ThreadMessage[], incoming: ThreadMessage): ThreadMessage[] {
  const i = list.findIndex((m) => m.id === incoming.id);
  if (i >= 0) {
    const next = list.slice();
    next[i] = { ...incoming, pending: false };
    return next;
  }
  return [...list, incoming].sort((a, b) => (a.seq || Number.MAX_SAFE_INTEGER) - (b.seq || Number.MAX_SAFE_INTEGER));
}

/**
 * A reloaded page of the thread, keeping what the page cannot know yet: the
 * reload may have been read before a message the socket or a send has just
 * added (a takeover reloads while the agent is already typing), so messages
 * newer than the page, and sends still waiting for their reply, stay.
 */
function withNewer(page: ThreadMessage[], current: ThreadMessage[]): ThreadMessage[] {
  const ids = new Set(page.map((m) => m.id));
  const newest = page.reduce((n, m) => Math.max(n, m.seq || 0), 0);
  const newer = current.filter((m) => !ids.has(m.id) && (m.pending || !m.seq || m.seq > newest));
  return newer.reduce(mergeMessages, page);
}

export default function InboxPage() {
  const { user, can } = useAuth();
  const { t } = useI18n();
  const meId = user?.id ?? null;
  const canRespond = can("conversations:respond");
  const isAdmin = user?.role === "owner" || user?.role === "admin";

  const [tab, setTab] = useState<TabKey>("open");
  const [channel, setChannel] = useState("");
  const [items, setItems] = useState<ConversationItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const [query, setQuery] = useState("");
  const [debounced, setDebounced] = useState("");
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [customers, setCustomers] = useState<CustomerMatch[]>([]);

  // `/inbox?c=<id>`, or `/inbox/<id>` as the Orders, Teams and Analytics pages link to a conversation
  const [selectedId, setSelectedId] = useState<string | null>(() => new URLSearchParams(location.search).get("c") ?? (/^\/inbox\/([\w-]+)$/.exec(location.pathname)?.[1] ?? null));
  const [pane, setPane] = useState<Pane>(() => (selectedId ? "thread" : "list"));
  const open = useCallback((id: string) => {
    setSelectedId(id);
    setPane("thread");
  }, []);
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [messages, setMessages] = useState<ThreadMessage[]>([]);
  const [visitorTyping, setVisitorTyping] = useState(false);
  const [busy, setBusy] = useState(false);

  const [members, setMembers] = useState<Member[]>([]);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [presence, setPresence] = useState<"online" | "away">("online");
  const [alertsOn, setAlertsOn] = useState(() => notificationsSupported() && Notification.permission === "granted");
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /**
   * Where the conversation socket resumes: the newest seq of the last REST page
   * (everything up to it is there) or of the socket's own frames, which come in
   * order. Not the newest message shown: a hub frame can add a later message
   * before the page is read, and resuming after it would skip the ones between.
   */
  const resumeSeq = useRef(0);
  const acks = useRef(new Map<string, { resolve: (v: { message_id: string }) => void; reject: (e: Error) => void }>());

  // ── the list ──
  const loadList = useCallback(
    async (more = false) => {
      setLoading(true);
      try {
        const res = await api<ListResponse>("/api/v1/conversations", { query: { ...tabQuery(tab, channel), limit: 30, cursor: more ? cursor : undefined } });
        setItems((prev) => (more ? [...prev, ...res.data.filter((c) => !prev.some((p) => p.id === c.id))] : res.data));
        setCursor(res.next_cursor);
        setHasMore(res.has_more);
        setError(null);
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setLoading(false);
      }
    },
    [tab, channel, cursor],
  );
  useEffect(() => {
    void loadList(false);
  }, [tab, channel]);

  useEffect(() => {
    api<unknown>("/api/v1/members").then((r) => setMembers(listOf<Member>(r)), () => setMembers([]));
    api<{ data: CannedResponse[] }>("/api/v1/canned-responses").then((r) => setCanned(r.data), () => setCanned([]));
  }, []);

  // ── search (debounced) ──
  useEffect(() => {
    const t = setTimeout(() => setDebounced(query.trim()), 300);
    return () => clearTimeout(t);
  }, [query]);
  useEffect(() => {
    if (!debounced) {
      setHits(null);
      return;
    }
    let live = true;
    api<{ data: SearchHit[]; visitor_matches?: CustomerMatch[] }>("/api/v1/conversations/search", { query: { q: debounced, limit: 30 } }).then(
      (r) => {
        if (!live) return;
        setHits(r.data);
        setCustomers(r.visitor_matches ?? []);
      },
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [debounced]);

  // ── the selected conversation ──
  const loadDetail = useCallback(async (id: string) => {
    try {
      const d = await api<ConversationDetail>(`/api/v1/conversations/${id}`);
      if (selectedRef.current !== id) return;
      resumeSeq.current = d.messages.reduce((n, m) => Math.max(n, m.seq || 0), resumeSeq.current);
      setDetail(d);
      setMessages((prev) => withNewer(d.messages, prev));
      setItems((prev) => prev.map((c) => (c.id === id ? { ...c, unread_count: 0 } : c)));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    setDetail(null);
    setMessages([]);
    resumeSeq.current = 0;
    setVisitorTyping(false);
    if (!selectedId) return;
    const url = new URL(location.href);
    url.searchParams.set("c", selectedId);
    history.replaceState(history.state, "", url);
    void loadDetail(selectedId);
  }, [selectedId]);

  const patchItem = (id: string, patch: Partial<Omit<ConversationItem, "visitor">>) => {
    setItems((prev) => {
      const next = prev.map((c) => (c.id === id ? { ...c, ...patch } : c));
      return next.filter((c) => c.id === selectedRef.current || matchesTab(tab, c, meId, channel));
    });
    setDetail((d) => (d && d.id === id ? { ...d, ...patch } : d));
  };

  // ── live: the workspace hub ──
  const hub = useLiveSocket<HubFrame>("/api/v1/realtime/ws", (f) => {
    if (f.type === "inbox:conversation_created") {
      const item = itemFromSummary(f.conversation);
      if (matchesTab(tab, item, meId, channel)) setItems((prev) => (prev.some((p) => p.id === item.id) ? prev : [item, ...prev]));
    } else if (f.type === "inbox:message") {
      const id = f.conversation_id;
      const m: ThreadMessage = f.message;
      const count = f.unread_count;
      const mineOpen = selectedRef.current === id && document.visibilityState === "visible";
      setItems((prev) => {
        const found = prev.find((c) => c.id === id);
        if (!found) {
          void loadList(false);
          return prev;
        }
        const updated = {
          ...found,
          last_message_preview: m.text.slice(0, 140) || found.last_message_preview,
          last_message_at: m.created_at,
          // frames are coalesced per conversation, so the count comes with them
          unread_count: mineOpen ? found.unread_count : typeof count === "number" ? count : m.role === "visitor" ? found.unread_count + 1 : found.unread_count,
        };
        return [updated, ...prev.filter((c) => c.id !== id)];
      });
      if (selectedRef.current === id) setMessages((prev) => mergeMessages(prev, m));
      if (m.role === "visitor") {
        const visitor = items.find((c) => c.id === id)?.visitor;
        alertAgent(visitor ? t("inbox.alert.newMessageFrom", { name: visitorLabel(visitor) }) : t("inbox.alert.newMessage"), m.text, () => open(id));
      }
    } else if (f.type === "inbox:status_changed") {
      patchItem(f.conversation_id, { status: f.to });
      if (!items.some((c) => c.id === f.conversation_id) && matchesTab(tab, { status: f.to, assigned_agent_id: null }, meId)) void loadList(false);
    } else if (f.type === "inbox:assigned") {
      const agent = f.agent;
      patchItem(f.conversation_id, {
        assigned_agent_id: agent?.id ?? null,
        assigned_agent: agent ? { ...agent, email: "" } : null,
        mode: agent ? "human" : "bot",
      });
    } else if (f.type === "inbox:escalated") {
      const id = f.conversation_id;
      patchItem(id, { status: "escalated" });
      if (!items.some((c) => c.id === id)) void loadList(false);
      alertAgent(f.visitor_name ? t("inbox.alert.escalationOf", { name: f.visitor_name }) : t("inbox.alert.escalation"), f.preview || f.reason || t("inbox.alert.needsHuman"), () => open(id));
    } else if (f.type === "notification:new") {
      const id = f.conversation_id;
      emitNotification(f);
      if (f.kind === "mention") alertAgent(t("inbox.alert.mentioned", { name: f.author_name }), f.excerpt, () => open(id));
      else if (f.kind === "assignment") alertAgent(t("notify.kind.assignment", { name: f.author_name }), f.excerpt, () => open(id));
    }
  });

  // ── live: the open conversation ──
  // opened once the thread is loaded, from the last seq it has: the socket replays only what came after
  const threadLoaded = Boolean(selectedId && detail?.id === selectedId);
  const conv = useLiveSocket<ServerFrame>(threadLoaded ? `/api/v1/conversations/${selectedId}/ws` : null, (f) => {
    if (f.type === "message:ack" || (f.type === "error" && f.client_id !== undefined)) {
      const waiter = acks.current.get(f.client_id ?? "");
      acks.current.delete(f.client_id ?? "");
      if (f.type === "message:ack") waiter?.resolve({ message_id: f.message_id });
      else waiter?.reject(new Error(f.message || t("inbox.error.refused")));
    } else if (f.type === "hello") {
      // the live state wins over the mirrored row; reload if the thread missed messages
      const agent = f.agent ?? null;
      if (selectedRef.current) {
        patchItem(selectedRef.current, {
          status: f.status,
          mode: f.mode,
          bot_mode: f.bot_mode,
          assigned_agent_id: agent?.id ?? null,
          assigned_agent: agent ? { ...agent, email: "" } : null,
        });
      }
    } else if (f.type === "message:receive") {
      const m: ThreadMessage = f.message;
      resumeSeq.current = Math.max(resumeSeq.current, m.seq || 0);
      setMessages((prev) => mergeMessages(prev, m));
      if (m.role === "visitor") setVisitorTyping(false);
    } else if (f.type === "message:delta") {
      const id = f.message_id;
      setMessages((prev) => {
        const found = prev.find((m) => m.id === id);
        if (found) return prev.map((m) => (m.id === id ? { ...m, text: m.text + f.delta } : m));
        return [...prev, { id, seq: 0, role: "bot", author: {}, text: f.delta, created_at: new Date().toISOString(), pending: true }];
      });
    } else if ((f.type === "typing:start" || f.type === "typing:stop") && f.role === "visitor") {
      setVisitorTyping(f.type === "typing:start");
      clearTimeout(typingTimer.current);
      if (f.type === "typing:start") typingTimer.current = setTimeout(() => setVisitorTyping(false), 8000);
    } else if (f.type === "conversation:status_changed" && selectedRef.current) {
      patchItem(selectedRef.current, { status: f.to });
      void loadDetail(selectedRef.current);
    } else if ((f.type === "agent:joined" || f.type === "agent:left") && selectedRef.current) {
      void loadDetail(selectedRef.current);
    }
  }, () => ({ last_seq: String(resumeSeq.current) }));

  // tell the conversation what the agent has read
  const lastSeq = messages.reduce((n, m) => Math.max(n, m.seq || 0), 0);
  useEffect(() => {
    if (conv.state === "open" && lastSeq > 0 && document.visibilityState === "visible") conv.send({ type: "read", seq: lastSeq });
  }, [conv.state, lastSeq]);

  const setAgentPresence = (status: "online" | "away") => {
    setPresence(status);
    hub.send({ type: "presence:set", status });
  };

  const onAction = async (action: string, body?: Record<string, unknown>) => {
    if (!detail) return;
    setBusy(true);
    try {
      // the reply is the conversation's live state
      const view = await api<Partial<ConversationItem> & { assigned_agent?: { id: string; name: string } | null }>(`/api/v1/conversations/${detail.id}/${action}`, {
        method: "POST",
        body: body ?? {},
      });
      if (view && view.status) {
        patchItem(detail.id, {
          status: view.status,
          ...(view.mode ? { mode: view.mode } : {}),
          ...(view.bot_mode ? { bot_mode: view.bot_mode } : {}),
          assigned_agent_id: view.assigned_agent_id ?? null,
          assigned_agent: view.assigned_agent ? { id: view.assigned_agent.id, name: view.assigned_agent.name, email: "" } : null,
        });
      }
      if (action === "resolve" && Array.isArray(body?.tags)) {
        const fresh = await api<ConversationDetail>(`/api/v1/conversations/${detail.id}`);
        patchItem(detail.id, { tags: fresh.tags });
        setDetail((d) => (d && d.id === fresh.id ? { ...d, internal_notes: fresh.internal_notes, events: fresh.events } : d));
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const onSend = async (text: string, attachments: AttachmentRef[]) => {
    if (!detail) return;
    const clientId = `c_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const optimistic: ThreadMessage = {
      id: clientId,
      seq: 0,
      role: "agent",
      author: { id: meId, name: user?.name ?? null },
      text,
      attachments,
      created_at: new Date().toISOString(),
      pending: true,
    };
    setMessages((prev) => [...prev, optimistic]);
    try {
      if (attachments.length) {
        // files travel on the live frame by the id of the upload (the REST reply takes text only)
        const refs = attachments.flatMap(({ id }) => (id ? [{ id }] : []));
        const ack = new Promise<{ message_id: string }>((resolve, reject) => {
          acks.current.set(clientId, { resolve, reject });
          setTimeout(() => acks.current.has(clientId) && (acks.current.delete(clientId), reject(new Error(t("inbox.error.notConfirmed")))), 10_000);
        });
        if (!conv.send({ type: "message:send", client_id: clientId, text, attachments: refs })) {
          acks.current.delete(clientId);
          throw new Error(t("inbox.error.notConnected"));
        }
        const { message_id } = await ack;
        setMessages((prev) => prev.map((m) => (m.id === clientId ? { ...m, id: message_id } : m)));
        return;
      }
      const res = await api<{ message_id?: string; seq?: number; message?: ThreadMessage }>(`/api/v1/conversations/${detail.id}/messages`, {
        body: { text, client_id: clientId },
      });
      setMessages((prev) => {
        if (res.message) return mergeMessages(prev.filter((m) => m.id !== clientId), res.message);
        const realId = res.message_id;
        if (!realId) return prev;
        // the live socket may already have delivered it
        if (prev.some((m) => m.id === realId)) return prev.filter((m) => m.id !== clientId);
        return prev.map((m) => (m.id === clientId ? { ...m, id: realId, seq: res.seq ?? 0, pending: false } : m));
      });
    } catch (err) {
      setMessages((prev) => prev.filter((m) => m.id !== clientId));
      throw err;
    }
  };

  const onTyping = (typing: boolean) => conv.send({ type: typing ? "typing:start" : "typing:stop" });

  const loadOlder = async () => {
    if (!detail) return;
    const first = messages.find((m) => m.seq > 0);
    if (!first) return;
    const older = await api<ConversationDetail>(`/api/v1/conversations/${detail.id}`, { query: { before_seq: first.seq } });
    setMessages((prev) => [...older.messages.filter((m) => !prev.some((p) => p.id === m.id)), ...prev]);
    setDetail((d) => (d ? { ...d, messages_page: older.messages_page } : d));
  };

  const tabCounts = useMemo(() => items.filter((c) => c.unread_count > 0).length, [items]);

  const selected = detail && detail.id === selectedId ? detail : null;

  return (
    <section class={`inbox pane-${pane}`} data-testid="inbox-page" data-pane={pane}>
      <div class="inbox-list">
        <RoutingStatus meId={meId} />
        <div class="inbox-toolbar">
          <input
            class="input"
            type="search"
            placeholder={t("inbox.searchPlaceholder")}
            aria-label={t("inbox.searchPlaceholder")}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            data-testid="inbox-search"
          />
          <div class="row small">
            <select
              class="select input-sm"
              value={presence}
              aria-label={t("inbox.presenceLabel")}
              onChange={(e) => setAgentPresence(e.currentTarget.value === "away" ? "away" : "online")}
              data-testid="agent-status"
            >
              <option value="online">{t("inbox.presenceOnline")}</option>
              <option value="away">{t("inbox.presenceAway")}</option>
            </select>
            <select class="select input-sm" value={channel} aria-label={t("inbox.channelFilter")} onChange={(e) => setChannel(e.currentTarget.value)} data-testid="channel-filter">
              <option value="">{t("inbox.channelAll")}</option>
              {CHANNEL_FILTERS.map((c) => (
                <option key={c} value={c}>
                  {c === "web" ? t("inbox.channelWeb") : CHANNEL_NAMES[c]}
                </option>
              ))}
            </select>
            <span class={`live-dot ${hub.state}`} title={hub.state === "open" ? t("inbox.live") : t("inbox.reconnecting")} data-testid="hub-state" data-state={hub.state} />
            <span class="spacer" />
            {notificationsSupported() && !alertsOn && (
              <button type="button" class="btn-link small" onClick={() => void askNotificationPermission().then((p) => setAlertsOn(p === "granted"))}>
                {t("inbox.enableAlerts")}
              </button>
            )}
          </div>
        </div>
        {hits === null && (
          <nav class="tabs" role="tablist">
            {STATUS_TABS.map((x) => (
              <button key={x.key} type="button" role="tab" class={`tab${tab === x.key ? " active" : ""}`} aria-selected={tab === x.key} onClick={() => setTab(x.key)} data-testid={`tab-${x.key}`}>
                {t(x.label)}
                {x.key === tab && tabCounts > 0 && <span class="dot" />}
              </button>
            ))}
          </nav>
        )}
        {error && (
          <div class="alert alert-error small" role="alert">
            {error}{" "}
            <button type="button" class="btn-link small" onClick={() => setError(null)}>
              {t("inbox.dismiss")}
            </button>
          </div>
        )}
        {hits !== null ? (
          <SearchResults hits={hits} customers={customers} query={debounced} onSelect={open} />
        ) : (
          <ConversationList items={items} selectedId={selectedId} onSelect={open} loading={loading} hasMore={hasMore} onMore={() => void loadList(true)} />
        )}
      </div>

      <div class="inbox-thread">
        {selected && (
          <div class="inbox-pane-bar" data-testid="thread-bar">
            <button type="button" class="btn btn-ghost btn-sm pane-back" data-testid="back-to-list" onClick={() => setPane("list")}>
              ← {t("inbox.backToList")}
            </button>
            <span class="spacer" />
            <button type="button" class="btn btn-ghost btn-sm" data-testid="show-customer" onClick={() => setPane("panel")}>
              {t("inbox.showCustomer")} →
            </button>
          </div>
        )}
        {selected ? (
          <Thread
            detail={selected}
            messages={messages}
            visitorTyping={visitorTyping}
            canRespond={canRespond}
            meId={meId}
            members={members}
            canned={canned}
            busy={busy}
            onAction={onAction}
            onSend={onSend}
            onTyping={onTyping}
            onLoadOlder={() => void loadOlder()}
          />
        ) : (
          <div class="inbox-empty muted">{selectedId ? t("common.loading") : t("inbox.pickConversation")}</div>
        )}
      </div>

      {selected && (
        <div class="inbox-panel">
          <div class="inbox-pane-bar">
            <button type="button" class="btn btn-ghost btn-sm" data-testid="back-to-thread" onClick={() => setPane("thread")}>
              ← {t("inbox.backToThread")}
            </button>
          </div>
          <CustomerPanel
            detail={selected}
            members={members}
            canWrite={canRespond}
            meId={meId}
            isAdmin={isAdmin}
            onSelect={open}
            onTags={(tags) => patchItem(selected.id, { tags })}
            onNotes={(notes) => setDetail((d) => (d ? { ...d, internal_notes: notes, has_notes: notes.length > 0 } : d))}
            onErased={() => void loadDetail(selected.id)}
          />
        </div>
      )}
    </section>
  );
}
