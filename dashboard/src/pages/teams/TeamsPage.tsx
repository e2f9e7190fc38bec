import { useEffect } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import { api, type Schema } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useAuth } from "../../lib/auth";
import { listOf, useResource } from "../../lib/useResource";
import { TeamForm, type MemberOption } from "./TeamForm";

type Team = Schema<"Team">;
type TeamQueue = Schema<"RoutingOverview">["data"][number];

/** A member's presence as the dashboard names it (the document types it as a string). */
const presence = (status: string): "online" | "away" | "offline" => (status === "online" || status === "away" ? status : "offline");

/** Teams with their members' live load and the queue (refreshed every few seconds). */
export default function TeamsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const notify = useToast();
  const manage = can("team:manage");
  const teams = useResource<{ data: Team[] }>("/api/v1/teams");
  const live = useResource<{ data: TeamQueue[] }>("/api/v1/teams/queue");
  const people = useResource<unknown>(manage ? "/api/v1/members" : null);
  const options: MemberOption[] = listOf<{ user_id?: string; id?: string; name: string }>(people.data).map((m) => ({ id: (m.user_id ?? m.id) as string, name: m.name }));

  useEffect(() => {
    const timer = setInterval(() => void live.reload(), 5000);
    return () => clearInterval(timer);
  }, [live.reload]);

  const removal = useSubmit({ toast: true });
  const remove = (team: Team) =>
    removal.run(async () => {
      await api(`/api/v1/teams/${team.id}`, { method: "DELETE" });
      notify(t("routing.deleted"));
      await Promise.all([teams.reload(), live.reload()]);
    });

  const list = teams.data?.data ?? [];
  return (
    <section class="page" data-testid="teams-page">
      <header class="page-header">
        <div>
          <h1>{t("routing.title")}</h1>
          <p>{t("routing.intro")}</p>
        </div>
      </header>
      {list.length === 0 && !teams.loading && <p class="card">{t("routing.empty")}</p>}
      {list.map((team) => {
        const state = live.data?.data.find((q) => q.team_id === team.id);
        return (
          <article class="card" key={team.id} data-testid="team-card">
            <h2>{team.name}</h2>
            <p>
              {t(`routing.mode.${team.assignment}`)} · {t("routing.capacity")}: {team.capacity}
            </p>
            <h3>{t("routing.members")}</h3>
            <ul>
              {(state?.members ?? team.members.map((m) => ({ user_id: m.user_id, name: m.name, status: "offline" as const, open_conversations: 0, capacity: m.capacity ?? team.capacity }))).map((m) => (
                <li key={m.user_id} data-testid="team-member">
                  {m.name ?? m.user_id} · {t(`routing.status.${presence(m.status)}`)} · {t("routing.load", { open: m.open_conversations, capacity: m.capacity })}
                </li>
              ))}
            </ul>
            <h3>{t("routing.queue")}</h3>
            {state && state.queue.length > 0 ? (
              <ol data-testid="team-queue">
                {state.queue.map((q) => (
                  <li key={q.conversation_id}>
                    <a href={`/inbox/${q.conversation_id}`}>{t("routing.position", { n: q.position, min: Math.max(1, Math.round(q.estimated_wait_seconds / 60)) })}</a>
                  </li>
                ))}
              </ol>
            ) : (
              <p>{t("routing.queueEmpty")}</p>
            )}
            {manage && (
              <button type="button" class="btn btn-danger" onClick={() => void remove(team)}>
                {t("common.delete")}
              </button>
            )}
          </article>
        );
      })}
      {manage && <TeamForm members={options} onCreated={() => void Promise.all([teams.reload(), live.reload()])} />}
    </section>
  );
}
