import { useCallback, useEffect, useState } from "preact/hooks";
import { api, errorMessage } from "./api";

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (data: T) => void;
}

/** Loads a GET endpoint and reloads it when `path` changes; pass null to skip. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);

  const reload = useCallback(async () => {
    if (path === null) return;
    setLoading(true);
    try {
      setData(await api<T>(path));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
}

/** Lists come back as `{ data: [...] }` (with pagination) or as a bare array. */
export function listOf<T>(body: unknown, key = "data"): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === "object") {
    const v = (body as Record<string, unknown>)[key];
    if (Array.isArray(v)) return v as T[];
    for (const value of Object.values(body)) if (Array.isArray(value)) return value as T[];
  }
  return [];
}
