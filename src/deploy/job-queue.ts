// A one-at-a-time job queue deduplicated by key: g++ takes a whole core, and one signature compiles once.
export class JobQueue {
  readonly #pending = new Map<string, () => Promise<void>>();
  #running: string | undefined;
  #current: Promise<void> | undefined;
  #idle: (() => void)[] = [];
  #stopped = false;

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  /** False if the key is already queued or running, or the queue is stopped. */
  enqueue(key: string, job: () => Promise<void>): boolean {
    if (this.#stopped || this.#pending.has(key) || this.#running === key) return false;
    this.#pending.set(key, job);
    if (!this.#running) void this.#next();
    return true;
  }

  has(key: string): boolean {
    return this.#pending.has(key) || this.#running === key;
  }

  get running(): string | undefined {
    return this.#running;
  }

  get size(): number {
    return this.#pending.size + (this.#running ? 1 : 0);
  }

  async #next(): Promise<void> {
    const first = this.#pending.entries().next();
    if (first.done) {
      this.#running = undefined;
      for (const f of this.#idle.splice(0)) f();
      return;
    }
    const [key, job] = first.value;
    this.#pending.delete(key);
    this.#running = key;
    this.#current = job().catch((e) => this.onError(key, e));
    await this.#current;
    this.#running = undefined;
    this.#current = undefined;
    void this.#next();
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (!this.#running && this.#pending.size === 0) return Promise.resolve();
    return new Promise((done) => this.#idle.push(done));
  }

  /**
   * Drops queued jobs and waits up to `timeoutMs` for the running one; resolves with the key of a job
   * that was still running (abandoned), if any.
   */
  async stop(timeoutMs: number): Promise<string | undefined> {
    this.#stopped = true;
    this.#pending.clear();
    const running = this.#running;
    const current = this.#current;
    if (!current) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      current.then(() => true),
      new Promise<false>((done) => (timer = setTimeout(() => done(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    return finished ? undefined : running;
  }
}
