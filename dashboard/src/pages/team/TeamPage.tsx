import { useAuth } from "../../lib/auth";
import { InviteForm } from "./InviteForm";
import { InvitationsTable } from "./InvitationsTable";
import { MembersTable } from "./MembersTable";
import { WorkspaceCard } from "./WorkspaceCard";
import { DeleteWorkspaceCard, RetentionCard } from "./DataRightsCards";
import { useResource } from "../../lib/useResource";
import { useI18n } from "../../i18n";

export default function TeamPage() {
  const { can } = useAuth();
  const manage = can("team:manage");
  const { t } = useI18n();
  const invitations = useResource<unknown>(manage ? "/api/v1/invitations" : null);

  return (
    <section class="page" data-testid="team-page">
      <header class="page-header">
        <div>
          <h1>{t("team.title")}</h1>
          <p>{manage ? t("team.subtitleManage") : t("team.subtitleRead")}</p>
        </div>
      </header>
      <WorkspaceCard />
      <MembersTable />
      {manage && (
        <div class="grid-2 team-manage" data-testid="team-manage">
          <InviteForm onInvited={() => void invitations.reload()} />
          <InvitationsTable res={invitations} />
        </div>
      )}
      <RetentionCard />
      <DeleteWorkspaceCard />
    </section>
  );
}
