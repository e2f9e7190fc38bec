import { useI18n } from "../../i18n";
import { useAuth } from "../../lib/auth";
import { PreferencesCard } from "./PreferencesCard";
import { PushCard } from "./PushCard";
import { SlackCard } from "./SlackCard";

/** `/account/notifications`: the member's preferences and this browser's push; the workspace's Slack for owners and admins. */
export default function NotificationSettingsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  return (
    <section class="page" data-testid="notification-settings-page">
      <header class="page-header">
        <div>
          <h1>{t("notify.settings.title")}</h1>
          <p>{t("notify.settings.subtitle")}</p>
        </div>
      </header>
      <PreferencesCard />
      <PushCard />
      {can("settings:manage") && <SlackCard />}
    </section>
  );
}
