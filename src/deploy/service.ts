// The polyvirt service in one object: ingest server + profile store + orchestrator, started and stopped together.
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { CostOptions } from '../cost/types.ts';
import { IngestServer } from '../ingest/ingest-server.ts';
import type { IngestAddress } from '../ingest/ingest-server.ts';
import { ProfileAggregator } from '../ingest/aggregate-profiles.ts';
import { openStore } from '../sigdb/store-registry.ts';
import type { SignatureStore, StoreSpec } from '../sigdb/types.ts';
import { Deployer } from './deployer.ts';
import { createLogger } from './logger.ts';
import type { Logger, LogLevel } from './logger.ts';
import type { Stages } from './stages.ts';

export interface ServiceOptions {
  /** Unix socket path (default /tmp/polyvirt.sock); "" for none. */
  readonly socket?: string;
  /** Socket file mode (default 0o600). */
  readonly socketMode?: number;
  /** "host:port" for an additional insecure TCP listener. */
  readonly tcp?: string;
  /** SQLite file (default ./.polyvirt/polyvirt.db), or a full store spec for another backend. */
  readonly store?: string | StoreSpec;
  /** Compiled artifacts (default ./.polyvirt/artifacts). */
  readonly cacheDir?: string;
  /** php-cli the verifier compares against (default "php"). */
  readonly php?: string;
  readonly logLevel?: LogLevel;
  /** Overrides logLevel: where log lines go. */
  readonly logger?: Logger;
  /** Compiler/verifier stages; the real ones by default. */
  readonly stages?: Stages;
  readonly cost?: Partial<CostOptions>;
  readonly compileTimeoutMs?: number;
  readonly verifyTimeoutMs?: number;
  /** Per-app tokens the Hello must carry. */
  readonly tokens?: Readonly<Record<string, string>>;
  /** How long close() waits for a running job before abandoning it (default 10 s). */
  readonly closeTimeoutMs?: number;
}

export interface Service {
  readonly address: IngestAddress;
  /**
   * 'region-status', 'deployment', 'outcome', 'revert', 'forced', 'idle' (from the orchestrator);
   * 'stream-open', 'stream-close', 'batch', 'rejected' (from ingest).
   */
  readonly events: EventEmitter;
  readonly store: SignatureStore;
  readonly profiles: ProfileAggregator;
  /** Resolves when every received profile has been evaluated and no job is queued or running. */
  whenIdle(): Promise<void>;
  revert(deploymentId: string, reason: string): Promise<boolean>;
  /** Stops accepting, finishes or abandons the running job, closes the store. Idempotent. */
  close(): Promise<void>;
}

export async function startService(options: ServiceOptions = {}): Promise<Service> {
  const log = options.logger ?? createLogger({ level: options.logLevel ?? 'info' });
  const spec: StoreSpec =
    typeof options.store === 'object' ? options.store : { kind: 'sqlite', location: resolve(options.store ?? '.polyvirt/polyvirt.db') };
  const store = await openStore(spec);
  const events = new EventEmitter();
  const profiles = new ProfileAggregator();
  const deployer = new Deployer({
    store,
    profiles,
    stages: options.stages,
    cacheDir: resolve(options.cacheDir ?? '.polyvirt/artifacts'),
    php: options.php ?? 'php',
    compileTimeoutMs: options.compileTimeoutMs,
    verifyTimeoutMs: options.verifyTimeoutMs,
    cost: options.cost,
    logger: log,
  });
  for (const name of ['region-status', 'deployment', 'outcome', 'revert', 'forced', 'idle']) {
    deployer.on(name, (ev: unknown) => events.emit(name, ev));
  }
  const failed = (what: string) => (e: unknown) => log.error(`internal error: ${what}`, { stage: 'deploy', error: e });
  const ingest = new IngestServer(
    {
      socket: options.socket ?? '/tmp/polyvirt.sock',
      socketMode: options.socketMode,
      tcp: options.tcp,
      tokens: options.tokens,
      logger: log,
      aggregator: profiles,
    },
    {
      onHello: (s) => {
        deployer.attachStream(s).catch(failed('sending deployments on hello'));
        events.emit('stream-open', { id: s.id, app: s.app, pid: s.hello.pid });
      },
      onProfiles: (s, changed, batch) => {
        deployer.profilesChanged(s.app, changed);
        events.emit('batch', { app: s.app, seq: batch.seq, regions: changed.map((p) => p.key) });
      },
      onOutcome: (s, o) => void deployer.outcome(s, o).catch(failed('recording an outcome')),
      // Force mode: the process is blocked until this answer (after any Deployment) arrives.
      onSpecialize: (s, id, profile) =>
        void deployer.forceSpecialize(s, profile.key).then((a) =>
          s.send({ specialized: { id, region_key: profile.key, deployment_id: a.deploymentId, reason: a.reason, retry: a.retry } }),
        ),
      onClose: (s) => {
        deployer.detachStream(s);
        events.emit('stream-close', { id: s.id, app: s.app, pid: s.hello.pid });
      },
    },
  );
  ingest.on('rejected', (r) => events.emit('rejected', r));
  try {
    await ingest.listen();
  } catch (e) {
    await store.close();
    throw e;
  }
  let closing: Promise<void> | undefined;
  return {
    address: ingest.address,
    events,
    store,
    profiles,
    whenIdle: () => deployer.whenIdle(),
    revert: (id, reason) => deployer.revert(id, reason),
    close: () =>
      (closing ??= (async () => {
        log.info('shutting down');
        await ingest.close();
        await deployer.close(options.closeTimeoutMs ?? 10_000);
        await store.close();
        log.info('stopped');
      })()),
  };
}
