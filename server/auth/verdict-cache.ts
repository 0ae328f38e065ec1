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

  /**
   * Each id's document (null when there is none), reading only what the cache cannot
   * answer. The map answers at least `ids`. When the cache answers them all it is the
   * cache itself (read it before the next call): a round where nothing was written
   * builds nothing.
   */
  async read(ids: readonly string[], stamp: string | undefined, load: (ids: string[]) => Promise<D[]>): Promise<ReadonlyMap<string, D | null>> {
    if (stamp === undefined || stamp !== this.#stamp || this.#docs.size > this.limit) {
      this.#docs.clear();
      this.#stamp = stamp;
    }
    if (ids.every((id) => this.#docs.has(id))) return this.#docs;
    const missing = ids.filter((id) => !this.#docs.has(id));
    // What the cache holds now, taken before the read: another round may clear it meanwhile.
    const found = new Map<string, D | null>(ids.map((id) => [id, this.#docs.get(id) ?? null]));
    for (const doc of await load(missing)) found.set(doc._id, doc);
    // Kept only under the stamp it was read at: a write since then has moved the stamp.
    if (stamp !== undefined && stamp === this.#stamp) for (const [id, doc] of found) this.#docs.set(id, doc);
    return found;
  }
}
