import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { api, type Schema } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useAuth } from "../../lib/auth";
import type { Role } from "../../lib/auth";
import { timeAgo } from "../../lib/format";
import { listOf, useResource } from "../../lib/useResource";
import { ROLE_LABELS, assignableRoles } from "./roles";
import { useI18n } from "../../i18n";

/** A member as the API answers it (generated from the OpenAPI document). */
export type Member = Schema<"Member">;

const idOf = (m: Member) => m.user_id;

export function MembersTable() {
  const { user, can } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const res = useResource<unknown>("/api/v1/members");
  const members = listOf<Member>(res.data);
  const [target, setTarget] = useState<string | null>(null);
  const action = useSubmit({ toast: true });
  const busy = action.busy ? target : null;
  const manage = can("team:manage");
  const roles = assignableRoles(user?.role);

  const act = async (m: Member, fn: () => Promise<unknown>, done: string) => {
    setTarget(idOf(m));
    await action.run(async () => {
      await fn();
      notify(done);
    });
    await res.reload();
  };

  return (
    <div class="card" style={{ padding: 0 }}>
      <div class="card-header" style={{ padding: "16px 20px 0" }}>
        <h2>{t("team.members")}</h2>
        <span class="muted small">{t("team.total", { count: members.length })}</span>
      </div>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      <div class="table-wrap" style={{ border: 0 }}>
        <table class="table" data-testid="members-table">
          <thead>
            <tr>
              <th>{t("team.colName")}</th>
              <th>{t("team.colRole")}</th>
              <th>{t("team.colStatus")}</th>
              <th>{t("team.colLastSignIn")}</th>
              {manage && <th />}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const id = idOf(m);
              const self = id === user?.id;
              const canTouch = manage && !self && (m.role !== "owner" || user?.role === "owner");
              return (
                <tr key={id} data-testid={`member-${m.email}`}>
                  <td>
                    <div>
                      {m.name} {self && <span class="badge">{t("team.you")}</span>}
                    </div>
                    <div class="small muted">{m.email}</div>
                  </td>
                  <td>
                    {canTouch ? (
                      <select
                        class="select select-inline"
                        value={m.role}
                        disabled={busy === id}
                        data-testid={`member-role-${m.email}`}
                        aria-label={t("team.roleOf", { name: m.name })}
                        onChange={(e) => {
                          const role = (e.currentTarget as HTMLSelectElement).value as Role;
                          void act(m, () => api(`/api/v1/members/${id}`, { method: "PATCH", body: { role } }), t("team.nowRole", { name: m.name, role: t(ROLE_LABELS[role]) }));
                        }}
                      >
                        {[...new Set([m.role, ...roles])].map((r) => (
                          <option key={r} value={r}>
                            {t(ROLE_LABELS[r])}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span class="badge">{ROLE_LABELS[m.role] ? t(ROLE_LABELS[m.role]) : m.role}</span>
                    )}
                  </td>
                  <td>
                    <span class={`badge ${m.status === "active" ? "badge-success" : "badge-danger"}`}>{m.status === "active" ? t("team.status.active") : t("team.status.deactivated")}</span>
                  </td>
                  <td class="muted">{timeAgo(m.last_login_at)}</td>
                  {manage && (
                    <td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                      {canTouch && (
                        <>
                          {m.status === "active" ? (
                            <button
                              type="button"
                              class="btn btn-ghost btn-sm"
                              disabled={busy === id}
                              data-testid={`member-deactivate-${m.email}`}
                              onClick={() => void act(m, () => api(`/api/v1/members/${id}/deactivate`, { method: "POST", body: {} }), t("team.deactivated", { name: m.name }))}
                            >
                              {t("team.deactivate")}
                            </button>
                          ) : (
                            <button
                              type="button"
                              class="btn btn-ghost btn-sm"
                              disabled={busy === id}
                              onClick={() => void act(m, () => api(`/api/v1/members/${id}/reactivate`, { method: "POST", body: {} }), t("team.reactivated", { name: m.name }))}
                            >
                              {t("team.reactivate")}
                            </button>
                          )}{" "}
                          <button
                            type="button"
                            class="btn btn-ghost btn-sm"
                            disabled={busy === id}
                            data-testid={`member-remove-${m.email}`}
                            onClick={() => {
                              if (confirm(t("team.removeConfirm", { name: m.name }))) {
                                void act(m, () => api(`/api/v1/members/${id}`, { method: "DELETE" }), t("team.removed", { name: m.name }));
                              }
                            }}
                          >
                            {t("team.remove")}
                          </button>
                        </>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
