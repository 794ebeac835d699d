// Types the verify stage produces: an artifact proven to agree with php-cli on recorded inputs.
import type { Artifact } from '../compile/types.ts';

export interface Verified {
  readonly artifact: Artifact;
  /** Argument tuples on which kernel and php-cli were compared. */
  readonly compared: number;
  /** Of those, how many the kernel answered natively (the rest DEOPTed, which is always exact). */
  readonly native: number;
  /** Of `compared`, how many were derived extra tuples rather than recorded samples. */
  readonly extras?: number;
  /** Median kernel wall time per natively answered tuple, in nanoseconds (0 when none). */
  readonly medianNativeNs?: number;
}
