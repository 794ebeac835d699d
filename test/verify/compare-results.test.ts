// Exact comparison rules between a kernel answer and PHP's.
import { describe, expect, it } from 'vitest';
import type { PhpValue } from '../../src/core/php-value.ts';
import type { KernelResult } from '../../src/verify/addon.ts';
import { compareWithPhp, sameValue } from '../../src/verify/compare-results.ts';
import type { PhpOutcome } from '../../src/verify/php-harness.ts';
import { float, int } from './kernel-fixtures.ts';

const none = Buffer.alloc(0);
const noWrites = { globals: [], statics: [], byRef: [], objects: [] };
const noAfter = { byRef: new Map(), globals: new Map(), statics: new Map(), objects: new Map() };
const ok = (value: KernelResult['value'], output = none): KernelResult => ({ status: 'ok', value, output, nativeNs: 1, ...noWrites });
const phpValue = (value: Extract<PhpOutcome, { kind: 'value' }>['value'], output = none): PhpOutcome => ({ id: 0, kind: 'value', value, output, after: noAfter });
const str = (value: string): PhpValue => ({ kind: 'string', value });
const arr = (...entries: [bigint | string, PhpValue][]): PhpValue => ({ kind: 'array', entries: entries.map(([key, value]) => ({ key, value })) });

describe('sameValue', () => {
  it('compares type and bits', () => {
    expect(sameValue(int(1n), float(1))).toBe(false);
    expect(sameValue(float(0), float(-0))).toBe(false);
    expect(sameValue(float(Number.NaN), float(Number.NaN))).toBe(true);
    expect(sameValue(float(Number.NaN), float(0))).toBe(false);
    expect(sameValue(int(-(1n << 63n)), int(-(1n << 63n)))).toBe(true);
  });

  it('compares strings byte for byte and arrays by keys (int vs string), order and values', () => {
    expect(sameValue(str('a\0b'), str('a\0b'))).toBe(true);
    expect(sameValue(str('a\0b'), str('a\0c'))).toBe(false);
    expect(sameValue(str('1'), int(1n))).toBe(false);
    expect(sameValue(arr([1n, int(1n)], ['a', str('x')]), arr([1n, int(1n)], ['a', str('x')]))).toBe(true);
    expect(sameValue(arr([1n, int(1n)], ['a', str('x')]), arr(['a', str('x')], [1n, int(1n)]))).toBe(false);
    expect(sameValue(arr(['1', int(1n)]), arr([1n, int(1n)]))).toBe(false);
    expect(sameValue(arr([0n, float(0)]), arr([0n, float(-0)]))).toBe(false);
    expect(sameValue(arr([0n, arr()]), arr([0n, arr([0n, int(1n)])]))).toBe(false);
  });
});

describe('compareWithPhp', () => {
  it('accepts DEOPT whatever PHP did', () => {
    expect(compareWithPhp({ status: 'deopt', output: none, nativeNs: 1, ...noWrites }, phpValue(int(3n)), true)).toBeUndefined();
  });

  it('requires the same output on OK', () => {
    expect(compareWithPhp(ok(int(2n), Buffer.from('x')), phpValue(int(2n), Buffer.from('x')), true)).toBeUndefined();
    expect(compareWithPhp(ok(int(2n)), phpValue(int(2n), Buffer.from('x')), true)).toMatch(/PHP gave int\(2\) with output "x"/);
  });

  it('requires class and message on THROW, and the line only when lines were preserved', () => {
    const thrown: KernelResult = { status: 'throw', error: { errorClass: 3, message: 'Modulo by zero', line: 4 }, output: none, nativeNs: 1, ...noWrites };
    const php = (errorClass: string, message: string, line: number): PhpOutcome => ({ id: 0, kind: 'throw', errorClass, message, line, output: none, after: noAfter });
    expect(compareWithPhp(thrown, php('DivisionByZeroError', 'Modulo by zero', 4), true)).toBeUndefined();
    expect(compareWithPhp(thrown, php('DivisionByZeroError', 'Modulo by zero', 9), false)).toBeUndefined();
    expect(compareWithPhp(thrown, php('DivisionByZeroError', 'Modulo by zero', 9), true)).toBeDefined();
    expect(compareWithPhp(thrown, php('ArithmeticError', 'Modulo by zero', 4), true)).toBeDefined();
    expect(compareWithPhp(thrown, phpValue(int(0n)), true)).toBeDefined();
  });
});

describe('compareWithPhp with a world', () => {
  const before = { args: [arr(), int(1n)], byRef: [true, false], globals: new Map([['g', int(5n)]]), globalNames: ['g', 'h'], statics: new Map() };
  const after = (byRef: PhpValue, g: PhpValue) => ({ byRef: new Map([[0, byRef]]), globals: new Map([['g', g]]), statics: new Map(), objects: new Map() });
  const php = (byRef: PhpValue, g: PhpValue): PhpOutcome => ({ id: 0, kind: 'value', value: int(0n), output: none, after: after(byRef, g) });

  it('applies the kernel\'s writes over the state before and compares with PHP\'s state after', () => {
    const k: KernelResult = { ...ok(int(0n)), byRef: [{ index: 0, value: arr([0n, int(1n)]) }], globals: [{ name: 'g', value: int(6n) }] };
    expect(compareWithPhp(k, php(arr([0n, int(1n)]), int(6n)), true, before)).toBeUndefined();
    expect(compareWithPhp(k, php(arr([0n, int(2n)]), int(6n)), true, before)).toMatch(/by-reference argument 1 is array\(1\)/);
    expect(compareWithPhp(k, php(arr([0n, int(1n)]), int(7n)), true, before)).toMatch(/global \$g is int\(6\) after the kernel but int\(7\) after PHP/);
  });

  it('notices a write the kernel forgot and a global PHP set that was unset', () => {
    expect(compareWithPhp(ok(int(0n)), php(arr(), int(6n)), true, before)).toMatch(/global \$g is int\(5\)/);
    const p: PhpOutcome = { id: 0, kind: 'value', value: int(0n), output: none, after: { ...after(arr(), int(5n)), globals: new Map([['g', int(5n)], ['h', int(1n)]]) } };
    expect(compareWithPhp(ok(int(0n)), p, true, before)).toMatch(/global \$h is unset after the kernel but int\(1\)/);
  });
});
