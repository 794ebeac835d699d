// Messages between the verifier and its kernel worker child (sent with advanced serialization).
import type { PhpValue } from '../core/php-value.ts';
import type { KernelDescriptor, KernelResult, KernelWorld } from './addon.ts';

export interface WorkerRequest {
  readonly path: string;
  /** Lowercased PHP name of the kernel to run. */
  readonly functionName: string;
  readonly samples: readonly (readonly PhpValue[])[];
  /** Per sample: the world the kernel sees through the host (globals, constants, statics). */
  readonly worlds?: readonly (KernelWorld | undefined)[];
}

export type WorkerReply =
  | { readonly type: 'load-error'; readonly message: string }
  | {
      readonly type: 'loaded';
      readonly abiVersion: number;
      readonly phpVersionId: number;
      readonly kernels: readonly KernelDescriptor[];
      /** -1 when the artifact has no kernel of that name. */
      readonly kernelIndex: number;
    }
  /** The tuple does not pass the kernel's guard: in PHP it would never reach the kernel. */
  | { readonly type: 'skipped'; readonly i: number }
  | { readonly type: 'result'; readonly i: number; readonly result: KernelResult }
  /** The kernel broke the ABI on this tuple. */
  | { readonly type: 'call-error'; readonly i: number; readonly message: string }
  | { readonly type: 'done' };
