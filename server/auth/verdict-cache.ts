/**
 * Sessions as a re-auth round reads them, kept between rounds while the store's change
 * stamp for the sessions collection stays the same (Collection.changeStamp): an idle
 * process re-checks every seated client every round, and reading ten thousand sessions
 * that nobody wrote was most of its store work and garbage. A changed stamp (any session
 * written here, any commit by another process) drops everything; a store that gives no
 * stamp (MongoDB) is read every round, as before. A missing session is kept as null.
 */
export class VerdictCache<D extends { _id: string }> {
  #stamp: string | undefined;
  readonly #docs = new Map<string, D | null>();

  constructor(private readonly limit = 100_000) {}

  /** Each id's document (null when there is none), reading only what the cache cannot answer. */
  async read(ids: readonly string[], stamp: string | undefined, load: (ids: string[]) => Promise<D[]>): Promise<Map<string, D | null>> {
    if (stamp === undefined || stamp !== this.#stamp || this.#docs.size > this.limit) {
      this.#docs.clear();
      this.#stamp = stamp;
    }
    const missing = ids.filter((id) => !this.#docs.has(id));
    const found = missing.length > 0 ? await load(missing) : [];
    const out = new Map<string, D | null>();
    const fresh = new Map(found.map((d) => [d._id, d]));
    for (const id of ids) {
      const doc = fresh.get(id) ?? this.#docs.get(id) ?? null;
      out.set(id, doc);
      // Kept only under the stamp it was read at: a write since then has moved the stamp.
      if (stamp !== undefined && stamp === this.#stamp) this.#docs.set(id, doc);
    }
    return out;
  }
}
