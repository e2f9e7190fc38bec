import { useLocation } from "preact-iso";
import { useToast } from "../../components/Toasts";
import { api } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import type { ChatbotResponse } from "./model";
import { useI18n } from "../../i18n";

/** Clone, archive/restore and delete, for roles that manage chatbots. */
export function ChatbotActions({ bot, onChange }: { bot: ChatbotResponse; onChange: (b: ChatbotResponse) => void }) {
  const { can } = useAuth();
  const { route } = useLocation();
  const notify = useToast();
  const { t } = useI18n();
  const { busy, run: act } = useSubmit({ toast: true });
  if (!can("chatbots:manage")) return null;

  const clone = () =>
    act(async () => {
      const name = prompt(t("chatbots.copyName"), t("chatbots.copySuffix", { name: bot.name }).slice(0, 50));
      if (!name) return;
      const copy = await api(`/api/v1/chatbots/${bot.id}/clone`, { method: "POST", body: { name } });
      notify(t("chatbots.cloned"));
      route(`/chatbots/${copy.id}`);
    });
  const archive = () =>
    act(async () => {
      onChange(await api(`/api/v1/chatbots/${bot.id}/archive`, { method: "POST", body: {} }));
      notify(t("chatbots.archivedToast"));
    });
  const restore = () =>
    act(async () => {
      onChange(await api(`/api/v1/chatbots/${bot.id}/restore`, { method: "POST", body: {} }));
      notify(t("chatbots.restored"));
    });
  const remove = () =>
    act(async () => {
      if (!confirm(t("chatbots.deleteConfirm", { name: bot.name }))) return;
      await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE" });
      notify(t("chatbots.deleted"));
      route("/chatbots");
    });

  return (
    <div class="row">
      <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => void clone()} data-testid="clone-chatbot">
        {t("chatbots.clone")}
      </button>
      {bot.status === "archived" ? (
        <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => void restore()} data-testid="restore-chatbot">
          {t("chatbots.restore")}
        </button>
      ) : (
        <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => void archive()} data-testid="archive-chatbot">
          {t("chatbots.archive")}
        </button>
      )}
      <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => void remove()} data-testid="delete-chatbot">
        {t("common.delete")}
      </button>
    </div>
  );
}
