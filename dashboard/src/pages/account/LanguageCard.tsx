import { Field } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { browserLang, LANGS, useI18n, type Lang } from "../../i18n";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useAuth } from "../../lib/auth";

/** The member's dashboard language, kept on their account (`PATCH /auth/me`). */
export function LanguageCard() {
  const { user, reload } = useAuth();
  const { t, lang, setLang } = useI18n();
  const notify = useToast();
  const { busy, run: act } = useSubmit({ toast: true });
  const chosen = user?.locale ?? "";

  const choose = async (value: string) => {
    const next: Lang | null = value === "en" || value === "th" ? value : null;
    await act(async () => {
      await api("/api/v1/auth/me", { method: "PATCH", body: { locale: next } });
      setLang(next ?? browserLang());
      await reload();
      notify(t("account.languageSaved"));
    });
  };

  return (
    <div class="card form" data-testid="language-card">
      <h2>{t("account.language")}</h2>
      <Field label={t("common.language")} name="language" hint={t("account.languageHint")}>
        <select id="language" class="select" data-testid="language-select" data-lang={lang} value={chosen} disabled={busy} onChange={(e) => void choose(e.currentTarget.value)}>
          <option value="">{t("account.languageBrowser")}</option>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
