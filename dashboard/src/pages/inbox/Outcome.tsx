import { useI18n } from "../../i18n";
import type { ConversationDetail } from "./types";

/** The visitor's rating and comment and the agent's resolution note, for the conversation's side panel. */
export function Outcome({ detail }: { detail: ConversationDetail }) {
  const { t } = useI18n();
  const resolved = [...detail.events].reverse().find((e) => e.to_status === "resolved");
  const note = typeof resolved?.data?.note === "string" ? resolved.data.note : null;
  if (detail.satisfaction_rating === null && !note) return null;
  return (
    <div class="panel-section" data-testid="conversation-outcome">
      <h3>{t("analytics.outcome.title")}</h3>
      {detail.satisfaction_rating !== null && (
        <p data-testid="conversation-rating">
          <Stars rating={detail.satisfaction_rating} /> {detail.rating_comment ? <q>{detail.rating_comment}</q> : null}
        </p>
      )}
      {note && (
        <p class="small" data-testid="resolution-note">
          <span class="muted">{t("analytics.outcome.note")}:</span> {note}
        </p>
      )}
    </div>
  );
}

/** ★★★★☆ with the figure for screen readers. */
export function Stars({ rating }: { rating: number }) {
  return (
    <span class="rating-stars" title={`${rating}/5`} aria-label={`${rating}/5`}>
      {"★".repeat(rating)}
      <span class="muted">{"☆".repeat(Math.max(0, 5 - rating))}</span>
    </span>
  );
}
