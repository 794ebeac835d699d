import { describe, it, expect } from 'vitest';
import { ProfileAggregator, MAX_SAMPLES } from '../../src/ingest/aggregate-profiles.ts';
import type { RegionDelta } from '../../src/ingest/validate-message.ts';
import { lineCount, sha256Hex } from '../../src/ingest/validate-message.ts';

function delta(o: Partial<RegionDelta> = {}): RegionDelta {
  return {
    key: '/a.php::::f', file: '/a.php', className: '', functionName: 'f',
    calls: 10, timedCalls: 1, timeNs: 100,
    argTypes: [{ types: [4], count: 10 }], argTypesOther: 0, returnTypes: [],
    samples: [], callers: [], numParams: 1, requiredParams: 1, byRefParams: false, byRefMask: 0, variadic: false, argClasses: [],
    ...o,
  };
}
const src = (text: string) => ({ file: '/a.php', lineStart: 1, lineEnd: 1, text, sha256: sha256Hex(text) });

describe('ProfileAggregator', () => {
  it('starts a region over when its source version changes', () => {
    const agg = new ProfileAggregator();
    agg.apply('a', [delta({ source: src('function f($x) { return $x; }'), samples: [[{ kind: 'int', value: 1n }]] })]);
    agg.apply('a', [delta()]);
    expect(agg.get('a', '/a.php::::f')!.calls).toBe(20);
    agg.apply('a', [delta({ source: src('function f($x) { return $x + 1; }'), argTypes: [{ types: [5], count: 10 }] })]);
    const p = agg.get('a', '/a.php::::f')!;
    expect(p.calls).toBe(10);
    expect(p.argTypes).toEqual([{ types: [5], count: 10 }]);
    expect(p.samples).toEqual([]);
    expect(p.source!.text).toBe('function f($x) { return $x + 1; }');
  });

  it('merges duplicate regions within one batch and reports each changed profile once', () => {
    const agg = new ProfileAggregator();
    const changed = agg.apply('a', [delta(), delta({ calls: 5, argTypes: [{ types: [4], count: 5 }] })]);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.calls).toBe(15);
    expect(changed[0]!.argTypes).toEqual([{ types: [4], count: 15 }]);
  });

  it('bounds samples', () => {
    const agg = new ProfileAggregator();
    const samples = Array.from({ length: 40 }, (_, i) => [{ kind: 'int' as const, value: BigInt(i) }]);
    agg.apply('a', [delta({ samples })]);
    expect(agg.get('a', '/a.php::::f')!.samples).toHaveLength(MAX_SAMPLES);
  });
});

describe('lineCount', () => {
  it('counts lines as an editor does', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a')).toBe(1);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\nb')).toBe(2);
    expect(lineCount('a\nb\n')).toBe(2);
  });
});
