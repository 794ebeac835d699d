import { describe, it, expect } from 'vitest';
import { buildSignature, signatureJson, similarity } from '../../src/signature/index.ts';
import { FIB_SOURCE, profile } from '../ingest/profile-fixture.ts';

describe('buildSignature', () => {
  it('is deterministic whatever the insertion order', () => {
    const a = profile({
      text: FIB_SOURCE,
      argTypes: [{ types: [4], count: 90 }, { types: [5], count: 10 }],
      callers: new Map([['/app/fib.php::::fib', 80], ['/app/main.php::::main', 1]]),
    });
    const b = profile({
      text: FIB_SOURCE,
      argTypes: [{ types: [5], count: 10 }, { types: [4], count: 90 }],
      callers: new Map([['/app/main.php::::main', 1], ['/app/fib.php::::fib', 80]]),
    });
    const sa = buildSignature(a);
    const sb = buildSignature(b);
    expect(sa.id).toBe(sb.id);
    expect(signatureJson(sa)).toBe(signatureJson(sb));
    expect(sa.id).toMatch(/^[0-9a-f]{32}$/);
    expect(sa.dominantArgTypes).toEqual([4]);
    // Recursion is a self-loop on the region node.
    expect(sa.graph.hasEdge('calls:region->region')).toBe(true);
    expect(sa.graph.getEdgeAttribute('calls:region->region', 'weight')).toBe(80);
    expect(sa.graph.getNodeAttribute('args:5', 'kind')).toBe('args');
  });

  it('id depends on app, region, source and dominant types only', () => {
    const base = buildSignature(profile({ text: FIB_SOURCE }));
    expect(buildSignature(profile({ text: FIB_SOURCE, calls: 5 })).id).toBe(base.id);
    expect(buildSignature(profile({ text: FIB_SOURCE, app: 'other' })).id).not.toBe(base.id);
    expect(buildSignature(profile({ text: FIB_SOURCE + ' ' })).id).not.toBe(base.id);
    expect(buildSignature(profile({ text: FIB_SOURCE, argTypes: [{ types: [5], count: 3 }] })).id).not.toBe(base.id);
    expect(buildSignature(profile({ text: FIB_SOURCE, name: 'fib2' })).id).not.toBe(base.id);
  });

  it('breaks ties between equally frequent tuples deterministically', () => {
    const x = buildSignature(profile({ argTypes: [{ types: [5], count: 5 }, { types: [4], count: 5 }] }));
    const y = buildSignature(profile({ argTypes: [{ types: [4], count: 5 }, { types: [5], count: 5 }] }));
    expect(x.dominantArgTypes).toEqual([4]);
    expect(y.id).toBe(x.id);
  });

  it('records callees when given', () => {
    const s = buildSignature(profile(), { callees: new Map([['/app/h.php::::helper', 7]]) });
    expect(s.graph.getEdgeAttribute('calls:region->callee:/app/h.php::::helper', 'weight')).toBe(7);
  });
});

describe('similarity', () => {
  const recursiveInt = (name: string, scale: number) =>
    buildSignature(
      profile({
        name,
        calls: 100 * scale,
        argTypes: [{ types: [4], count: 100 * scale }],
        returnTypes: [{ types: [4], count: 100 * scale }],
        callers: new Map([[`/app/fib.php::::${name}`, 99 * scale], ['/app/main.php::::main', scale]]),
      }),
    );

  it('is 1 for identical shapes, even at different volumes and names', () => {
    expect(similarity(recursiveInt('fib', 1), recursiveInt('fib', 1))).toBe(1);
    expect(similarity(recursiveInt('fib', 1), recursiveInt('fib', 1000))).toBeCloseTo(1, 12);
    expect(similarity(recursiveInt('fib', 1), recursiveInt('fab', 3))).toBeCloseTo(1, 12);
  });

  it('is symmetric, in [0, 1], and lower for different behavior', () => {
    const a = recursiveInt('fib', 1);
    const floaty = buildSignature(
      profile({ argTypes: [{ types: [5, 5], count: 10 }], returnTypes: [{ types: [3], count: 10 }], numParams: 2 }),
    );
    const mixed = buildSignature(
      profile({
        argTypes: [{ types: [4], count: 50 }, { types: [5], count: 50 }],
        returnTypes: [{ types: [4], count: 100 }],
        callers: new Map([['/app/fib.php::::fib', 99], ['/app/main.php::::main', 1]]),
      }),
    );
    expect(similarity(a, floaty)).toBe(0);
    expect(similarity(a, mixed)).toBeGreaterThan(0);
    expect(similarity(a, mixed)).toBeLessThan(1);
    expect(similarity(a, mixed)).toBeCloseTo(similarity(mixed, a), 12);
  });
});
