// Types the signature stage produces: a behavioral graph of one region version and its fingerprint.
import type { DirectedGraph } from 'graphology';

export type SignatureNodeKind = 'region' | 'caller' | 'callee' | 'args' | 'return';
/** calls: caller → callee (self-loop for recursion); args/returns: region → type tuple. */
export type SignatureEdgeKind = 'calls' | 'args' | 'returns';

export interface SignatureNodeAttributes {
  readonly kind: SignatureNodeKind;
  /** Region key for region/caller/callee nodes; comma-joined type codes for args/return ("other" for the rest). */
  readonly label: string;
}

export interface SignatureEdgeAttributes {
  readonly kind: SignatureEdgeKind;
  readonly weight: number;
}

export type SignatureGraph = DirectedGraph<SignatureNodeAttributes, SignatureEdgeAttributes>;

/** Sorted, stable form of the graph: equal behavior gives equal text. */
export interface SerializedSignatureGraph {
  readonly nodes: readonly { readonly key: string; readonly kind: SignatureNodeKind; readonly label: string }[];
  readonly edges: readonly {
    readonly key: string;
    readonly kind: SignatureEdgeKind;
    readonly source: string;
    readonly target: string;
    readonly weight: number;
  }[];
}

export interface Signature {
  /** Hex of the first 16 bytes of sha256(app, region key, source sha256, dominant argument tuple). */
  readonly id: string;
  readonly app: string;
  readonly regionKey: string;
  /** "" while the extension has not sent the region's source. */
  readonly sourceSha256: string;
  /** Type codes of the most frequent argument tuple (bool as 3); undefined without type profile. */
  readonly dominantArgTypes?: readonly number[];
  readonly calls: number;
  readonly graph: SignatureGraph;
  readonly serialized: SerializedSignatureGraph;
}
