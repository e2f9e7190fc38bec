import { createContext } from "preact";
import type { ComponentChildren } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";

const DevMailContext = createContext(false);

/**
 * The local mailbox exists only in development: it is shown in the navigation
 * when `GET /api/v1/dev/mail` answers 200.
 */
export function DevMailProvider({ children }: { children: ComponentChildren }) {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    fetch("/api/v1/dev/mail?limit=1", { headers: { accept: "application/json" } })
      .then((res) => setAvailable(res.ok))
      .catch(() => setAvailable(false));
  }, []);
  return <DevMailContext.Provider value={available}>{children}</DevMailContext.Provider>;
}

export function useDevMailAvailable(): boolean {
  return useContext(DevMailContext);
}
