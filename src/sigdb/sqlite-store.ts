// SQLite backend of the signature store (better-sqlite3, WAL): every write runs in one transaction.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StageError } from '../core/declined.ts';
import { MIGRATIONS } from './sqlite-migrations.ts';
import type {
  Decision,
  DecisionInput,
  DeploymentInput,
  DeploymentRecord,
  DeploymentStatus,
  KernelCounters,
  OutcomeInput,
  SignatureInput,
  SignatureRecord,
  SignatureStore,
  StoreSpec,
} from './types.ts';

interface SignatureRow {
  id: string;
  app: string;
  region_key: string;
  source_sha256: string;
  graph_json: string;
  dominant_json: string | null;
  calls: number;
  timed_calls: number;
  time_ns: number;
  arg_types_json: string;
  first_seen: number;
  last_seen: number;
}

interface DecisionRow {
  signature_id: string;
  status: Decision['status'];
  reason: string;
  stage: string;
  deployment_id: string | null;
  created_at: number;
  updated_at: number;
}

interface DeploymentRow {
  id: string;
  signature_id: string;
  app: string;
  artifact_sha256: string;
  kernels_json: string;
  status: DeploymentStatus;
  revert_reason: string | null;
  created_at: number;
  installed_count: number;
  failed_count: number;
  last_error: string | null;
}

interface KernelRow {
  region_key: string;
  native_calls: number;
  guard_failures: number;
  deopts: number;
  throws: number;
}

function toSignature(r: SignatureRow): SignatureRecord {
  return {
    id: r.id,
    app: r.app,
    regionKey: r.region_key,
    sourceSha256: r.source_sha256,
    graphJson: r.graph_json,
    ...(r.dominant_json !== null ? { dominantArgTypes: JSON.parse(r.dominant_json) as number[] } : {}),
    calls: r.calls,
    timedCalls: r.timed_calls,
    timeNs: r.time_ns,
    argTypes: JSON.parse(r.arg_types_json),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}

function toDecision(r: DecisionRow): Decision {
  return {
    signatureId: r.signature_id,
    status: r.status,
    reason: r.reason,
    stage: r.stage,
    ...(r.deployment_id !== null ? { deploymentId: r.deployment_id } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class SqliteSignatureStore implements SignatureStore {
  readonly kind = 'sqlite';
  readonly path: string;
  readonly #db: Database.Database;
  // Milliseconds must move forward even when two writes land in the same millisecond, for stable ordering.
  #lastNow = 0;

  constructor(spec: StoreSpec) {
    this.path = resolve(spec.location);
    if (spec.mustExist && !existsSync(this.path)) throw new StageError('sigdb', '-', `no store at ${this.path}`);
    mkdirSync(dirname(this.path), { recursive: true });
    this.#db = new Database(this.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    this.#migrate();
  }

  /** The journal mode SQLite reports ("wal"), for tests and diagnostics. */
  journalMode(): string {
    return String(this.#db.pragma('journal_mode', { simple: true }));
  }

  schemaVersion(): number {
    const r = this.#db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return r.v ?? 0;
  }

  #now(): number {
    this.#lastNow = Math.max(Date.now(), this.#lastNow + 1);
    return this.#lastNow;
  }

  #migrate(): void {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const have = this.schemaVersion();
    for (const m of MIGRATIONS) {
      if (m.version <= have) continue;
      this.#db.transaction(() => {
        this.#db.exec(m.sql);
        this.#db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
      })();
    }
  }

  async putSignature(s: SignatureInput): Promise<void> {
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO signatures (id, app, region_key, source_sha256, graph_json, dominant_json, calls, timed_calls, time_ns,
           arg_types_json, first_seen, last_seen)
         VALUES (@id, @app, @region_key, @source_sha256, @graph_json, @dominant_json, @calls, @timed_calls, @time_ns,
           @arg_types_json, @now, @now)
         ON CONFLICT (id) DO UPDATE SET graph_json = excluded.graph_json, calls = excluded.calls,
           timed_calls = excluded.timed_calls, time_ns = excluded.time_ns, arg_types_json = excluded.arg_types_json,
           last_seen = excluded.last_seen`,
      )
      .run({
        id: s.id,
        app: s.app,
        region_key: s.regionKey,
        source_sha256: s.sourceSha256,
        graph_json: s.graphJson,
        dominant_json: s.dominantArgTypes ? JSON.stringify(s.dominantArgTypes) : null,
        calls: s.calls,
        timed_calls: s.timedCalls,
        time_ns: s.timeNs,
        arg_types_json: JSON.stringify(s.argTypes),
        now,
      });
  }

  async getSignature(id: string): Promise<SignatureRecord | undefined> {
    const r = this.#db.prepare('SELECT * FROM signatures WHERE id = ?').get(id) as SignatureRow | undefined;
    return r && toSignature(r);
  }

  async listSignatures(filter: { app?: string } = {}): Promise<SignatureRecord[]> {
    const rows = (
      filter.app !== undefined
        ? this.#db.prepare('SELECT * FROM signatures WHERE app = ? ORDER BY app, region_key, first_seen, id').all(filter.app)
        : this.#db.prepare('SELECT * FROM signatures ORDER BY app, region_key, first_seen, id').all()
    ) as SignatureRow[];
    return rows.map(toSignature);
  }

  async getDecision(signatureId: string): Promise<Decision | undefined> {
    const r = this.#db.prepare('SELECT * FROM decisions WHERE signature_id = ?').get(signatureId) as DecisionRow | undefined;
    return r && toDecision(r);
  }

  #setDecision(d: DecisionInput): Decision {
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO decisions (signature_id, status, reason, stage, deployment_id, created_at, updated_at)
         VALUES (@signature_id, @status, @reason, @stage, @deployment_id, @now, @now)
         ON CONFLICT (signature_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
           stage = excluded.stage, deployment_id = excluded.deployment_id, updated_at = excluded.updated_at`,
      )
      .run({
        signature_id: d.signatureId,
        status: d.status,
        reason: d.reason,
        stage: d.stage,
        deployment_id: d.deploymentId ?? null,
        now,
      });
    return toDecision(this.#db.prepare('SELECT * FROM decisions WHERE signature_id = ?').get(d.signatureId) as DecisionRow);
  }

  async setDecision(d: DecisionInput): Promise<Decision> {
    return this.#db.transaction(() => this.#setDecision(d))();
  }

  #putArtifact(bytes: Uint8Array, sha256: string): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO artifacts (sha256, bytes, size, created_at) VALUES (?, ?, ?, ?)')
      .run(sha256, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength, this.#now());
  }

  async putArtifact(bytes: Uint8Array): Promise<string> {
    const sha = createHash('sha256').update(bytes).digest('hex');
    this.#putArtifact(bytes, sha);
    return sha;
  }

  async getArtifact(sha256: string): Promise<Uint8Array | undefined> {
    const r = this.#db.prepare('SELECT bytes FROM artifacts WHERE sha256 = ?').get(sha256) as { bytes: Buffer } | undefined;
    return r?.bytes;
  }

  async commitDeployment(d: DeploymentInput): Promise<DeploymentRecord> {
    const sha = createHash('sha256').update(d.artifact).digest('hex');
    this.#db.transaction(() => {
      this.#putArtifact(d.artifact, sha);
      // Checked inside the transaction, after a write, so a mismatch also proves the rollback.
      if (sha !== d.artifactSha256) {
        throw new StageError('sigdb', d.signatureId, `artifact sha256 ${d.artifactSha256} does not match its bytes (${sha})`);
      }
      this.#db
        .prepare(
          `INSERT INTO deployments (id, signature_id, app, artifact_sha256, kernels_json, status, created_at)
           VALUES (?, ?, ?, ?, ?, 'active', ?)`,
        )
        .run(d.id, d.signatureId, d.app, sha, JSON.stringify(d.kernels), this.#now());
      this.#setDecision({
        signatureId: d.signatureId,
        status: 'deployed',
        reason: d.reason ?? '',
        stage: 'deploy',
        deploymentId: d.id,
      });
    })();
    return (await this.getDeployment(d.id))!;
  }

  #deployment(r: DeploymentRow): DeploymentRecord {
    const counters: Record<string, KernelCounters> = {};
    const rows = this.#db.prepare('SELECT * FROM deployment_kernels WHERE deployment_id = ? ORDER BY region_key').all(r.id) as KernelRow[];
    for (const k of rows) {
      counters[k.region_key] = { nativeCalls: k.native_calls, guardFailures: k.guard_failures, deopts: k.deopts, throws: k.throws };
    }
    return {
      id: r.id,
      signatureId: r.signature_id,
      app: r.app,
      artifactSha256: r.artifact_sha256,
      kernels: JSON.parse(r.kernels_json),
      status: r.status,
      ...(r.revert_reason !== null ? { revertReason: r.revert_reason } : {}),
      createdAt: r.created_at,
      installed: r.installed_count,
      failed: r.failed_count,
      ...(r.last_error !== null ? { lastError: r.last_error } : {}),
      counters,
    };
  }

  async getDeployment(id: string): Promise<DeploymentRecord | undefined> {
    const r = this.#db.prepare('SELECT * FROM deployments WHERE id = ?').get(id) as DeploymentRow | undefined;
    return r && this.#deployment(r);
  }

  async listDeployments(filter: { app?: string; status?: DeploymentStatus } = {}): Promise<DeploymentRecord[]> {
    const rows = this.#db
      .prepare(
        `SELECT * FROM deployments WHERE (@app IS NULL OR app = @app) AND (@status IS NULL OR status = @status)
         ORDER BY created_at, id`,
      )
      .all({ app: filter.app ?? null, status: filter.status ?? null }) as DeploymentRow[];
    return rows.map((r) => this.#deployment(r));
  }

  async recordOutcome(deploymentId: string, o: OutcomeInput): Promise<boolean> {
    return this.#db.transaction(() => {
      const known = this.#db.prepare('SELECT 1 FROM deployments WHERE id = ?').get(deploymentId);
      if (!known) return false;
      this.#db
        .prepare(
          `UPDATE deployments SET installed_count = installed_count + ?, failed_count = failed_count + ?,
             last_error = CASE WHEN ? = '' THEN last_error ELSE ? END WHERE id = ?`,
        )
        .run(o.installed ? 1 : 0, !o.installed && o.error !== '' ? 1 : 0, o.error, o.error, deploymentId);
      const add = this.#db.prepare(
        `INSERT INTO deployment_kernels (deployment_id, region_key, native_calls, guard_failures, deopts, throws)
         VALUES (@d, @k, @n, @g, @o, @t)
         ON CONFLICT (deployment_id, region_key) DO UPDATE SET native_calls = native_calls + excluded.native_calls,
           guard_failures = guard_failures + excluded.guard_failures, deopts = deopts + excluded.deopts,
           throws = throws + excluded.throws`,
      );
      for (const k of o.kernels) {
        add.run({ d: deploymentId, k: k.regionKey, n: k.nativeCalls, g: k.guardFailures, o: k.deopts, t: k.throws });
      }
      return true;
    })();
  }

  async revertDeployment(deploymentId: string, reason: string): Promise<boolean> {
    return this.#db.transaction(() => {
      const r = this.#db.prepare('SELECT signature_id FROM deployments WHERE id = ?').get(deploymentId) as
        | { signature_id: string }
        | undefined;
      if (!r) return false;
      this.#db.prepare("UPDATE deployments SET status = 'reverted', revert_reason = ? WHERE id = ?").run(reason, deploymentId);
      this.#setDecision({ signatureId: r.signature_id, status: 'declined', reason: `reverted: ${reason}`, stage: 'deploy' });
      return true;
    })();
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
