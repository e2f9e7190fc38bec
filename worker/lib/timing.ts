/**
 * Runs `work` and answers no sooner than `ms` after it started, so a caller
 * cannot tell two outcomes apart by how long the answer took (e.g. whether a
 * password-reset mail was sent to an existing account or nothing happened).
 */
export async function withMinimumDuration<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    const left = ms - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
