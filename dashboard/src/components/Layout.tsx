import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useAuth } from "../lib/auth";
import type { Permission } from "../lib/auth";
import { useDevMailAvailable } from "../lib/devmail";

interface NavItem {
  href: string;
  label: string;
  testid: string;
  permission?: Permission;
  devOnly?: boolean;
}

const NAV: NavItem[] = [
  { href: "/", label: "Home", testid: "nav-home" },
  { href: "/inbox", label: "Inbox", testid: "nav-inbox", permission: "conversations:read" },
  { href: "/chatbots", label: "Chatbots", testid: "nav-chatbots", permission: "chatbots:read" },
  { href: "/knowledge", label: "Knowledge", testid: "nav-knowledge", permission: "knowledge:read" },
  { href: "/team", label: "Team", testid: "nav-team", permission: "team:read" },
  { href: "/teams", label: "Teams & queues", testid: "nav-teams", permission: "team:read" },
  { href: "/api-keys", label: "API keys", testid: "nav-api-keys", permission: "api:manage" },
  { href: "/audit-log", label: "Audit log", testid: "nav-audit-log", permission: "audit:read" },
  { href: "/dev/mail", label: "Mailbox", testid: "nav-mailbox", devOnly: true },
  { href: "/account", label: "Account", testid: "nav-account" },
];

function isActive(path: string, href: string) {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { user, workspace, can, signOut } = useAuth();
  const devMail = useDevMailAvailable();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);

  const items = NAV.filter((n) => (!n.permission || can(n.permission)) && (!n.devOnly || devMail));

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
        </div>
        <nav class="nav" aria-label="Main">
          {items.map((n) => (
            <a
              key={n.href}
              href={n.href}
              class={`nav-link ${isActive(path, n.href) ? "active" : ""}`}
              data-testid={n.testid}
              onClick={() => setOpen(false)}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <div class="sidebar-footer">
          <div class="who" data-testid="current-user">
            <div class="who-name">{user?.name}</div>
            <div class="who-meta">
              {user?.email} · <span data-testid="current-role">{user?.role}</span>
            </div>
          </div>
          <button type="button" class="btn btn-ghost btn-sm" data-testid="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </aside>
      <div class="main">
        <header class="topbar">
          <button type="button" class="btn btn-ghost menu-toggle" aria-label="Menu" onClick={() => setOpen(!open)}>
            ☰
          </button>
          <span class="brand-name">MiniChat</span>
        </header>
        {user?.email_verified === false && (
          <div class="banner" data-testid="verify-banner">
            Please verify your email address: we sent a link to {user.email}.
            <a href="/account">Resend</a>
          </div>
        )}
        <main class="content">{children}</main>
      </div>
    </div>
  );
}
