// Exact comparison rules between a kernel answer and PHP's.
import { describe, expect, it } from 'vitest';
import type { KernelResult } from '../../src/verify/addon.ts';
import { compareWithPhp, sameValue } from '../../src/verify/compare-results.ts';
import type { PhpOutcome } from '../../src/verify/php-harness.ts';
import { float, int } from './kernel-fixtures.ts';

const none = Buffer.alloc(0);
const ok = (value: KernelResult['value'], output = none): KernelResult => ({ status: 'ok', value, output, nativeNs: 1 });
const phpValue = (value: Extract<PhpOutcome, { kind: 'value' }>['value'], output = none): PhpOutcome => ({ id: 0, kind: 'value', value, output });

describe('sameValue', () => {
  it('compares type and bits', () => {
    expect(sameValue(int(1n), float(1))).toBe(false);
    expect(sameValue(float(0), float(-0))).toBe(false);
    expect(sameValue(float(Number.NaN), float(Number.NaN))).toBe(true);
    expect(sameValue(float(Number.NaN), float(0))).toBe(false);
    expect(sameValue(int(-(1n << 63n)), int(-(1n << 63n)))).toBe(true);
  });
});

describe('compareWithPhp', () => {
  it('accepts DEOPT whatever PHP did', () => {
    expect(compareWithPhp({ status: 'deopt', output: none, nativeNs: 1 }, phpValue(int(3n)), true)).toBeUndefined();
  });

  it('requires the same output on OK', () => {
    expect(compareWithPhp(ok(int(2n), Buffer.from('x')), phpValue(int(2n), Buffer.from('x')), true)).toBeUndefined();
    expect(compareWithPhp(ok(int(2n)), phpValue(int(2n), Buffer.from('x')), true)).toMatch(/PHP gave int\(2\) with output "x"/);
  });

  it('requires class and message on THROW, and the line only when lines were preserved', () => {
    const thrown: KernelResult = { status: 'throw', error: { errorClass: 3, message: 'Modulo by zero', line: 4 }, output: none, nativeNs: 1 };
    const php = (errorClass: string, message: string, line: number): PhpOutcome => ({ id: 0, kind: 'throw', errorClass, message, line, output: none });
    expect(compareWithPhp(thrown, php('DivisionByZeroError', 'Modulo by zero', 4), true)).toBeUndefined();
    expect(compareWithPhp(thrown, php('DivisionByZeroError', 'Modulo by zero', 9), false)).toBeUndefined();
    expect(compareWithPhp(thrown, php('DivisionByZeroError', 'Modulo by zero', 9), true)).toBeDefined();
    expect(compareWithPhp(thrown, php('ArithmeticError', 'Modulo by zero', 4), true)).toBeDefined();
    expect(compareWithPhp(thrown, phpValue(int(0n)), true)).toBeDefined();
  });
});
