import { useI18n } from "../i18n";

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section class="page">
      <div class="empty-state">
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.body")}</p>
        <p>
          <a href="/">{t("notFound.home")}</a>
        </p>
      </div>
    </section>
  );
}
