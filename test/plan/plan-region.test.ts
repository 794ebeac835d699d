import { describe, it, expect } from 'vitest';
import { planRegion } from '../../src/plan/index.ts';
import { isDeclined } from '../../src/core/declined.ts';
import type { Declined } from '../../src/core/declined.ts';
import { buildSignature } from '../../src/signature/index.ts';
import { FIB_SOURCE, profile } from '../ingest/profile-fixture.ts';

function reason(x: unknown): string {
  expect(isDeclined(x)).toBe(true);
  expect((x as Declined).stage).toBe('plan');
  return (x as Declined).reason;
}

describe('planRegion', () => {
  it('plans a hot int function with its samples', () => {
    const p = profile({ text: FIB_SOURCE, callers: new Map([['/app/fib.php::::fib', 10]]) });
    const plan = planRegion(p, [p]);
    if (isDeclined(plan)) throw new Error(plan.reason);
    expect(plan.rootKey).toBe(p.key);
    expect(plan.signatureId).toBe(buildSignature(p).id);
    expect(plan.functions).toEqual([
      {
        regionKey: p.key, functionName: 'fib', lcName: 'fib', className: '', isMethod: false, isStatic: false, receiverClass: '',
        source: p.source, paramTypes: ['int'], paramClasses: [''], byRef: [false], exported: true,
      },
    ]);
    expect(plan.samples).toEqual([[{ kind: 'int', value: 20n }], [{ kind: 'int', value: 1n }]]);
  });

  it('keeps only samples that fit the guard and lowercases names as PHP does', () => {
    const p = profile({
      text: FIB_SOURCE,
      name: 'MixedCase',
      numParams: 2,
      argTypes: [{ types: [5, 3], count: 95 }, { types: [4, 3], count: 5 }],
      samples: [
        [{ kind: 'float', value: 1.5 }, { kind: 'bool', value: true }],
        [{ kind: 'int', value: 1n }, { kind: 'bool', value: false }],
        [{ kind: 'float', value: 2.5 }],
      ],
    });
    const plan = planRegion(p, [p]);
    if (isDeclined(plan)) throw new Error(plan.reason);
    expect(plan.functions[0]!.lcName).toBe('mixedcase');
    expect(plan.functions[0]!.paramTypes).toEqual(['float', 'bool']);
    expect(plan.samples).toEqual([[{ kind: 'float', value: 1.5 }, { kind: 'bool', value: true }]]);
  });

  it('declines what it cannot specialize, with reasons', () => {
    const ok = { text: FIB_SOURCE };
    expect(reason(planRegion(profile({}), []))).toMatch(/no source/);
    expect(reason(planRegion(profile({ ...ok, className: 'App\\Foo' }), []))).toBe('methods of namespaced classes not supported yet');
    expect(reason(planRegion(profile({ ...ok, functionName: 'ns\\fib' }), []))).toMatch(/namespaced/);
    expect(reason(planRegion(profile({ ...ok, byRefParams: true }), []))).toMatch(/by-reference/);
    expect(reason(planRegion(profile({ ...ok, variadic: true }), []))).toMatch(/variadic/);
    expect(reason(planRegion(profile({ ...ok, numParams: 9, argTypes: [{ types: Array(9).fill(4), count: 9 }] }), []))).toMatch(
      /9 parameters/,
    );
    expect(reason(planRegion(profile({ ...ok, argTypes: [] }), []))).toMatch(/no argument type profile/);
    expect(
      reason(planRegion(profile({ ...ok, argTypes: [{ types: [4], count: 89 }, { types: [5], count: 11 }] }), [])),
    ).toMatch(/cover 89\.0% of calls/);
    // "other" tuples count against coverage too.
    expect(reason(planRegion(profile({ ...ok, argTypes: [{ types: [4], count: 80 }], argTypesOther: 20 }), []))).toMatch(/cover/);
    expect(reason(planRegion(profile({ ...ok, argTypes: [{ types: [1], count: 10 }] }), []))).toMatch(/argument 1 is null/);
    expect(reason(planRegion(profile({ ...ok, argTypes: [{ types: [], count: 10 }] }), []))).toMatch(/called with 0 arguments/);
  });

  it('accepts exactly 90% coverage and bools reported as false', () => {
    const p = profile({ text: FIB_SOURCE, argTypes: [{ types: [2], count: 90 }, { types: [4], count: 10 }] });
    const plan = planRegion(p, []);
    if (isDeclined(plan)) throw new Error(plan.reason);
    expect(plan.functions[0]!.paramTypes).toEqual(['bool']);
  });

  it('compiles eligible callees into the same module, exported when hot themselves', () => {
    const root = profile({ text: FIB_SOURCE, name: 'main_loop', file: '/app/m.php' });
    const hot = profile({
      text: FIB_SOURCE,
      name: 'hot',
      file: '/app/m.php',
      argTypes: [{ types: [5], count: 1e6 }],
      callers: new Map([[root.key, 1e6]]),
    });
    const cold = profile({ text: FIB_SOURCE, name: 'cold', file: '/app/m.php', calls: 5, argTypes: [{ types: [4], count: 5 }], callers: new Map([[hot.key, 5]]) });
    const method = profile({ text: FIB_SOURCE, name: 'm', className: 'K', file: '/app/m.php', callers: new Map([[root.key, 9]]) });
    const otherApp = profile({ text: FIB_SOURCE, name: 'x', app: 'b', callers: new Map([[root.key, 9]]) });
    const unrelated = profile({ text: FIB_SOURCE, name: 'u', file: '/app/m.php' });
    const plan = planRegion(root, [cold, method, otherApp, unrelated, hot, root]);
    if (isDeclined(plan)) throw new Error(plan.reason);
    expect(plan.functions.map((f) => [f.lcName, f.paramTypes, f.exported])).toEqual([
      ['main_loop', ['int'], true],
      ['hot', ['float'], true],
      ['cold', ['int'], false],
    ]);
  });
});
