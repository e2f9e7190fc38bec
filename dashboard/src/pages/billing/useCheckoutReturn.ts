import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";

/** How often the page asks for the plan while Stripe's webhook is on its way, and for how long. */
const POLL_MS = 2_000;
const POLL_FOR_MS = 5 * 60_000;

/**
 * Keeps the Billing page true without a reload: it refetches whenever the tab
 * comes back into view (a plan changed in another tab or on Stripe's portal),
 * and after a Checkout (`?checkout=success`) it polls until the webhook has
 * put the workspace on its new plan. Answers whether that wait is still on.
 */
export function useCheckoutReturn(subscribed: boolean | undefined, reload: () => Promise<void>, onActivated: () => void): { pending: boolean; cancelled: boolean } {
  const { query, route } = useLocation();
  const returned = query.checkout === "success";
  const pending = returned && subscribed === false;
  const waited = useRef(false);
  const [since] = useState(() => Date.now());

  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === "visible") void reload();
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [reload]);

  useEffect(() => {
    if (!pending) return;
    waited.current = true;
    const timer = setInterval(() => {
      if (Date.now() - since < POLL_FOR_MS) void reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, reload, since]);

  useEffect(() => {
    if (returned && subscribed) {
      if (waited.current) onActivated();
      route("/billing", true);
    }
  }, [returned, subscribed]);

  return { pending, cancelled: query.checkout === "cancelled" };
}
