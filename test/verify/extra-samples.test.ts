// Derived argument tuples: few, small, typed like the kernel's parameters, never duplicates.
import { describe, expect, it } from 'vitest';
import { constantSeed, extraSamples, MAX_EXTRA_SAMPLES } from '../../src/verify/extra-samples.ts';
import { tupleKey } from '../../src/verify/php-literal.ts';
import { float, int } from './kernel-fixtures.ts';

describe('extraSamples', () => {
  it('keeps ints small and tuples typed like the parameters', () => {
    const extras = extraSamples(['int', 'float', 'bool'], []);
    expect(extras.length).toBeGreaterThan(0);
    expect(extras.length).toBeLessThanOrEqual(MAX_EXTRA_SAMPLES);
    for (const t of extras) {
      expect(t.map((v) => v.kind)).toEqual(['int', 'float', 'bool']);
      const n = t[0]!.kind === 'int' ? t[0]!.value : 0n;
      expect(n >= -20n && n <= 20n).toBe(true);
    }
  });

  it('skips tuples already recorded and never repeats one', () => {
    const extras = extraSamples(['int'], [[int(0n)], [int(1n)]]);
    const keys = extras.map(tupleKey);
    expect(keys).not.toContain(tupleKey([int(0n)]));
    expect(keys).not.toContain(tupleKey([int(1n)]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('pairs different values across parameters, so (x, 0) divisions get tried', () => {
    const extras = extraSamples(['int', 'int'], []);
    expect(extras.some((t) => t[1]!.kind === 'int' && t[1]!.value === 0n && t[0]!.kind === 'int' && t[0]!.value !== 0n)).toBe(true);
  });

  it('keeps -0.0 and 0.0 apart', () => {
    expect(tupleKey([float(-0)])).not.toBe(tupleKey([float(0)]));
  });
});

describe('constantSeed', () => {
  it('gives the constants of one type distinct non-zero values, typed like their slots', () => {
    const ints = [0, 1, 2, 3].map((j) => constantSeed('int', j));
    expect(ints.every((v) => v.kind === 'int' && v.value !== 0n)).toBe(true);
    expect(new Set(ints.map((v) => tupleKey([v]))).size).toBe(4);
    const floats = [0, 1, 2, 3].map((j) => constantSeed('float', j));
    expect(floats.every((v) => v.kind === 'float' && v.value !== 0)).toBe(true);
    expect(new Set(floats.map((v) => tupleKey([v]))).size).toBe(4);
    expect(constantSeed('string', 0).kind).toBe('string');
    expect(constantSeed('bool', 1).kind).toBe('bool');
    expect(constantSeed('array<int>', 0).kind).toBe('array');
  });
});
