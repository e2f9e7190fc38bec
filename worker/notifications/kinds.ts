/**
 * What a member can be notified about and how. Defaults apply until the member
 * changes a cell (only the differences are stored).
 */
export const NOTIFICATION_KINDS = ["mention", "assignment", "escalation", "new_conversation", "offline_message", "failed_delivery", "daily_digest"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_MEDIA = ["in_app", "email", "push"] as const;
export type NotificationMedium = (typeof NOTIFICATION_MEDIA)[number];

export type Preferences = Record<NotificationKind, Record<NotificationMedium, boolean>>;
export type PreferenceChanges = Partial<Record<NotificationKind, Partial<Record<NotificationMedium, boolean>>>>;

/** In-app for everything; push for what needs a person now; email for what may wait in an inbox. */
export const DEFAULT_PREFERENCES: Preferences = {
  mention: { in_app: true, email: false, push: true },
  assignment: { in_app: true, email: false, push: true },
  escalation: { in_app: true, email: true, push: true },
  new_conversation: { in_app: true, email: false, push: false },
  offline_message: { in_app: true, email: true, push: false },
  failed_delivery: { in_app: true, email: false, push: false },
  // the daily summary is an email a member asks for (worker/notifications/digest.ts)
  daily_digest: { in_app: false, email: false, push: false },
};

/** Kinds that exist in fewer media than all: their other cells stay off and cannot be turned on. */
export const KIND_MEDIA: Partial<Record<NotificationKind, readonly NotificationMedium[]>> = { daily_digest: ["email"] };

/** The defaults with a member's stored changes applied (unknown keys in the stored JSON are ignored). */
export function resolvePreferences(stored: PreferenceChanges | null | undefined): Preferences {
  const out = {} as Preferences;
  for (const kind of NOTIFICATION_KINDS) {
    out[kind] = { ...DEFAULT_PREFERENCES[kind] };
    for (const medium of NOTIFICATION_MEDIA) {
      const v = stored?.[kind]?.[medium];
      if (typeof v === "boolean" && (KIND_MEDIA[kind]?.includes(medium) ?? true)) out[kind][medium] = v;
    }
  }
  return out;
}

/** Only the cells that differ from the defaults (what is stored). */
export function preferenceChanges(prefs: Preferences): PreferenceChanges {
  const out: PreferenceChanges = {};
  for (const kind of NOTIFICATION_KINDS) {
    for (const medium of NOTIFICATION_MEDIA) {
      if (prefs[kind][medium] !== DEFAULT_PREFERENCES[kind][medium]) (out[kind] ??= {})[medium] = prefs[kind][medium];
    }
  }
  return out;
}

/** What Slack can post for a workspace. */
export const SLACK_EVENTS = ["escalation", "new_conversation"] as const;
export type SlackEvent = (typeof SLACK_EVENTS)[number];
