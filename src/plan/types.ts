// Types the plan stage produces: what to specialize, on which types, compiled together.
import type { ParamType, PhpValue } from '../core/php-value.ts';
import type { ClassSource, RegionSource, WorldHint } from '../ingest/types.ts';

export interface PlannedFunction {
  readonly regionKey: string;
  /** As declared, e.g. "fib". */
  readonly functionName: string;
  /**
   * Lowercased lookup name as in PHP's function table; for a method "class::method", both
   * lowercased (the kernel descriptor's function_name).
   */
  readonly lcName: string;
  /** The method's class as declared; '' (or absent, in plans made by hand) for a function. */
  readonly className?: string;
  /** An instance method: its kernel gets $this in args[0] (PV_KERNEL_METHOD). */
  readonly isMethod?: boolean;
  readonly isStatic?: boolean;
  /** Lowercased class $this must have exactly (the descriptor's receiver_class); '' unless isMethod. */
  readonly receiverClass?: string;
  /** Per parameter: the lowercased class of an 'object' parameter, '' for the other types. */
  readonly paramClasses?: readonly string[];
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
  /**
   * Argument tuples recorded for the root, replayed by the verifier. For an instance method the
   * receiver comes first (args[0] is $this, an object of its class), as in the kernel call.
   */
  readonly samples: readonly (readonly PhpValue[])[];
  /** Class sources of the planned functions, one per class (case-insensitive name), root's first. */
  readonly classes?: readonly ClassSource[];
  /**
   * Types the constants and globals named by the planned functions had when they turned hot,
   * joined over the functions (one per kind and name; disagreeing reports have type 0).
   */
  readonly world?: readonly WorldHint[];
}
