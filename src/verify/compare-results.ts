// Exact comparison of one kernel answer with what php-cli did on the same arguments.
import type { PhpValue } from '../core/php-value.ts';
import { ERROR_CLASS_NAMES, type KernelResult } from './addon.ts';
import type { PhpOutcome } from './php-harness.ts';
import { floatBitsHex, showTyped } from './php-literal.ts';

/** Same type and same bits; NAN equals NAN (PHP cannot tell NAN payloads apart in echo or ===-free code). */
export function sameValue(a: PhpValue, b: PhpValue): boolean {
  switch (a.kind) {
    case 'null':
      return b.kind === 'null';
    case 'bool':
      return b.kind === 'bool' && a.value === b.value;
    case 'int':
      return b.kind === 'int' && a.value === b.value;
    case 'float':
      if (b.kind !== 'float') return false;
      if (Number.isNaN(a.value) || Number.isNaN(b.value)) return Number.isNaN(a.value) && Number.isNaN(b.value);
      return floatBitsHex(a.value) === floatBitsHex(b.value);
  }
}

function showBytes(b: Buffer): string {
  return JSON.stringify(b.toString('latin1'));
}

export function showKernelResult(r: KernelResult): string {
  if (r.status === 'deopt') return 'DEOPT';
  if (r.status === 'throw') {
    const e = r.error!;
    return `${ERROR_CLASS_NAMES[e.errorClass] ?? `error class ${e.errorClass}`}("${e.message}") on line ${e.line}`;
  }
  const out = r.output.length > 0 ? ` with output ${showBytes(r.output)}` : '';
  return `${showTyped(r.value!)}${out}`;
}

export function showPhpOutcome(o: PhpOutcome): string {
  const out = o.output.length > 0 ? ` with output ${showBytes(o.output)}` : '';
  if (o.kind === 'value') return `${showTyped(o.value)}${out}`;
  if (o.kind === 'other') return `a ${o.phpType}${out}`;
  return `${o.errorClass}("${o.message}") on line ${o.line}${out}`;
}

/**
 * Undefined when the kernel's answer is exactly PHP's, else why not. Output counts too: on OK
 * the kernel's journal must equal PHP's output; on THROW the host commits nothing, so PHP must
 * have printed nothing either. Lines are compared only when the replay kept source lines.
 */
export function compareWithPhp(kernel: KernelResult, php: PhpOutcome, compareLines: boolean): string | undefined {
  const differ = `kernel gave ${showKernelResult(kernel)} but PHP gave ${showPhpOutcome(php)}`;
  if (kernel.status === 'deopt') return undefined;
  if (!kernel.output.equals(php.output)) return differ;
  if (kernel.status === 'ok') {
    return php.kind === 'value' && sameValue(kernel.value!, php.value) ? undefined : differ;
  }
  const e = kernel.error!;
  if (php.kind !== 'throw') return differ;
  if (ERROR_CLASS_NAMES[e.errorClass] !== php.errorClass || e.message !== php.message) return differ;
  if (compareLines && e.line !== php.line) return differ;
  return undefined;
}
