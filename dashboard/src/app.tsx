import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { AuthProvider, useAuth } from "./lib/auth";
import { Layout } from "./components/Layout";
import { ToastProvider } from "./components/Toasts";
import { DevMailProvider } from "./lib/devmail";
import { I18nProvider, useI18n } from "./i18n";

const LoginPage = lazy(() => import("./pages/auth/LoginPage"));
const RegisterPage = lazy(() => import("./pages/auth/RegisterPage"));
const ForgotPasswordPage = lazy(() => import("./pages/auth/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("./pages/auth/ResetPasswordPage"));
const VerifyEmailPage = lazy(() => import("./pages/auth/VerifyEmailPage"));
const AcceptInvitePage = lazy(() => import("./pages/auth/AcceptInvitePage"));
const HomePage = lazy(() => import("./pages/home/HomePage"));
const InboxPage = lazy(() => import("./pages/inbox/InboxPage"));
const KnowledgePage = lazy(() => import("./pages/knowledge/KnowledgePage"));
const OrdersPage = lazy(() => import("./pages/orders/OrdersPage"));
const LeadsPage = lazy(() => import("./pages/leads/LeadsPage"));
const ContactsPage = lazy(() => import("./pages/leads/ContactsPage"));
const ChatbotsPage = lazy(() => import("./pages/chatbots/ChatbotsPage"));
const ChatbotEditorPage = lazy(() => import("./pages/chatbots/ChatbotEditorPage"));
const TeamPage = lazy(() => import("./pages/team/TeamPage"));
const TeamsPage = lazy(() => import("./pages/teams/TeamsPage"));
const FlowsPage = lazy(() => import("./pages/flows/FlowsPage"));
const FlowEditorPage = lazy(() => import("./pages/flows/FlowEditorPage"));
const AutomationPage = lazy(() => import("./pages/automation/AutomationPage"));
const ApiKeysPage = lazy(() => import("./pages/api-keys/ApiKeysPage"));
const AuditLogPage = lazy(() => import("./pages/audit/AuditLogPage"));
const MailboxPage = lazy(() => import("./pages/mailbox/MailboxPage"));
const AccountPage = lazy(() => import("./pages/account/AccountPage"));
const NotificationSettingsPage = lazy(() => import("./pages/notifications/NotificationSettingsPage"));
const BillingPage = lazy(() => import("./pages/billing/BillingPage"));
const OperatorConsolePage = lazy(() => import("./pages/operator/OperatorConsolePage"));
const AnalyticsPage = lazy(() => import("./pages/analytics/AnalyticsPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

/** Pages reachable without a session. */
const PUBLIC_PATHS = ["/login", "/register", "/forgot-password", "/reset-password", "/verify-email", "/accept-invite"];

function Shell() {
  const { status } = useAuth();
  const { t } = useI18n();
  const { path, url, route } = useLocation();
  const isPublic = PUBLIC_PATHS.includes(path) || path.startsWith("/dev/");

  useEffect(() => {
    if (status === "signed-out" && !isPublic) {
      route(`/login${path !== "/" ? `?next=${encodeURIComponent(url)}` : ""}`, true);
    }
    if (status === "signed-in" && (path === "/login" || path === "/register")) {
      route("/", true);
    }
  }, [status, path]);

  if (status === "loading") {
    return (
      <div class="boot" data-testid="boot">
        <div class="spinner" role="status" aria-label={t("shell.loading")} />
      </div>
    );
  }

  const routes = (
    <ErrorBoundary>
      <Router>
        <Route path="/login" component={LoginPage} />
        <Route path="/register" component={RegisterPage} />
        <Route path="/forgot-password" component={ForgotPasswordPage} />
        <Route path="/reset-password" component={ResetPasswordPage} />
        <Route path="/verify-email" component={VerifyEmailPage} />
        <Route path="/accept-invite" component={AcceptInvitePage} />
        <Route path="/" component={HomePage} />
        <Route path="/inbox/*" component={InboxPage} />
        <Route path="/inbox" component={InboxPage} />
        <Route path="/knowledge/*" component={KnowledgePage} />
        <Route path="/knowledge" component={KnowledgePage} />
        <Route path="/orders" component={OrdersPage} />
        <Route path="/leads" component={LeadsPage} />
        <Route path="/contacts" component={ContactsPage} />
        <Route path="/chatbots" component={ChatbotsPage} />
        <Route path="/chatbots/:id" component={ChatbotEditorPage} />
        <Route path="/team" component={TeamPage} />
        <Route path="/teams" component={TeamsPage} />
        <Route path="/flows" component={FlowsPage} />
        <Route path="/flows/:id" component={FlowEditorPage} />
        <Route path="/automation" component={AutomationPage} />
        <Route path="/api-keys" component={ApiKeysPage} />
        <Route path="/audit-log" component={AuditLogPage} />
        <Route path="/dev/mail" component={MailboxPage} />
        <Route path="/account" component={AccountPage} />
        <Route path="/account/notifications" component={NotificationSettingsPage} />
        <Route path="/billing" component={BillingPage} />
        <Route path="/operator" component={OperatorConsolePage} />
        <Route path="/analytics" component={AnalyticsPage} />
        <Route default component={NotFoundPage} />
      </Router>
    </ErrorBoundary>
  );

  if (status === "signed-out") {
    return isPublic ? <div class="public-shell">{routes}</div> : null;
  }
  if (PUBLIC_PATHS.includes(path)) {
    // Signed-in users may still open verify/reset/accept links.
    return <div class="public-shell">{routes}</div>;
  }
  return <Layout>{routes}</Layout>;
}

export function App() {
  return (
    <LocationProvider>
      <I18nProvider>
      <ToastProvider>
        <AuthProvider>
          <DevMailProvider>
            <Shell />
          </DevMailProvider>
        </AuthProvider>
      </ToastProvider>
      </I18nProvider>
    </LocationProvider>
  );
}
