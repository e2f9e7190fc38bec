import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useAuth } from "../lib/auth";
import type { Permission } from "../lib/auth";
import { useDevMailAvailable } from "../lib/devmail";
import { useIsOperator } from "../lib/operator";
import { useI18n, type MessageKey } from "../i18n";
import { NotificationBell } from "./NotificationBell";

interface NavItem {
  href: string;
  label: MessageKey;
  testid: string;
  permission?: Permission;
  devOnly?: boolean;
  operatorOnly?: boolean;
}

const NAV: NavItem[] = [
  { href: "/", label: "nav.home", testid: "nav-home" },
  { href: "/inbox", label: "nav.inbox", testid: "nav-inbox", permission: "conversations:read" },
  { href: "/chatbots", label: "nav.chatbots", testid: "nav-chatbots", permission: "chatbots:read" },
  { href: "/knowledge", label: "nav.knowledge", testid: "nav-knowledge", permission: "knowledge:read" },
  { href: "/analytics", label: "nav.analytics", testid: "nav-analytics", permission: "analytics:read" },
  { href: "/orders", label: "nav.orders", testid: "nav-orders", permission: "commerce:read" },
  { href: "/leads", label: "nav.leads", testid: "nav-leads", permission: "conversations:read" },
  { href: "/contacts", label: "nav.contacts", testid: "nav-contacts", permission: "conversations:read" },
  { href: "/team", label: "nav.team", testid: "nav-team", permission: "team:read" },
  { href: "/teams", label: "nav.teams", testid: "nav-teams", permission: "team:read" },
  { href: "/flows", label: "nav.flows", testid: "nav-flows", permission: "chatbots:read" },
  { href: "/automation", label: "nav.automation", testid: "nav-automation", permission: "chatbots:read" },
  { href: "/api-keys", label: "nav.apiKeys", testid: "nav-api-keys", permission: "api:manage" },
  { href: "/audit-log", label: "nav.auditLog", testid: "nav-audit-log", permission: "audit:read" },
  { href: "/dev/mail", label: "nav.mailbox", testid: "nav-mailbox", devOnly: true },
  { href: "/billing", label: "nav.billing", testid: "nav-billing" },
  { href: "/account", label: "nav.account", testid: "nav-account" },
  { href: "/operator", label: "nav.operator", testid: "nav-operator", operatorOnly: true },
];

function isActive(path: string, href: string) {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { user, workspace, can, signOut } = useAuth();
  const devMail = useDevMailAvailable();
  const operator = useIsOperator();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const { t } = useI18n();

  const items = NAV.filter((n) => (!n.permission || can(n.permission)) && (!n.devOnly || devMail) && (!n.operatorOnly || operator));

  return (
    <div class={`app-shell ${open ? "nav-open" : ""}`}>
      <aside class="sidebar" data-testid="sidebar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">M</span>
          <div>
            <div class="brand-name">MiniChat</div>
            {workspace && (
              <div class="brand-workspace" data-testid="workspace-name">
                {workspace.name}
              </div>
            )}
          </div>
          {user && <NotificationBell />}
        </div>
        <nav class="nav" id="main-nav" aria-label={t("nav.main")}>
          {items.map((n) => (
            <a
              key={n.href}
              href={n.href}
              class={`nav-link ${isActive(path, n.href) ? "active" : ""}`}
              data-testid={n.testid}
              onClick={() => setOpen(false)}
            >
              {t(n.label)}
            </a>
          ))}
        </nav>
        <div class="sidebar-footer">
          <div class="who" data-testid="current-user">
            <div class="who-name">{user?.name}</div>
            <div class="who-meta">
              {user?.email} · <span data-testid="current-role" data-role={user?.role}>{user?.role ? t(`role.${user.role}`) : ""}</span>
            </div>
          </div>
          <button type="button" class="btn btn-ghost btn-sm" data-testid="sign-out" onClick={() => void signOut()}>
            {t("nav.signOut")}
          </button>
        </div>
      </aside>
      {open && <div class="nav-backdrop" aria-hidden="true" onClick={() => setOpen(false)} />}
      <div class="main">
        <header class="topbar">
          <button
            type="button"
            class="btn btn-ghost menu-toggle"
            aria-label={open ? t("nav.closeMenu") : t("nav.menu")}
            aria-expanded={open}
            aria-controls="main-nav"
            data-testid="menu-toggle"
            onClick={() => setOpen(!open)}
          >
            ☰
          </button>
          <span class="brand-name">MiniChat</span>
        </header>
        {user?.email_verified === false && (
          <div class="banner" data-testid="verify-banner">
            {t("shell.verifyBanner", { email: user.email })} <a href="/account">{t("shell.resend")}</a>
          </div>
        )}
        <main class="content">{children}</main>
      </div>
    </div>
  );
}
