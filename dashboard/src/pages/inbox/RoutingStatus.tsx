import { useEffect } from "preact/hooks";
import { useI18n } from "../../i18n";
import { useResource } from "../../lib/useResource";

interface TeamQueue {
  team_id: string;
  name: string;
  queue: unknown[];
  members: { user_id: string; open_conversations: number; capacity: number }[];
}

/** One line above the list: the agent's own load and how many wait in their teams' queues (refreshed every 10 s). */
export function RoutingStatus({ meId }: { meId: string | null }) {
  const { t } = useI18n();
  const res = useResource<{ data: TeamQueue[] }>("/api/v1/teams/queue");
  useEffect(() => {
    const timer = setInterval(() => void res.reload(), 10_000);
    return () => clearInterval(timer);
  }, [res.reload]);
  const teams = res.data?.data ?? [];
  const mine = teams.filter((team) => team.members.some((m) => m.user_id === meId));
  if (teams.length === 0) return null;
  const me = mine.flatMap((team) => team.members).find((m) => m.user_id === meId);
  const waiting = (mine.length ? mine : teams).reduce((n, team) => n + team.queue.length, 0);
  return (
    <p class="small muted" data-testid="routing-status">
      {me ? `${t("routing.load", { open: me.open_conversations, capacity: me.capacity })} · ` : ""}
      {t("routing.waiting", { n: waiting })}
    </p>
  );
}
