import { createContext } from "preact";
import type { ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { PERMISSIONS } from "../../../worker/auth/permissions";
import type { Permission, Role } from "../../../worker/auth/permissions";
import { useI18n, type Lang } from "../i18n";
import { api, onSessionChange, refreshSession, setSession } from "./api";
import type { AuthUser, Schema, TokenResponse } from "./api";

export type { Permission, Role };

export type AuthStatus = "loading" | "signed-out" | "signed-in";

type MeResponse = Schema<"Me">;
/** The signed-in user: what the tokens carry, and the rest once `GET /auth/me` answered. */
export type MeUser = AuthUser & Partial<MeResponse["user"]>;
export type WorkspaceSummary = NonNullable<MeResponse["workspace"]>;

export interface AuthState {
  status: AuthStatus;
  user: MeUser | null;
  workspace: WorkspaceSummary | null;
  /** Stores tokens from login/register/accept and marks the session signed in. */
  signIn: (tokens: TokenResponse) => void;
  signOut: () => Promise<void>;
  /** Re-reads the current user (after a profile change). */
  reload: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

/** Every permission name, which is also the list of API key scopes. */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function roleCan(role: Role | undefined | null, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ComponentChildren }) {
  const [status, setStatus] = useState<AuthStatus>("loading");
  const [user, setUser] = useState<MeUser | null>(null);
  const [workspace, setWorkspace] = useState<WorkspaceSummary | null>(null);

  // the member's saved language wins over this browser's
  const { setLang } = useI18n();
  const setLangRef = useRef(setLang);
  setLangRef.current = setLang;

  const loadMe = useCallback(async () => {
    try {
      const me = await api("/api/v1/auth/me");
      setUser((prev) => ({ ...(prev ?? {}), ...me.user }));
      setWorkspace(me.workspace);
      if (me.user.locale) setLangRef.current(me.user.locale);
    } catch {
      /* the token response already carries the essentials */
    }
  }, []);

  const signIn = useCallback((tokens: TokenResponse) => {
    setSession(tokens);
    setUser(tokens.user);
    setStatus("signed-in");
    void loadMe();
  }, [loadMe]);

  const signOut = useCallback(async () => {
    try {
      await api("/api/v1/auth/logout", { method: "POST", body: {}, noRefresh: true });
    } catch {
      /* already signed out */
    }
    setSession(null);
    setUser(null);
    setWorkspace(null);
    setStatus("signed-out");
  }, []);

  // On boot, try the refresh cookie to restore the session.
  useEffect(() => {
    let cancelled = false;
    refreshSession().then((ok) => {
      if (cancelled) return;
      if (!ok) setStatus("signed-out");
    });
    const off = onSessionChange((tokens) => {
      if (tokens) {
        setUser((prev) => (prev && prev.id === tokens.user.id ? { ...prev, ...tokens.user } : tokens.user));
        setStatus((prev) => {
          if (prev !== "signed-in") void loadMe();
          return "signed-in";
        });
      } else {
        setUser(null);
        setStatus("signed-out");
      }
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [loadMe]);

  const value = useMemo<AuthState>(
    () => ({
      status,
      user,
      workspace,
      signIn,
      signOut,
      reload: loadMe,
      can: (permission) => roleCan(user?.role, permission),
    }),
    [status, user, workspace, signIn, signOut, loadMe],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth must be used inside <AuthProvider>");
  return ctx;
}

/** True when the signed-in user's role holds the permission. */
export function useCan(permission: Permission): boolean {
  return useAuth().can(permission);
}
