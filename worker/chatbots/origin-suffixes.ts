/**
 * A wildcard origin never sits directly on a public suffix (`https://*.github.io`,
 * `https://*.co.uk`): anyone could register a site below it and use the widget.
 * Checked when a configuration is saved; the suffix list loads only when a
 * wildcard is present.
 */
import { AppError } from "../lib/errors";
import { loadPublicSuffixes } from "../lazy";
import { wildcardBase } from "./origins";

export async function assertRegistrableWildcards(origins: readonly string[]): Promise<void> {
  const wildcards = origins.map((o, i) => ({ i, base: wildcardBase(o) })).filter((w): w is { i: number; base: string } => w.base !== null);
  if (wildcards.length === 0) return;
  const { isPublicSuffix } = await loadPublicSuffixes();
  const issues = wildcards
    .filter((w) => isPublicSuffix(w.base))
    .map((w) => ({
      path: `allowed_origins.${w.i}`,
      message: "A wildcard needs your own domain, not a public suffix such as *.github.io or *.co.uk",
      code: "custom",
    }));
  if (issues.length > 0) throw new AppError(400, "VALIDATION_ERROR", "The request is not valid", { issues });
}
