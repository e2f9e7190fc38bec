import { useState } from "preact/hooks";
import { TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";
import { useResource } from "../../lib/useResource";

const EVENTS = ["escalation", "new_conversation"] as const;
type SlackEvent = (typeof EVENTS)[number];
interface Slack {
  connected: boolean;
  events: SlackEvent[];
  last_error: string | null;
  updated_at: string | null;
}

/** The workspace's Slack incoming webhook (owners and admins): the URL goes in once and is never shown again. */
export function SlackCard() {
  const { t } = useI18n();
  const notify = useToast();
  const slack = useResource<Slack>("/api/v1/notifications/slack");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<SlackEvent[] | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = events ?? slack.data?.events ?? [...EVENTS];

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setBusy(false);
      void slack.reload();
    }
  };

  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api("/api/v1/notifications/slack", { method: "PUT", body: { ...(url.trim() ? { webhook_url: url.trim() } : {}), events: chosen } });
      setUrl("");
      notify(t("notify.slack.saved"));
    });
  };

  const test = () =>
    run(async () => {
      await api("/api/v1/notifications/slack/test", { method: "POST" });
      notify(t("notify.slack.testSent"));
    });

  const disconnect = () =>
    run(async () => {
      await api("/api/v1/notifications/slack", { method: "DELETE" });
      setEvents(null);
      notify(t("notify.slack.disconnected"));
    });

  const connected = slack.data?.connected ?? false;
  return (
    <form class="card form" data-testid="slack-card" onSubmit={save}>
      <h2>
        {t("notify.slack.title")}{" "}
        <span class={`badge ${connected ? "badge-success" : ""}`} data-testid="slack-status">
          {connected ? t("notify.slack.connected") : t("notify.slack.notConnected")}
        </span>
      </h2>
      <p class="muted">{t("notify.slack.hint")}</p>
      <TextField
        label={connected ? t("notify.slack.replaceUrl") : t("notify.slack.url")}
        name="slack_webhook_url"
        type="password"
        autoComplete="off"
        value={url}
        onValue={setUrl}
        hint={t("notify.slack.urlHint")}
        required={!connected}
      />
      <fieldset class="fieldset">
        <legend>{t("notify.slack.events")}</legend>
        {EVENTS.map((ev) => (
          <label key={ev} class="check">
            <input
              type="checkbox"
              checked={chosen.includes(ev)}
              data-testid={`slack-event-${ev}`}
              onChange={(e) => setEvents(e.currentTarget.checked ? [...new Set([...chosen, ev])] : chosen.filter((x) => x !== ev))}
            />{" "}
            {t(`notify.slack.event.${ev}`)}
          </label>
        ))}
      </fieldset>
      {slack.data?.last_error && (
        <p class="badge badge-danger" data-testid="slack-error">
          {t("notify.slack.lastError", { error: slack.data.last_error })}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="slack-save">
          {t("notify.slack.save")}
        </button>
        {connected && (
          <>
            <button type="button" class="btn btn-secondary" disabled={busy} data-testid="slack-test" onClick={() => void test()}>
              {t("notify.slack.test")}
            </button>
            <button type="button" class="btn btn-ghost" disabled={busy} data-testid="slack-disconnect" onClick={() => void disconnect()}>
              {t("notify.slack.disconnect")}
            </button>
          </>
        )}
      </div>
    </form>
  );
}
