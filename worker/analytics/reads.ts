/**
 * The reads of one report, sent to D1 in one batch (one round trip instead of
 * one per statement): the measures add their statements synchronously and get
 * promises, `run()` sends them all and settles the promises.
 */
export class Reads {
  private items: { stmt: D1PreparedStatement; resolve: (r: D1Result<unknown>) => void; reject: (e: unknown) => void }[] = [];
  constructor(readonly db: D1Database) {}

  private ran = false;

  all<T>(stmt: D1PreparedStatement): Promise<T[]> {
    // a read added after the batch went out runs on its own
    if (this.ran) return stmt.all<T>().then((r) => r.results);
    return new Promise<D1Result<unknown>>((resolve, reject) => this.items.push({ stmt, resolve, reject })).then((r) => r.results as T[]);
  }

  first<T>(stmt: D1PreparedStatement): Promise<T | null> {
    return this.all<T>(stmt).then((rows) => rows[0] ?? null);
  }

  async run(): Promise<void> {
    this.ran = true;
    const items = this.items;
    this.items = [];
    if (!items.length) return;
    try {
      const results = await this.db.batch(items.map((i) => i.stmt));
      results.forEach((r, i) => items[i]!.resolve(r));
    } catch (err) {
      for (const i of items) i.reject(err);
    }
  }
}

/** Runs `fn`'s reads in one batch and returns its answer. */
export async function batched<T>(db: D1Database, fn: (r: Reads) => Promise<T>): Promise<T> {
  const reads = new Reads(db);
  const answer = fn(reads);
  await reads.run();
  return answer;
}
