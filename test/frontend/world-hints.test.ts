// World hints (types constants and globals had when the region turned hot) type the module's world slots.
import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import { emitCpp } from '../../src/codegen/index.ts';
import { buildIr, showIr } from '../../src/frontend/index.ts';
import type { IrModule } from '../../src/frontend/types.ts';
import { hintedSlotType } from '../../src/frontend/world-hint-types.ts';
import type { WorldHint } from '../../src/ingest/types.ts';
import { runPasses } from '../../src/passes/index.ts';
import { planOf, type FnSpec } from '../fixtures/compiler/plan-of.ts';

const constant = (name: string, type: number): WorldHint => ({ kind: 'constant', name, type });
const global = (name: string, type: number): WorldHint => ({ kind: 'global', name, type });

function ir(fns: FnSpec[], world: WorldHint[]): IrModule {
  const r = buildIr({ ...planOf(fns), world });
  if (isDeclined(r)) throw new Error(r.reason);
  return r;
}

function cpp(m: IrModule): string {
  const unit = emitCpp(runPasses(m, { verify: true }));
  if (isDeclined(unit)) throw new Error(unit.reason);
  return unit.cpp;
}

const slots = (m: IrModule) => m.world.map((w) => [w.kind, w.name, w.type, w.written]);

// The generator of test/php/bench/everyday/heapsort.php.
const GEN = {
  src: 'function gen_random($max) { global $LAST; $LAST = ($LAST * IA + IC) % IM; return $max * $LAST / IM; }',
  paramTypes: ['int'] as const,
};

describe('world hints type constants and globals', () => {
  it('constants hinted int make int arithmetic: no tagged value anywhere in the C++', () => {
    const m = ir([{ src: 'function f($n) { return $n * IM + IA; }', paramTypes: ['int'] }], [constant('IM', 4), constant('IA', 4)]);
    expect(slots(m)).toEqual([
      ['constant', 'IM', 'int', false],
      ['constant', 'IA', 'int', false],
    ]);
    expect(showIr(m)).toContain('return add.int(mul.int($n#0, constant("IM")):int, constant("IA")):int');
    expect(m.functions[0]!.returnType).toBe('int');
    const text = cpp(m);
    expect(text).not.toContain('pv::Val');
    // The slot is loaded through the typed guard (an int that is no longer an int DEOPTs).
    expect(text).toMatch(/int64_t w0\{\};\s*\/\/ constant #0/);
    expect(text).toContain('pv::from_host<int64_t>(cx, &v)');
  });

  it('without hints (or with a null, object, undefined or resource hint) constants stay mixed', () => {
    const src = { src: 'function f($n) { return $n + FOO; }', paramTypes: ['int'] as const };
    for (const world of [[], [constant('FOO', 0)], [constant('FOO', 1)], [constant('FOO', 8)], [constant('FOO', 9)], [global('FOO', 4)]]) {
      const m = ir([{ ...src, paramTypes: [...src.paramTypes] }], world);
      expect(slots(m)).toEqual([['constant', 'FOO', 'mixed', false]]);
      expect(cpp(m)).toContain('pv::Val');
    }
  });

  it('float, bool, string and array hints', () => {
    const m = ir(
      [{ src: 'function f($n) { return [$n * SCALE, DEBUG, NAME . "x", count(TABLE), A::B + 1]; }', paramTypes: ['int'] }],
      [constant('SCALE', 5), constant('DEBUG', 2), constant('NAME', 6), constant('TABLE', 7), constant('A::B', 4)],
    );
    expect(slots(m)).toEqual([
      ['constant', 'SCALE', 'float', false],
      ['constant', 'DEBUG', 'bool', false],
      ['constant', 'NAME', 'string', false],
      ['constant', 'TABLE', 'array<mixed>', false],
      ['constant', 'A::B', 'int', false],
    ]);
  });

  it("heapsort's generator: constants and $LAST int, the global stays int through its int assignment", () => {
    const m = ir([{ ...GEN, paramTypes: [...GEN.paramTypes] }], [global('LAST', 4), constant('IA', 4), constant('IC', 4), constant('IM', 4)]);
    expect(slots(m)).toEqual([
      ['global', 'LAST', 'int', true],
      ['constant', 'IA', 'int', false],
      ['constant', 'IC', 'int', false],
      ['constant', 'IM', 'int', false],
    ]);
    expect(cpp(m)).toMatch(/int64_t w0\{\};\s*\/\/ global #0/);
  });

  it('a global hint joins what the module assigns: hinted float, assigned ints → num; hinted string, assigned ints → mixed', () => {
    const src = 'function f($n) { global $g; $g = $n + 1; return $n; }';
    expect(slots(ir([{ src, paramTypes: ['int'] }], [global('g', 5)]))).toEqual([['global', 'g', 'num', true]]);
    expect(slots(ir([{ src, paramTypes: ['int'] }], [global('g', 6)]))).toEqual([['global', 'g', 'mixed', true]]);
    expect(slots(ir([{ src, paramTypes: ['int'] }], [global('g', 4)]))).toEqual([['global', 'g', 'int', true]]);
    // A global only read: its hint instead of mixed.
    expect(slots(ir([{ src: 'function f($n) { global $g; return $g + $n; }', paramTypes: ['int'] }], [global('g', 4)]))).toEqual([['global', 'g', 'int', false]]);
  });

  it('maps zval type codes to slot types', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(hintedSlotType)).toEqual([undefined, undefined, 'bool', 'bool', 'int', 'float', 'string', 'array<mixed>', undefined, undefined]);
  });
});
