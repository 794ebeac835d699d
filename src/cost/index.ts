// Cost stage entry: the analytic "is this region hot enough to specialize" test.
import { decline } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import type { RegionProfile } from '../ingest/types.ts';
import { DEFAULT_COST_OPTIONS } from './types.ts';
import type { CostOptions } from './types.ts';

export { DEFAULT_COST_OPTIONS } from './types.ts';
export type { CostOptions } from './types.ts';

/** Estimated total inclusive time of all calls, from the timed ones. */
export function estimatedTimeNs(p: Pick<RegionProfile, 'calls' | 'timedCalls' | 'timeNs'>): number {
  return p.timedCalls > 0 ? (p.timeNs / p.timedCalls) * p.calls : 0;
}

/** true, or a Declined("not worth it yet") that is re-evaluated as more profile arrives. */
export function shouldSpecialize(profile: RegionProfile, options: Partial<CostOptions> = {}): true | Declined {
  const o = { ...DEFAULT_COST_OPTIONS, ...options };
  if (profile.calls >= o.minCalls) return true;
  const t = estimatedTimeNs(profile);
  if (t >= o.minTimeNs) return true;
  return decline(
    'cost',
    profile.key,
    `not worth it yet: ${profile.calls} calls (< ${o.minCalls}), ~${(t / 1e6).toFixed(1)} ms (< ${(o.minTimeNs / 1e6).toFixed(1)} ms)`,
  );
}
