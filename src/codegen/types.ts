// Types the codegen stage produces: one C++ translation unit per plan.
import type { ScalarType } from '../core/php-value.ts';

export interface KernelInfo {
  readonly regionKey: string;
  readonly lcName: string;
  readonly sourceSha256: string;
  readonly paramTypes: readonly ScalarType[];
}

export interface CppUnit {
  /** Region key of the plan's root, for messages. */
  readonly rootKey: string;
  /** Complete C++ source; includes only cpp-templates headers. */
  readonly cpp: string;
  /** Kernels in descriptor order. */
  readonly kernels: readonly KernelInfo[];
}
