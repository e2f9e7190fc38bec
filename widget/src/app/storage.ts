/** The visitor's state for one chatbot, kept in localStorage so history survives reloads and tabs. */
import { storageKey } from "./contract";

export interface Stored {
  visitor_id?: string;
  visitor_secret?: string;
  conversation_id?: string;
  /** conversation ids already rated here */
  rated?: string[];
}

export function readStored(key: string): Stored {
  try {
    return JSON.parse(localStorage.getItem(storageKey(key)) ?? "{}") as Stored;
  } catch {
    return {};
  }
}

export function writeStored(key: string, patch: Partial<Stored>): Stored {
  const next = { ...readStored(key), ...patch };
  for (const k of Object.keys(next) as (keyof Stored)[]) if (next[k] === undefined) delete next[k];
  try {
    localStorage.setItem(storageKey(key), JSON.stringify(next));
  } catch {
    /* private mode: the chat still works for this page view */
  }
  return next;
}

/** Calls back when another tab changes this chatbot's state. */
export function onStoredChange(key: string, cb: (s: Stored) => void): () => void {
  const handler = (e: StorageEvent) => {
    if (e.key === storageKey(key)) cb(readStored(key));
  };
  addEventListener("storage", handler);
  return () => removeEventListener("storage", handler);
}
