// Typed wrapper over the verifier's native addon: load a kernel artifact, call its kernels.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PhpArrayEntry, PhpValue } from '../core/php-value.ts';

/** Where scripts/build-addon.sh puts the addon. */
export const ADDON_PATH = fileURLToPath(new URL('./addon/build/Release/polyvirt_verifier.node', import.meta.url));

export interface KernelDescriptor {
  /** Lowercased PHP function name, or "class::method" for a method. */
  readonly functionName: string;
  /** PV_KERNEL_METHOD: the lowercased class $this must have (args[0]); null for other kernels. */
  readonly receiverClass: string | null;
  readonly sourceSha256: string;
  readonly arity: number;
  /**
   * Per parameter: 4 (int), 5 (float), 3 (bool, accepts false and true), 6 (string), 7 (array),
   * 8 (object), plus 0x80 (PV_GUARD_BYREF) for a by-reference parameter.
   */
  readonly guard: number[];
  readonly flags: number;
}

/** An exception the kernel raised through host->throw_error. */
export interface KernelError {
  /** pv_error_class: 0 Error, 1 TypeError, 2 ArithmeticError, 3 DivisionByZeroError. */
  readonly errorClass: number;
  readonly message: string;
  /** PHP source line the kernel attributed the exception to. */
  readonly line: number;
}

/** The world outside the call a kernel may read through the host: PHP's state before the call. */
export interface KernelWorld {
  readonly globals?: readonly { readonly name: string; readonly value: PhpValue }[];
  /** Constants as the kernel names them ("N", "ns\\N", "A::B"). */
  readonly constants?: readonly { readonly name: string; readonly value: PhpValue }[];
  /** Statics by lowercased function name (their value before the call; missing: PV_UNDEF, as the extension's host). */
  readonly statics?: readonly { readonly fn: string; readonly name: string; readonly value: PhpValue }[];
  /** Classes declared for object_new / class_exists: declared slots and the defaults of a fresh object. */
  readonly classes?: readonly WorldClass[];
}

/** A class the kernel may instantiate: a class not listed is "not declared" (the kernel DEOPTs). */
export interface WorldClass {
  /** As declared. */
  readonly name: string;
  /** Declared instance properties in slot order: where a property set later goes. */
  readonly slots: readonly string[];
  /** Properties of a fresh object, in order. */
  readonly defaults: readonly PhpArrayEntry[];
}

export interface KernelResult {
  readonly status: 'ok' | 'deopt' | 'throw';
  /** Set when status is 'ok'. */
  readonly value?: PhpValue;
  /** Set when status is 'throw'. */
  readonly error?: KernelError;
  /** Committed output: the journal on 'ok', empty otherwise (abi.h commits only on PV_OK). */
  readonly output: Buffer;
  /** Wall time of the kernel entry call, in nanoseconds. */
  readonly nativeNs: number;
  /** Committed writes (status 'ok' only), in the order the kernel made them. */
  readonly globals: readonly { readonly name: string; readonly value: PhpValue }[];
  readonly statics: readonly { readonly fn: string; readonly name: string; readonly value: PhpValue }[];
  readonly byRef: readonly { readonly index: number; readonly value: PhpValue }[];
  /**
   * Every argument that is an object ($this is argument 0 of a method), as it is after the call.
   * Objects are numbered in one sequence per call (arguments first, then as first seen in the
   * result, then here), so identities compare with PHP's.
   */
  readonly objects: readonly { readonly index: number; readonly value: PhpValue }[];
}

export interface KernelModule {
  readonly abiVersion: number;
  readonly phpVersionId: number;
  readonly kernels: readonly KernelDescriptor[];
  /**
   * Calls kernel `index` on a 64 MiB-stack thread with `world` behind the host's global_get,
   * constant_get, static_get, object_new and class_exists, and waits for it. A method kernel
   * takes $this first (args.length === arity + 1). Strings and arrays are host objects the kernel
   * borrows; everything is freed after the call. Throws when the arguments do not pass the
   * kernel's guard or the kernel breaks the ABI (bad status, PV_THROW without exactly one
   * exception, a value used after it was freed or handed over, a lent value modified, released
   * or handed back, a write on DEOPT, a leaked string or array). A crashing kernel kills the
   * calling process.
   */
  call(index: number, args: readonly PhpValue[], world?: KernelWorld): KernelResult;
  /** dlcloses the artifact; later calls throw. */
  close(): void;
}

export const ERROR_CLASS_NAMES: readonly string[] = ['Error', 'TypeError', 'ArithmeticError', 'DivisionByZeroError'];

interface NativeAddon {
  readonly abiVersion: number;
  readonly threadStackBytes: number;
  readonly stackBudgetBytes: number;
  KernelModule: new (path: string) => KernelModule;
}

let addon: NativeAddon | undefined;

/** The native addon, loaded once; a clear error when scripts/build-addon.sh has not run. */
export function nativeAddon(): NativeAddon {
  if (addon) return addon;
  if (!existsSync(ADDON_PATH)) {
    throw new Error(`verifier addon not built (${ADDON_PATH} missing): run bash scripts/build-addon.sh`);
  }
  addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
  return addon;
}

/** dlopens a kernel artifact (RTLD_NOW|RTLD_LOCAL) and checks its ABI version; throws on a bad artifact. */
export function loadKernelModule(path: string): KernelModule {
  const Native = nativeAddon().KernelModule;
  return new Native(path);
}
