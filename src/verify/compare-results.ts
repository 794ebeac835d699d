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
    case 'string':
      return b.kind === 'string' && a.value === b.value;
    // Same keys (with their int/string kind), same order, same values: what === on arrays does not
    // check (order), but what every later foreach, echo or json_encode would see.
    case 'array':
      return (
        b.kind === 'array' &&
        a.entries.length === b.entries.length &&
        a.entries.every((e, i) => {
          const f = b.entries[i]!;
          return typeof e.key === typeof f.key && e.key === f.key && sameValue(e.value, f.value);
        })
      );
    // Same class, same identity within the call, same properties in the same order.
    case 'object':
      return (
        b.kind === 'object' &&
        a.className === b.className &&
        a.id === b.id &&
        (a.repeat === true) === (b.repeat === true) &&
        a.props.length === b.props.length &&
        a.props.every((e, i) => e.key === b.props[i]!.key && sameValue(e.value, b.props[i]!.value))
      );
  }
}

/** The state a call started from, so the kernel's writes can be turned into the state after it. */
export interface CallWorldBefore {
  readonly args: readonly PhpValue[];
  readonly byRef: readonly boolean[];
  /** Global seeds by name (absent: unset) for every global of the world. */
  readonly globals: ReadonlyMap<string, PhpValue>;
  readonly globalNames: readonly string[];
  /** Static seeds keyed "fn::name", for every static of the world. */
  readonly statics: ReadonlyMap<string, PhpValue>;
  /** args[0] is $this (an instance method's receiver). */
  readonly receiver?: boolean;
}

/** How an argument is named in reasons: $this, or its position among the declared parameters. */
function argName(i: number, receiver: boolean): string {
  if (receiver && i === 0) return '$this';
  return `argument ${receiver ? i : i + 1}`;
}

// Names the first property that differs when both sides are the same object, else the whole objects.
function objectDifference(what: string, k: PhpValue | undefined, p: PhpValue | undefined): string | undefined {
  if (k !== undefined && p !== undefined && sameValue(k, p)) return undefined;
  if (k?.kind === 'object' && p?.kind === 'object' && k.className === p.className && k.id === p.id && !k.repeat && !p.repeat) {
    const names = [...new Set([...k.props.map((e) => String(e.key)), ...p.props.map((e) => String(e.key))])];
    for (const n of names) {
      const kv = k.props.find((e) => e.key === n)?.value;
      const pv = p.props.find((e) => e.key === n)?.value;
      if (kv === undefined || pv === undefined || !sameValue(kv, pv)) {
        return `property ${n} of ${what} is ${showMaybe(kv)} after the kernel but ${showMaybe(pv)} after PHP`;
      }
    }
    return `the properties of ${what} are in another order after the kernel (${showTyped(k)}) than after PHP (${showTyped(p)})`;
  }
  return `${what} is ${showMaybe(k)} after the kernel but ${showMaybe(p)} after PHP`;
}

function showMaybe(v: PhpValue | undefined): string {
  return v === undefined ? 'unset' : showTyped(v);
}

/**
 * Undefined when the world after the kernel's commit (its writes over the state before) is the
 * world PHP left, else which by-reference argument, global or static differs.
 */
export function compareWorld(kernel: KernelResult, php: PhpOutcome, before: CallWorldBefore): string | undefined {
  const ok = kernel.status === 'ok';
  // Objects are passed by handle: what the call did to their properties is seen by the caller.
  for (let i = 0; i < before.args.length; i++) {
    if (before.args[i]?.kind !== 'object') continue;
    const k = (kernel.objects ?? []).find((o) => o.index === i)?.value;
    const diff = objectDifference(argName(i, before.receiver === true), k, php.after.objects.get(i));
    if (diff !== undefined) return diff;
  }
  for (let i = 0; i < before.args.length; i++) {
    if (!before.byRef[i]) continue;
    let k: PhpValue | undefined = before.args[i];
    if (ok) for (const w of kernel.byRef) if (w.index === i) k = w.value;
    const p = php.after.byRef.get(i);
    if (k === undefined || p === undefined || !sameValue(k, p)) {
      return `by-reference ${argName(i, before.receiver === true)} is ${showMaybe(k)} after the kernel but ${showMaybe(p)} after PHP`;
    }
  }
  for (const name of before.globalNames) {
    let k = before.globals.get(name);
    if (ok) for (const w of kernel.globals) if (w.name === name) k = w.value;
    const p = php.after.globals.get(name);
    if (k === undefined ? p !== undefined : p === undefined || !sameValue(k, p)) {
      return `global $${name} is ${showMaybe(k)} after the kernel but ${showMaybe(p)} after PHP`;
    }
  }
  for (const [key, seed] of before.statics) {
    let k: PhpValue = seed;
    if (ok) for (const w of kernel.statics) if (`${w.fn}::${w.name}` === key) k = w.value;
    const p = php.after.statics.get(key);
    if (p === undefined || !sameValue(k, p)) return `static ${key} is ${showTyped(k)} after the kernel but ${showMaybe(p)} after PHP`;
  }
  if (ok) {
    for (const w of kernel.globals) {
      if (!before.globalNames.includes(w.name)) return `the kernel wrote global $${w.name}, which its module does not declare`;
    }
    for (const w of kernel.statics) {
      if (!before.statics.has(`${w.fn}::${w.name}`)) return `the kernel wrote static ${w.fn}::${w.name}, which its module does not declare`;
    }
  }
  return undefined;
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
export function compareWithPhp(kernel: KernelResult, php: PhpOutcome, compareLines: boolean, before?: CallWorldBefore): string | undefined {
  const differ = `kernel gave ${showKernelResult(kernel)} but PHP gave ${showPhpOutcome(php)}`;
  if (kernel.status === 'deopt') return undefined;
  if (!kernel.output.equals(php.output)) return differ;
  if (kernel.status === 'ok') {
    if (php.kind !== 'value' || !sameValue(kernel.value!, php.value)) return differ;
    return before ? compareWorld(kernel, php, before) : undefined;
  }
  const e = kernel.error!;
  if (php.kind !== 'throw') return differ;
  if (ERROR_CLASS_NAMES[e.errorClass] !== php.errorClass || e.message !== php.message) return differ;
  if (compareLines && e.line !== php.line) return differ;
  return before ? compareWorld(kernel, php, before) : undefined;
}
