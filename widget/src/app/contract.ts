/** What the loader hands to the app bundle, and what the app gives back. */
export interface LoaderHost {
  setUnread(count: number): void;
  setOpen(open: boolean): void;
}

export interface WidgetMount {
  /** The shadow root everything lives in; styles are added here only. */
  root: ShadowRoot;
  /** Positioned wrapper inside the shadow root that holds the launcher; the panel is added to it. */
  container: HTMLElement;
  launcher: HTMLButtonElement;
  /** API origin (the loader script's own origin). */
  api: string;
  /** The chatbot's public key (pk_…). */
  key: string;
  /** The public widget config (null when it could not be loaded). */
  config: Promise<unknown>;
  host: LoaderHost;
}

export interface WidgetController {
  open(): void;
  close(): void;
  identify(who: { name?: string; email?: string }): void;
}

/** localStorage key of the visitor's state for one chatbot. */
export const storageKey = (key: string) => `minichat:${key}`;
