// A one-at-a-time job queue deduplicated by key: g++ takes a whole core, and one signature compiles once.
export class JobQueue {
  readonly #pending = new Map<string, () => Promise<void>>();
  #running: string | undefined;
  #current: Promise<void> | undefined;
  #idle: (() => void)[] = [];
  // Whoever waits for one key's job to be over (run, failed or dropped by stop()).
  readonly #done = new Map<string, (() => void)[]>();
  #stopped = false;

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  /** False if the key is already queued or running, or the queue is stopped. */
  enqueue(key: string, job: () => Promise<void>): boolean {
    if (this.#stopped || this.#pending.has(key) || this.#running === key) return false;
    this.#pending.set(key, job);
    if (!this.#running) void this.#next();
    return true;
  }

  /**
   * Runs `job` next (ahead of everything queued) unless the key is already running, and resolves
   * once the key's job is over; a queued job of the same key is moved to the front, not replaced.
   */
  runFirst(key: string, job: () => Promise<void>): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const done = new Promise<void>((resolve) => {
      const list = this.#done.get(key);
      if (list) list.push(resolve);
      else this.#done.set(key, [resolve]);
    });
    if (this.#running !== key) {
      const first = this.#pending.get(key) ?? job;
      const rest = [...this.#pending].filter(([k]) => k !== key);
      this.#pending.clear();
      this.#pending.set(key, first);
      for (const [k, j] of rest) this.#pending.set(k, j);
      if (!this.#running) void this.#next();
    }
    return done;
  }

  #finished(key: string): void {
    const list = this.#done.get(key);
    this.#done.delete(key);
    for (const f of list ?? []) f();
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
    this.#finished(key);
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
    for (const k of this.#pending.keys()) this.#finished(k);
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
    if (running) this.#finished(running); // an abandoned job's waiters must not wait forever
    return finished ? undefined : running;
  }
}
