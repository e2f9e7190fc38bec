import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "./api";
import { useAuth } from "./auth";

const known = new Map<string, boolean>();

/**
 * Whether the signed-in user is a platform operator (granted by an operator
 * command, not a workspace role): `GET /api/v1/admin/me` answers 200, or 403
 * MFA_REQUIRED for an operator still without two-factor sign-in. Asked once per user.
 */
export function useIsOperator(): boolean {
  const { user } = useAuth();
  const id = user?.id ?? null;
  const [operator, setOperator] = useState(id ? (known.get(id) ?? false) : false);
  useEffect(() => {
    if (!id) return setOperator(false);
    if (known.has(id)) return setOperator(known.get(id)!);
    let live = true;
    api("/api/v1/admin/me")
      .then(() => true)
      .catch((err) => err instanceof ApiError && err.code === "MFA_REQUIRED")
      .then((yes) => {
        known.set(id, yes);
        if (live) setOperator(yes);
      });
    return () => {
      live = false;
    };
  }, [id]);
  return operator;
}
