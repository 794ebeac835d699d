// Types of the signature database: signatures, decisions, artifacts, deployments, behind one async store interface.
import type { TypeTupleCount } from '../ingest/types.ts';

export type DecisionStatus = 'pending' | 'compiling' | 'declined' | 'deployed';
export const DECISION_STATUSES: readonly DecisionStatus[] = ['pending', 'compiling', 'declined', 'deployed'];

export interface SignatureRecord {
  readonly id: string;
  readonly app: string;
  readonly regionKey: string;
  readonly sourceSha256: string;
  /** Canonical JSON of the signature graph. */
  readonly graphJson: string;
  readonly dominantArgTypes?: readonly number[];
  /** Profile summary at the last update. */
  readonly calls: number;
  readonly timedCalls: number;
  readonly timeNs: number;
  readonly argTypes: readonly TypeTupleCount[];
  /** Epoch milliseconds. */
  readonly firstSeen: number;
  readonly lastSeen: number;
}

export type SignatureInput = Omit<SignatureRecord, 'firstSeen' | 'lastSeen'>;

export interface Decision {
  readonly signatureId: string;
  readonly status: DecisionStatus;
  /** Why (declined/pending), or a note such as "covered by deployment …". */
  readonly reason: string;
  /** Stage that decided, e.g. "cost", "plan", "verify", "deploy". */
  readonly stage: string;
  readonly deploymentId?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type DecisionInput = Pick<Decision, 'signatureId' | 'status' | 'reason' | 'stage'> & { readonly deploymentId?: string };

export interface KernelRefRecord {
  readonly regionKey: string;
  readonly sourceSha256: string;
  readonly guardTypes: readonly number[];
}

export interface KernelCounters {
  readonly nativeCalls: number;
  readonly guardFailures: number;
  readonly deopts: number;
  readonly throws: number;
}

export type DeploymentStatus = 'active' | 'reverted';

export interface DeploymentRecord {
  readonly id: string;
  readonly signatureId: string;
  readonly app: string;
  readonly artifactSha256: string;
  readonly kernels: readonly KernelRefRecord[];
  readonly status: DeploymentStatus;
  readonly revertReason?: string;
  readonly createdAt: number;
  /** Processes that reported the deployment installed / failed to install. */
  readonly installed: number;
  readonly failed: number;
  readonly lastError?: string;
  /** Summed outcome counters per kernel region key. */
  readonly counters: Readonly<Record<string, KernelCounters>>;
}

export interface DeploymentInput {
  readonly id: string;
  readonly signatureId: string;
  readonly app: string;
  readonly kernels: readonly KernelRefRecord[];
  readonly artifact: Uint8Array;
  readonly artifactSha256: string;
  /** Stored with the "deployed" decision. */
  readonly reason?: string;
}

export interface OutcomeInput {
  readonly installed: boolean;
  readonly error: string;
  readonly kernels: readonly ({ readonly regionKey: string } & KernelCounters)[];
}

/**
 * A signature store backend. Every method is atomic: it either fully happens or throws and leaves
 * the store as it was. Async so network backends (Redis) fit the same interface.
 */
export interface SignatureStore {
  readonly kind: string;
  /** Inserts or updates (profile summary, graph) a signature; firstSeen is kept. */
  putSignature(sig: SignatureInput): Promise<void>;
  getSignature(id: string): Promise<SignatureRecord | undefined>;
  /** Sorted by app, region key, then first seen. */
  listSignatures(filter?: { readonly app?: string }): Promise<SignatureRecord[]>;
  getDecision(signatureId: string): Promise<Decision | undefined>;
  /** The signature must exist. createdAt is kept on update. */
  setDecision(decision: DecisionInput): Promise<Decision>;
  /** Stores bytes under their sha256 (idempotent) and returns it. */
  putArtifact(bytes: Uint8Array): Promise<string>;
  getArtifact(sha256: string): Promise<Uint8Array | undefined>;
  /** Artifact + deployment + "deployed" decision, all or nothing. Throws if the sha256 does not match. */
  commitDeployment(input: DeploymentInput): Promise<DeploymentRecord>;
  getDeployment(id: string): Promise<DeploymentRecord | undefined>;
  /** Sorted by creation time. */
  listDeployments(filter?: { readonly app?: string; readonly status?: DeploymentStatus }): Promise<DeploymentRecord[]>;
  /** Adds a process's outcome to the deployment's counters; false if the deployment is unknown. */
  recordOutcome(deploymentId: string, outcome: OutcomeInput): Promise<boolean>;
  /** Marks a deployment reverted and its signature's decision declined; false if unknown. */
  revertDeployment(deploymentId: string, reason: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreSpec {
  /** Backend name in the registry: "sqlite" (default), later "redis". */
  readonly kind?: string;
  /** SQLite file path (sqlite), URL (redis). */
  readonly location: string;
  /** Refuse to create a new store (admin commands). */
  readonly mustExist?: boolean;
}
