// Types the plan stage produces: what to specialize, on which types, compiled together.
import type { ParamType, PhpValue } from '../core/php-value.ts';
import type { RegionSource } from '../ingest/types.ts';

export interface PlannedFunction {
  readonly regionKey: string;
  /** As declared, e.g. "fib". */
  readonly functionName: string;
  /** Lowercased lookup name as in PHP's function table. */
  readonly lcName: string;
  readonly source: RegionSource;
  /** Parameter types the kernel is guarded on (exact arity). */
  readonly paramTypes: readonly ParamType[];
  /** Per parameter: declared by reference (`&$a`). */
  readonly byRef: readonly boolean[];
  /** True when the function gets its own kernel entry (installed in PHP). */
  readonly exported: boolean;
}

export interface Plan {
  readonly app: string;
  readonly signatureId: string;
  readonly rootKey: string;
  /** The root first, then the callees compiled into the same module. */
  readonly functions: readonly PlannedFunction[];
  /** Argument tuples recorded for the root, replayed by the verifier. */
  readonly samples: readonly (readonly PhpValue[])[];
}
