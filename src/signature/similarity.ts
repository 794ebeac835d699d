// Similarity of two signatures: weighted Jaccard over typed edges, weights normalized per edge kind.
import { REGION_NODE } from './build-signature.ts';
import type { SerializedSignatureGraph, Signature } from './types.ts';

// Region names differ between two regions; what is compared is their shape, so a region's own node
// is anonymous, and weights are shares of each edge kind so call volume alone does not count.
function normalizedEdges(g: SerializedSignatureGraph): Map<string, number> {
  const totals = new Map<string, number>();
  for (const e of g.edges) totals.set(e.kind, (totals.get(e.kind) ?? 0) + e.weight);
  const labels = new Map(g.nodes.map((n) => [n.key, n.key === REGION_NODE ? REGION_NODE : n.key]));
  const out = new Map<string, number>();
  for (const e of g.edges) {
    const total = totals.get(e.kind) ?? 0;
    if (total <= 0) continue;
    const k = `${e.kind}|${labels.get(e.source) ?? e.source}|${labels.get(e.target) ?? e.target}`;
    out.set(k, (out.get(k) ?? 0) + e.weight / total);
  }
  return out;
}

/** In [0, 1]: 1 for identical shapes, 0 for nothing in common. */
export function similarity(a: Signature | SerializedSignatureGraph, b: Signature | SerializedSignatureGraph): number {
  const ea = normalizedEdges('serialized' in a ? a.serialized : a);
  const eb = normalizedEdges('serialized' in b ? b.serialized : b);
  if (ea.size === 0 && eb.size === 0) return 1;
  let min = 0;
  let max = 0;
  for (const k of new Set([...ea.keys(), ...eb.keys()])) {
    const x = ea.get(k) ?? 0;
    const y = eb.get(k) ?? 0;
    min += Math.min(x, y);
    max += Math.max(x, y);
  }
  return max === 0 ? 1 : min / max;
}
