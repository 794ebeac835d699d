// The orchestrator: turns profile changes into specialization jobs, stores every decision, pushes deployments to streams.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isDeclined, StageError } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import { guardCodeOf } from '../core/php-value.ts';
import { estimatedTimeNs, shouldSpecialize } from '../cost/index.ts';
import type { CostOptions } from '../cost/types.ts';
import type { ClientStream } from '../ingest/ingest-server.ts';
import type { WireServerMessage } from '../ingest/proto.ts';
import type { RegionProfile } from '../ingest/types.ts';
import type { OutcomeInfo } from '../ingest/validate-message.ts';
import { matchSignature } from '../match/index.ts';
import { planRegion } from '../plan/index.ts';
import type { PlanOptions } from '../plan/index.ts';
import { buildSignature, signatureJson } from '../signature/build-signature.ts';
import type { Signature } from '../signature/types.ts';
import type { Decision, DecisionInput, DecisionStatus, DeploymentRecord, KernelRefRecord, SignatureStore } from '../sigdb/types.ts';
import { JobQueue } from './job-queue.ts';
import type { Logger } from './logger.ts';
import { silentLogger } from './logger.ts';
import { specializePlan } from './specialize.ts';
import { loadRealStages } from './stages.ts';
import type { Stages } from './stages.ts';

/** ABI version of cpp-templates/polyvirt/abi.h (PV_ABI_VERSION) that generated kernels are built against. */
export const KERNEL_ABI_VERSION = 2;

export interface RegionStatusEvent {
  readonly app: string;
  readonly region: string;
  readonly signatureId: string;
  readonly status: DecisionStatus;
  readonly stage: string;
  readonly reason: string;
  readonly deploymentId?: string;
}

export interface DeploymentEvent {
  readonly app: string;
  readonly region: string;
  readonly deploymentId: string;
  readonly signatureId: string;
  readonly artifactSha256: string;
  readonly kernels: readonly KernelRefRecord[];
  /** Streams the deployment was written to. */
  readonly sentTo: number;
}

/** The answer to a forced request (force mode): a deployment carrying the region's kernel, or why not. */
export interface ForcedAnswer {
  /** Empty when declined. */
  readonly deploymentId: string;
  readonly reason: string;
  /** Declined for a reason more profile may lift: asking again after other functions were seen may help. */
  readonly retry: boolean;
}

export interface ForcedEvent extends ForcedAnswer {
  readonly app: string;
  readonly region: string;
}

// The frontend's decline for a call it cannot resolve within the plan. In force mode the callee
// has often just not been called yet (the caller is asked first), so the process may ask again.
const UNSEEN_CALLEE = /outside the plan/;

// A forced request re-reads the profile when a job found it moved on while queued; bounded.
const FORCED_ATTEMPTS = 3;

export interface ProfileSource {
  get(app: string, key: string): RegionProfile | undefined;
  profiles(app: string): RegionProfile[];
}

export interface DeployerOptions {
  readonly store: SignatureStore;
  readonly profiles: ProfileSource;
  /** Compiler and verifier; the real ones by default. */
  readonly stages?: Stages | (() => Promise<Stages>);
  readonly cacheDir: string;
  readonly php: string;
  readonly compileTimeoutMs?: number;
  readonly verifyTimeoutMs?: number;
  readonly cost?: Partial<CostOptions>;
  readonly plan?: Omit<PlanOptions, 'signatureId' | 'cost'>;
  readonly logger?: Logger;
}

function regionOf(app: string, key: string): string {
  return `${app}\u0000${key}`;
}

function sameTypes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A stream can load kernels built for this ABI and PHP 8.2. */
function canLoad(stream: ClientStream): boolean {
  return stream.hello.abiVersion === KERNEL_ABI_VERSION && Math.floor(stream.hello.phpVersionId / 100) === 802;
}

/**
 * Events: 'region-status' (RegionStatusEvent), 'deployment' (DeploymentEvent),
 * 'outcome' ({app, deploymentId, installed, error, known}), 'revert' ({deploymentId, reason, sentTo}),
 * 'forced' (ForcedEvent), 'idle'.
 */
export class Deployer extends EventEmitter {
  readonly #o: DeployerOptions;
  readonly #log: Logger;
  readonly #streams = new Map<string, Set<ClientStream>>();
  readonly #queue: JobQueue;
  readonly #dirty = new Map<string, { app: string; key: string }>();
  // A deployment finished while a Hello was being answered would otherwise reach that stream twice.
  readonly #sent = new WeakMap<ClientStream, Set<string>>();
  readonly #generation = new Map<string, number>();
  readonly #callees = new Map<string, { gen: number; index: Map<string, Map<string, number>> }>();
  #pumping: Promise<void> | undefined;
  #stages: Promise<Stages> | undefined;
  #closed = false;

  constructor(options: DeployerOptions) {
    super();
    this.#o = options;
    this.#log = (options.logger ?? silentLogger).child({ stage: 'deploy' });
    this.#queue = new JobQueue((key, e) => this.#log.error('job failed outside the pipeline', { signature: key, error: e }));
  }

  // ---- streams ----

  /** Registers a stream and sends it every active deployment of its app. */
  async attachStream(stream: ClientStream): Promise<void> {
    let set = this.#streams.get(stream.app);
    if (!set) this.#streams.set(stream.app, (set = new Set()));
    set.add(stream);
    try {
      await this.#sendInitialState(stream);
    } finally {
      // Whatever happened above, the process may stop waiting for its start-up sync now.
      stream.send({ synced: {} });
    }
  }

  async #sendInitialState(stream: ClientStream): Promise<void> {
    if (!canLoad(stream)) {
      this.#log.warn('stream cannot load kernels (ABI or PHP version differs): profiling only', {
        app: stream.app,
        pid: stream.hello.pid,
        abi: stream.hello.abiVersion,
        php: stream.hello.phpVersionId,
      });
      return;
    }
    // A process may have kernels from its local artifact cache that were reverted while it was
    // away: name every reverted deployment of the app so it drops them.
    for (const d of await this.#o.store.listDeployments({ app: stream.app, status: 'reverted' })) {
      stream.send({ revert: { deployment_id: d.id, reason: d.revertReason ?? 'reverted' } });
    }
    for (const d of await this.#o.store.listDeployments({ app: stream.app, status: 'active' })) {
      const bytes = await this.#o.store.getArtifact(d.artifactSha256);
      if (!bytes) {
        this.#log.error('artifact missing from store', { app: d.app, deployment: d.id });
        continue;
      }
      if (this.#sendDeployment(stream, d, bytes)) {
        this.#log.info('deployment sent on hello', { app: d.app, deployment: d.id, pid: stream.hello.pid });
      }
    }
  }

  detachStream(stream: ClientStream): void {
    this.#streams.get(stream.app)?.delete(stream);
  }

  #deploymentMessage(d: DeploymentRecord, bytes: Uint8Array): WireServerMessage {
    return {
      deployment: {
        deployment_id: d.id,
        signature_id: d.signatureId,
        artifact: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        artifact_sha256: d.artifactSha256,
        kernels: d.kernels.map((k) => ({ region_key: k.regionKey, source_sha256: k.sourceSha256, guard_types: [...k.guardTypes] })),
      },
    };
  }

  #sendDeployment(stream: ClientStream, d: DeploymentRecord, bytes: Uint8Array): boolean {
    let sent = this.#sent.get(stream);
    if (!sent) this.#sent.set(stream, (sent = new Set()));
    if (sent.has(d.id) || !canLoad(stream)) return false;
    if (!stream.send(this.#deploymentMessage(d, bytes))) return false;
    sent.add(d.id);
    return true;
  }

  #broadcastDeployment(d: DeploymentRecord, bytes: Uint8Array): number {
    let n = 0;
    for (const s of this.#streams.get(d.app) ?? []) if (this.#sendDeployment(s, d, bytes)) n++;
    return n;
  }

  #broadcast(app: string, message: WireServerMessage): number {
    let sent = 0;
    for (const s of this.#streams.get(app) ?? []) if (canLoad(s) && s.send(message)) sent++;
    return sent;
  }

  // ---- profiles → jobs ----

  /** Notes changed regions; evaluation runs in the background, one region at a time. */
  profilesChanged(app: string, changed: readonly RegionProfile[]): void {
    if (this.#closed) return;
    this.#generation.set(app, (this.#generation.get(app) ?? 0) + 1);
    // Hottest first, so a caller is compiled (with its callees) before the callees alone.
    const order = [...changed].sort((a, b) => estimatedTimeNs(b) - estimatedTimeNs(a) || b.calls - a.calls);
    // A caller may be waiting for one of these (its source, its types): evaluate it again, and
    // first, so that it compiles them into its module rather than they compile alone.
    const callers = order.flatMap((p) => [...p.callers.keys()].filter((c) => c !== p.key && this.#o.profiles.get(app, c)));
    for (const key of [...callers, ...order.map((p) => p.key)]) this.#dirty.set(regionOf(app, key), { app, key });
    this.#pumping ??= this.#pump().finally(() => {
      this.#pumping = undefined;
      this.#maybeIdle();
    });
  }

  async #pump(): Promise<void> {
    while (this.#dirty.size > 0 && !this.#closed) {
      const [id, r] = this.#dirty.entries().next().value as [string, { app: string; key: string }];
      this.#dirty.delete(id);
      try {
        await this.#evaluate(r.app, r.key);
      } catch (e) {
        this.#log.error('internal error evaluating a region', { app: r.app, region: r.key, error: e });
      }
    }
  }

  #signature(p: RegionProfile): Signature {
    const callees = this.#calleeIndex(p.app).get(p.key);
    return buildSignature(p, callees ? { callees } : {});
  }

  // caller key → (callee key → calls), rebuilt only after a batch changed the app's profiles:
  // scanning every profile per evaluated region would be quadratic in the app's size.
  #calleeIndex(app: string): Map<string, Map<string, number>> {
    const gen = this.#generation.get(app) ?? 0;
    const have = this.#callees.get(app);
    if (have && have.gen === gen) return have.index;
    const index = new Map<string, Map<string, number>>();
    for (const q of this.#o.profiles.profiles(app)) {
      for (const [caller, n] of q.callers) {
        if (caller === q.key) continue;
        let m = index.get(caller);
        if (!m) index.set(caller, (m = new Map()));
        m.set(q.key, n);
      }
    }
    this.#callees.set(app, { gen, index });
    return index;
  }

  async #saveSignature(sig: Signature, p: RegionProfile): Promise<void> {
    await this.#o.store.putSignature({
      id: sig.id,
      app: sig.app,
      regionKey: sig.regionKey,
      sourceSha256: sig.sourceSha256,
      graphJson: signatureJson(sig),
      ...(sig.dominantArgTypes ? { dominantArgTypes: sig.dominantArgTypes } : {}),
      calls: p.calls,
      timedCalls: p.timedCalls,
      timeNs: p.timeNs,
      argTypes: p.argTypes.map((t) => ({ types: [...t.types], count: t.count })),
    });
  }

  async #decide(app: string, region: string, d: DecisionInput): Promise<void> {
    if (this.#closed) return;
    await this.#o.store.setDecision(d);
    const ev: RegionStatusEvent = { app, region, ...d };
    const fields = { app, region, signature: d.signatureId, status: d.status, reason: d.reason, decidedBy: d.stage };
    if (d.status === 'declined') this.#log.info('region declined', fields);
    else this.#log.debug('region status', fields);
    this.emit('region-status', ev);
  }

  async #evaluate(app: string, key: string): Promise<void> {
    const p = this.#o.profiles.get(app, key);
    // Without source there is nothing to plan; the extension sends it when the region turns hot.
    if (!p?.source) return;
    const sig = this.#signature(p);
    await this.#saveSignature(sig, p);
    if (this.#queue.has(sig.id)) return;
    const m = await matchSignature(sig, this.#o.store);
    if (m.kind === 'exact' && (m.decision.status === 'declined' || m.decision.status === 'deployed')) return;
    const worth = shouldSpecialize(p, this.#o.cost);
    if (isDeclined(worth)) {
      if (m.kind === 'none' || m.decision.reason !== worth.reason) {
        await this.#decide(app, key, { signatureId: sig.id, status: 'pending', stage: 'cost', reason: worth.reason });
      }
      return;
    }
    await this.#decide(app, key, { signatureId: sig.id, status: 'pending', stage: 'deploy', reason: 'queued' });
    this.#queue.enqueue(sig.id, () => this.#job(app, key, sig.id).finally(() => this.#maybeIdle()));
  }

  // ---- force mode ----

  /**
   * Force mode: specializes `key` now for the requesting process, whatever its hotness (the cost
   * gate is skipped; eligibility, the frontend and the verifier are not). The region's profile
   * must already hold the request's delta. The job jumps the queue; a stored deployed/declined
   * decision for the same signature is reused. Any Deployment is written to `stream` before this
   * resolves, so the answer can follow it.
   */
  async forceSpecialize(stream: ClientStream, key: string): Promise<ForcedAnswer> {
    const app = stream.app;
    const answer = await this.#forced(stream, key).catch((e: unknown): ForcedAnswer => {
      this.#log.error('internal error in a forced request', { app, region: key, error: e });
      return { deploymentId: '', reason: `internal error: ${e instanceof Error ? e.message : String(e)}`, retry: false };
    });
    const fields = { app, region: key, pid: stream.hello.pid, deployment: answer.deploymentId || undefined, reason: answer.reason };
    this.#log.info(answer.deploymentId ? 'forced: deployed' : 'forced: declined', fields);
    this.emit('forced', { app, region: key, ...answer } satisfies ForcedEvent);
    return answer;
  }

  async #forced(stream: ClientStream, key: string): Promise<ForcedAnswer> {
    const app = stream.app;
    const no = (reason: string, retry = false): ForcedAnswer => ({ deploymentId: '', reason, retry });
    if (!canLoad(stream)) return no('the process cannot load kernels (ABI or PHP version differs)');
    // The request added caller edges: the callee index must see them.
    this.#generation.set(app, (this.#generation.get(app) ?? 0) + 1);
    for (let attempt = 0; attempt < FORCED_ATTEMPTS; attempt++) {
      if (this.#closed) return no('the service is shutting down');
      const p = this.#o.profiles.get(app, key);
      if (!p?.source) return no('no source text (the file could not be read)');
      const sig = this.#signature(p);
      await this.#saveSignature(sig, p);
      const before = await matchSignature(sig, this.#o.store);
      const known = before.kind === 'exact' ? this.#forcedFromDecision(before.decision, before.deployment) : undefined;
      if (known) return known.deploymentId ? await this.#answerDeployed(stream, known) : known;
      await this.#queue.runFirst(sig.id, () => this.#job(app, key, sig.id).finally(() => this.#maybeIdle()));
      const after = await matchSignature(sig, this.#o.store);
      const decided = after.kind === 'exact' ? this.#forcedFromDecision(after.decision, after.deployment, true) : undefined;
      if (decided) return decided.deploymentId ? await this.#answerDeployed(stream, decided) : decided;
      // Superseded while queued, or abandoned: look at the profile as it is now.
    }
    return no('no decision reached');
  }

  /** A stored decision as an answer; undefined when a job has to run (none yet, pending, or worth retrying). */
  #forcedFromDecision(d: Decision, deployment: DeploymentRecord | undefined, fresh = false): ForcedAnswer | undefined {
    if (d.status === 'deployed' && d.deploymentId) {
      if (deployment?.status === 'active') return { deploymentId: deployment.id, reason: d.reason, retry: false };
      return { deploymentId: '', reason: `deployment ${d.deploymentId} is ${deployment?.status ?? 'missing'}`, retry: false };
    }
    if (d.status !== 'declined') return undefined;
    const retry = UNSEEN_CALLEE.test(d.reason);
    // A stored "unseen callee" decline is not reused: the callee may have been seen since.
    if (retry && !fresh) return undefined;
    return { deploymentId: '', reason: `${d.stage}: ${d.reason}`, retry };
  }

  async #answerDeployed(stream: ClientStream, a: ForcedAnswer): Promise<ForcedAnswer> {
    const d = await this.#o.store.getDeployment(a.deploymentId);
    const bytes = d ? await this.#o.store.getArtifact(d.artifactSha256) : undefined;
    if (!d || !bytes) return { deploymentId: '', reason: `artifact of deployment ${a.deploymentId} is missing from the store`, retry: false };
    // Usually sent already (at Hello, or by the job's broadcast); never twice.
    this.#sendDeployment(stream, d, bytes);
    return a;
  }

  #loadStages(): Promise<Stages> {
    const s = this.#o.stages;
    if (s && typeof s === 'object') return Promise.resolve(s);
    this.#stages ??= (s ?? loadRealStages)().catch((e: unknown) => {
      this.#stages = undefined; // try again for the next job
      throw e;
    });
    return this.#stages;
  }

  async #job(app: string, key: string, queuedId: string): Promise<void> {
    if (this.#closed) return;
    const p = this.#o.profiles.get(app, key);
    if (!p?.source) return;
    const sig = this.#signature(p);
    const log = this.#log.child({ app, region: key, signature: sig.id });
    let stage = 'deploy';
    try {
      if (sig.id !== queuedId) {
        // The profile moved on (new dominant types or source) while queued: work on what it is now.
        await this.#saveSignature(sig, p);
        await this.#decide(app, key, { signatureId: queuedId, status: 'pending', stage: 'deploy', reason: `superseded by ${sig.id}` });
        const m = await matchSignature(sig, this.#o.store);
        if (m.kind === 'exact' && (m.decision.status === 'declined' || m.decision.status === 'deployed')) return;
      }
      const covering = await this.#coveringDeployment(app, p, sig);
      if (covering) {
        await this.#decide(app, key, {
          signatureId: sig.id,
          status: 'deployed',
          stage: 'deploy',
          reason: `covered by deployment ${covering.id}`,
          deploymentId: covering.id,
        });
        return;
      }
      await this.#decide(app, key, { signatureId: sig.id, status: 'compiling', stage: 'deploy', reason: '' });
      stage = 'plan';
      const plan = planRegion(p, this.#o.profiles.profiles(app), { ...this.#o.plan, signatureId: sig.id, cost: this.#o.cost });
      if (isDeclined(plan)) return await this.#declined(app, key, sig.id, plan);
      log.info('specializing', { functions: plan.functions.map((f) => f.lcName), samples: plan.samples.length });
      stage = 'deploy';
      const stages = await this.#loadStages();
      const result = await specializePlan(plan, stages, {
        cacheDir: this.#o.cacheDir,
        php: this.#o.php,
        compileTimeoutMs: this.#o.compileTimeoutMs ?? 120_000,
        verifyTimeoutMs: this.#o.verifyTimeoutMs ?? 120_000,
        onStage: (s) => {
          stage = s;
          log.debug('stage', { step: s });
        },
      });
      if (this.#closed) return;
      if (isDeclined(result)) return await this.#declined(app, key, sig.id, result);
      stage = 'deploy';
      const artifact = result.verified.artifact;
      const bytes = await readFile(artifact.path);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== artifact.sha256) throw new StageError('deploy', key, `artifact ${artifact.path} changed on disk (sha256 ${sha})`);
      const kernels: KernelRefRecord[] = artifact.unit.kernels.map((k) => ({
        regionKey: k.regionKey,
        sourceSha256: k.sourceSha256,
        guardTypes: k.paramTypes.map((t, i) => guardCodeOf(t, k.byRef[i])),
      }));
      const deploymentId = `dep-${sig.id.slice(0, 16)}-${sha.slice(0, 16)}`;
      const reason = `verified on ${result.verified.compared} inputs (${result.verified.native} native)`;
      if (this.#closed) return;
      const rec = await this.#o.store.commitDeployment({
        id: deploymentId,
        signatureId: sig.id,
        app,
        kernels,
        artifact: bytes,
        artifactSha256: sha,
        reason,
      });
      const sentTo = this.#broadcastDeployment(rec, bytes);
      log.info('deployed', { deployment: deploymentId, artifact: sha, kernels: kernels.length, sentTo, compileMs: artifact.compileMs });
      const ev: DeploymentEvent = { app, region: key, deploymentId, signatureId: sig.id, artifactSha256: sha, kernels, sentTo };
      this.emit('region-status', {
        app,
        region: key,
        signatureId: sig.id,
        status: 'deployed',
        stage: 'deploy',
        reason,
        deploymentId,
      } satisfies RegionStatusEvent);
      this.emit('deployment', ev);
    } catch (e) {
      const at = e instanceof StageError ? e.stage : stage;
      const message = e instanceof StageError ? e.message : e instanceof Error ? e.message : String(e);
      log.error('internal error in specialize pipeline', { step: at, error: e });
      if (this.#closed) return;
      try {
        await this.#decide(app, key, { signatureId: sig.id, status: 'declined', stage: at, reason: `internal error: ${message}` });
      } catch (e2) {
        log.error('could not store the decision', { error: e2 });
      }
    }
  }

  async #declined(app: string, key: string, signatureId: string, d: Declined): Promise<void> {
    // A call the frontend could not resolve because a callee's source has not arrived yet is not
    // final: the region stays pending and is evaluated again when its callees' profiles change.
    if (UNSEEN_CALLEE.test(d.reason)) {
      const callees = [...(this.#calleeIndex(app).get(key)?.keys() ?? [])];
      const waiting = callees.filter((c) => !this.#o.profiles.get(app, c)?.source);
      if (waiting.length > 0) {
        const reason = `waiting for the source of ${waiting.join(', ')} (${d.reason})`;
        await this.#decide(app, key, { signatureId, status: 'pending', stage: d.stage, reason });
        return;
      }
    }
    await this.#decide(app, key, { signatureId, status: 'declined', stage: d.stage, reason: d.reason });
  }

  /** An active deployment that already carries this region's kernel for these types (compiled in as a callee). */
  async #coveringDeployment(app: string, p: RegionProfile, sig: Signature): Promise<DeploymentRecord | undefined> {
    const types = sig.dominantArgTypes;
    if (!types) return undefined;
    for (const d of await this.#o.store.listDeployments({ app, status: 'active' })) {
      for (const k of d.kernels) {
        if (k.regionKey === p.key && k.sourceSha256 === sig.sourceSha256 && sameTypes(k.guardTypes, types)) return d;
      }
    }
    return undefined;
  }

  // ---- outcomes, reverts ----

  async outcome(stream: ClientStream, o: OutcomeInfo): Promise<void> {
    const known = await this.#o.store.recordOutcome(o.deploymentId, o);
    const fields = { app: stream.app, pid: stream.hello.pid, deployment: o.deploymentId, installed: o.installed, error: o.error || undefined };
    if (!known) {
      // A kernel from the process's local cache that this service never made (or no longer
      // has): only a deployment the store vouches for may stay installed.
      this.#log.warn('outcome for an unknown deployment: telling the process to drop it', fields);
      if (o.installed) stream.send({ revert: { deployment_id: o.deploymentId, reason: 'unknown to the service' } });
    }
    else if (!o.installed && o.error) this.#log.warn('deployment failed to install', fields);
    else this.#log.debug('outcome', fields);
    this.emit('outcome', { app: stream.app, deploymentId: o.deploymentId, installed: o.installed, error: o.error, known });
  }

  /** Marks a deployment reverted and tells every connected process of its app to uninstall it. */
  async revert(deploymentId: string, reason: string): Promise<boolean> {
    const d = await this.#o.store.getDeployment(deploymentId);
    if (!d || !(await this.#o.store.revertDeployment(deploymentId, reason))) return false;
    const sentTo = this.#broadcast(d.app, { revert: { deployment_id: deploymentId, reason } });
    this.#log.info('deployment reverted', { app: d.app, deployment: deploymentId, reason, sentTo });
    this.emit('revert', { deploymentId, reason, sentTo });
    return true;
  }

  // ---- lifecycle ----

  #maybeIdle(): void {
    if (!this.#pumping && this.#dirty.size === 0 && this.#queue.size === 0) this.emit('idle');
  }

  /** Resolves once every noted profile change has been evaluated and every job has finished. */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.#pumping) await this.#pumping;
      await this.#queue.whenIdle();
      if (!this.#pumping && this.#dirty.size === 0 && this.#queue.size === 0) return;
    }
  }

  /**
   * Stops taking work: queued jobs are dropped (their signatures stay pending and are picked up by the
   * next run), the running one gets `timeoutMs` to finish, else it is abandoned and recorded as pending.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.#closed) return;
    this.#dirty.clear();
    if (this.#pumping) await this.#pumping.catch(() => {});
    const abandoned = await this.#queue.stop(timeoutMs);
    this.#closed = true;
    if (abandoned) {
      this.#log.warn('abandoned the running job at shutdown', { signature: abandoned });
      const d = await this.#o.store.getDecision(abandoned);
      if (d && d.status === 'compiling') {
        await this.#o.store.setDecision({ signatureId: abandoned, status: 'pending', stage: 'deploy', reason: 'abandoned at shutdown' });
      }
    }
    this.#streams.clear();
  }
}
