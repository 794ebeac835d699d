// The most frequent argument type tuple of a profile, with a deterministic tie-break.
import type { TypeTupleCount } from '../ingest/types.ts';

export interface DominantTuple {
  readonly types: readonly number[];
  readonly count: number;
  /** Calls whose tuple was recorded at all (the tuples plus "other"). */
  readonly total: number;
}

export function dominantTuple(tuples: readonly TypeTupleCount[], other: number): DominantTuple | undefined {
  let best: TypeTupleCount | undefined;
  let total = other;
  for (const t of tuples) {
    total += t.count;
    if (t.count === 0) continue;
    if (!best || t.count > best.count || (t.count === best.count && t.types.join(',') < best.types.join(','))) best = t;
  }
  return best ? { types: best.types, count: best.count, total } : undefined;
}
