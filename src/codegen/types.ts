// Types the codegen stage produces: one C++ translation unit per plan.
import type { ParamType } from '../core/php-value.ts';
import type { WorldSlot } from '../frontend/types.ts';

export interface KernelInfo {
  readonly regionKey: string;
  readonly lcName: string;
  readonly sourceSha256: string;
  readonly paramTypes: readonly ParamType[];
  /** Per parameter: passed by reference (the kernel writes it back on commit). */
  readonly byRef: readonly boolean[];
  /** The kernel prints or writes globals, statics, properties or by-reference arguments (PV_KERNEL_EFFECTS). */
  readonly effects: boolean;
  /** A method kernel (PV_KERNEL_METHOD): the lowercased class $this must have exactly; paramTypes/byRef exclude $this. */
  readonly receiverClass?: string;
}

export interface CppUnit {
  /** Region key of the plan's root, for messages. */
  readonly rootKey: string;
  /** Complete C++ source; includes only cpp-templates headers. */
  readonly cpp: string;
  /** Kernels in descriptor order. */
  readonly kernels: readonly KernelInfo[];
  /** Globals, statics and constants the module reads or writes (the verifier seeds them). */
  readonly world: readonly WorldSlot[];
}
