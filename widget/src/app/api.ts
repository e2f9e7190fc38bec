/** REST calls of the widget (visitor token in Authorization, never in URLs). */
import type { Attachment, Message } from "../../../durable-objects/protocol";
import type { Stored } from "./storage";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SessionInfo {
  visitorId: string;
  visitorSecret: string | null;
  openConversationId: string | null;
}

export class WidgetApi {
  private token = "";
  private expiresAt = 0;
  private pending: Promise<SessionInfo> | null = null;

  constructor(
    readonly base: string,
    private readonly key: string,
    private readonly stored: () => Stored,
    /** The stored visitor is unknown to the server (e.g. data was reset): forget it. */
    private readonly forgetVisitor: () => void,
  ) {}

  /** One REST call with the visitor token (the commerce chunk uses it too). */
  async call<T>(path: string, init: { method?: string; body?: unknown; form?: FormData; auth?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (init.auth !== false) headers.authorization = `Bearer ${await this.accessToken()}`;
    let body: BodyInit | undefined;
    if (init.form) body = init.form;
    else if (init.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.body);
    }
    const res = await fetch(this.base + path, { method: init.method ?? (body ? "POST" : "GET"), headers, body, credentials: "omit" });
    const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (!res.ok) {
      if (res.status === 401) this.expiresAt = 0;
      throw new ApiError(res.status, data?.error?.code ?? "HTTP_" + res.status, data?.error?.message ?? res.statusText);
    }
    return data as T;
  }

  /** Starts (or resumes) the visitor session; remembers the short-lived visitor token. */
  session(): Promise<SessionInfo> {
    if (!this.pending) {
      this.pending = this.startSession()
        .catch((err: unknown) => {
          if (!(err instanceof ApiError) || err.code !== "INVALID_VISITOR") throw err;
          this.forgetVisitor();
          return this.startSession();
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  private startSession(): Promise<SessionInfo> {
    const s = this.stored();
    return this.call<{
      visitor_token: string;
      expires_in?: number;
      visitor_id: string;
      visitor_secret?: string;
      conversations?: { id: string; status?: string }[];
    }>("/api/v1/widget/session", {
      auth: false,
      body: {
        chatbot_key: this.key,
        ...(s.visitor_id && s.visitor_secret ? { visitor_id: s.visitor_id, visitor_secret: s.visitor_secret } : {}),
        page: { url: location.href, title: document.title, referrer: document.referrer },
        locale: navigator.language,
      },
    })
      .then((r) => {
        this.token = r.visitor_token;
        this.expiresAt = Date.now() + Math.max(60, (r.expires_in ?? 900) - 60) * 1000;
        const open = (r.conversations ?? []).find((c) => !c.status || !["resolved", "archived", "abandoned"].includes(c.status));
        return { visitorId: r.visitor_id, visitorSecret: r.visitor_secret ?? null, openConversationId: open?.id ?? null };
      });
  }

  async accessToken(): Promise<string> {
    if (!this.token || Date.now() >= this.expiresAt) await this.session();
    return this.token;
  }

  expireToken() {
    this.expiresAt = 0;
  }

  createConversation(body: { pre_chat?: Record<string, unknown>; offline_message?: string }) {
    return this.call<{ id?: string; conversation?: { id: string } }>("/api/v1/widget/conversations", { body }).then(
      (r) => (r.conversation?.id ?? r.id) as string,
    );
  }

  history(conversationId: string, afterSeq: number) {
    return this.call<{ messages?: Message[]; data?: Message[] }>(
      `/api/v1/widget/conversations/${encodeURIComponent(conversationId)}/messages?after_seq=${afterSeq}`,
    ).then((r) => r.messages ?? r.data ?? []);
  }

  rate(conversationId: string, rating: number, comment: string) {
    return this.call(`/api/v1/widget/conversations/${encodeURIComponent(conversationId)}/rating`, {
      body: comment ? { rating, comment } : { rating },
    });
  }

  feedback(conversationId: string, messageId: string, helpful: boolean) {
    return this.call("/api/v1/widget/feedback", { body: { conversation_id: conversationId, message_id: messageId, helpful } });
  }

  upload(conversationId: string, file: File) {
    const form = new FormData();
    form.append("file", file, file.name);
    return this.call<Attachment>(`/api/v1/widget/conversations/${encodeURIComponent(conversationId)}/attachments`, { form });
  }

  /** Everything held about this visitor, as the JSON document the server exports. */
  exportMine() {
    return this.call<unknown>("/api/v1/widget/me/export");
  }

  /** Erases this visitor's data for good (the server asks for the explicit confirmation). */
  eraseMine() {
    return this.call("/api/v1/widget/me", { method: "DELETE", body: { confirm: true } });
  }

  socketUrl(conversationId: string, lastSeq: number) {
    return `${this.base.replace(/^http/, "ws")}/api/v1/widget/conversations/${encodeURIComponent(conversationId)}/ws?last_seq=${lastSeq}`;
  }
}
