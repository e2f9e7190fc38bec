import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";

export default function VerifyEmailPage() {
  const { query } = useLocation();
  const { status } = useAuth();
  const token = query.token ?? "";
  const [state, setState] = useState<"working" | "done" | "failed">("working");
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (!token) {
      setState("failed");
      setMessage("The verification link is incomplete.");
      return;
    }
    api("/api/v1/auth/verify-email", { method: "POST", body: { token }, noRefresh: true })
      .then(() => setState("done"))
      .catch((err) => {
        setState("failed");
        setMessage(errorMessage(err));
      });
  }, [token]);

  return (
    <AuthCard title="Verify your email" testid="verify-page">
      {state === "working" && <p class="muted">Verifying…</p>}
      {state === "done" && (
        <div class="form">
          <div class="alert alert-success" data-testid="verify-done">
            Your email address is verified.
          </div>
          <a class="btn btn-primary btn-block" href={status === "signed-in" ? "/" : "/login"}>
            {status === "signed-in" ? "Go to the dashboard" : "Sign in"}
          </a>
        </div>
      )}
      {state === "failed" && (
        <div class="alert alert-error" data-testid="verify-failed">
          {message || "This link is invalid or has expired."}
        </div>
      )}
    </AuthCard>
  );
}
