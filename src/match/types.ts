// Types the match stage produces: what the store already knows about a signature.
import type { Decision, DeploymentRecord } from '../sigdb/types.ts';

export type Match =
  /** The same signature was seen before: reuse its decision (and deployment) instead of recompiling. */
  | { readonly kind: 'exact'; readonly decision: Decision; readonly deployment?: DeploymentRecord }
  | { readonly kind: 'none' };
