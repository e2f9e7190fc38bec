import type { ChatbotConfig } from "../model";

export interface TabProps {
  config: ChatbotConfig;
  /** Sets a dotted path in the form state, e.g. `widget_settings.theme.primary_color`. */
  set: (path: string, value: unknown) => void;
  /** Validation messages from the API keyed by dotted path. */
  errors: Record<string, string>;
  readOnly: boolean;
}
