// Match stage entry: find an existing decision for a signature (exact id; similarity candidates come later).
import type { SignatureStore } from '../sigdb/types.ts';
import type { Match } from './types.ts';

export type { Match } from './types.ts';

export async function matchSignature(sig: { readonly id: string }, store: SignatureStore): Promise<Match> {
  const decision = await store.getDecision(sig.id);
  if (!decision) return { kind: 'none' };
  const deployment = decision.deploymentId ? await store.getDeployment(decision.deploymentId) : undefined;
  return deployment ? { kind: 'exact', decision, deployment } : { kind: 'exact', decision };
}
