// Builds the behavioral graph of one region version (graphology) and derives its stable id.
import { createHash } from 'node:crypto';
import { DirectedGraph } from 'graphology';
import type { RegionProfile } from '../ingest/types.ts';
import { dominantTuple } from './dominant-types.ts';
import type {
  SerializedSignatureGraph,
  Signature,
  SignatureEdgeAttributes,
  SignatureEdgeKind,
  SignatureGraph,
  SignatureNodeAttributes,
  SignatureNodeKind,
} from './types.ts';

export interface SignatureContext {
  /** callee region key → calls from this region, when known (from the callees' caller edges). */
  readonly callees?: ReadonlyMap<string, number>;
}

export const REGION_NODE = 'region';

export function signatureId(app: string, regionKey: string, sourceSha256: string, dominant: readonly number[] | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([app, regionKey, sourceSha256, dominant ?? null]))
    .digest('hex')
    .slice(0, 32);
}

function addNode(g: SignatureGraph, key: string, kind: SignatureNodeKind, label: string): void {
  if (!g.hasNode(key)) g.addNode(key, { kind, label });
}

function addEdge(g: SignatureGraph, kind: SignatureEdgeKind, source: string, target: string, weight: number): void {
  if (weight <= 0) return;
  const key = `${kind}:${source}->${target}`;
  if (g.hasEdge(key)) g.updateEdgeAttribute(key, 'weight', (w) => (w ?? 0) + weight);
  else g.addDirectedEdgeWithKey(key, source, target, { kind, weight });
}

export function buildSignature(profile: RegionProfile, context: SignatureContext = {}): Signature {
  const g: SignatureGraph = new DirectedGraph<SignatureNodeAttributes, SignatureEdgeAttributes>({

    multi: false,
    allowSelfLoops: true,
  });
  addNode(g, REGION_NODE, 'region', profile.key);
  for (const [caller, n] of profile.callers) {
    // Recursion is a self-loop so two recursive functions look alike whatever their names.
    const node = caller === profile.key ? REGION_NODE : `caller:${caller}`;
    addNode(g, node, node === REGION_NODE ? 'region' : 'caller', caller);
    addEdge(g, 'calls', node, REGION_NODE, n);
  }
  for (const [callee, n] of context.callees ?? []) {
    if (callee === profile.key) continue;
    addNode(g, `callee:${callee}`, 'callee', callee);
    addEdge(g, 'calls', REGION_NODE, `callee:${callee}`, n);
  }
  for (const t of profile.argTypes) {
    const label = t.types.join(',');
    addNode(g, `args:${label}`, 'args', label);
    addEdge(g, 'args', REGION_NODE, `args:${label}`, t.count);
  }
  if (profile.argTypesOther > 0) {
    addNode(g, 'args:other', 'args', 'other');
    addEdge(g, 'args', REGION_NODE, 'args:other', profile.argTypesOther);
  }
  for (const t of profile.returnTypes) {
    const label = t.types.join(',');
    addNode(g, `ret:${label}`, 'return', label);
    addEdge(g, 'returns', REGION_NODE, `ret:${label}`, t.count);
  }
  const dominant = dominantTuple(profile.argTypes, profile.argTypesOther);
  const sourceSha256 = profile.source?.sha256 ?? '';
  return {
    id: signatureId(profile.app, profile.key, sourceSha256, dominant?.types),
    app: profile.app,
    regionKey: profile.key,
    sourceSha256,
    dominantArgTypes: dominant?.types,
    calls: profile.calls,
    graph: g,
    serialized: serializeSignatureGraph(g),
  };
}

const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function serializeSignatureGraph(g: SignatureGraph): SerializedSignatureGraph {
  const nodes = g.mapNodes((key, a) => ({ key, kind: a.kind, label: a.label })).sort(byKey);
  const edges = g
    .mapEdges((key, a, source, target) => ({ key, kind: a.kind, source, target, weight: a.weight }))
    .sort(byKey);
  return { nodes, edges };
}

/** Canonical JSON of a signature's graph (sorted keys in a fixed order). */
export function signatureJson(sig: Signature): string {
  return JSON.stringify(sig.serialized);
}
