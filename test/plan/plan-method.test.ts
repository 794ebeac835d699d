// Planning methods: kernel names "class::method", receivers, static methods, object parameters, class sources.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { isDeclined, type Declined } from '../../src/core/declined.ts';
import type { PhpValue } from '../../src/core/php-value.ts';
import type { ClassSource, RegionProfile } from '../../src/ingest/types.ts';
import { planRegion } from '../../src/plan/index.ts';
import type { Plan } from '../../src/plan/types.ts';
import { profile } from '../ingest/profile-fixture.ts';

const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
const GET_X = '    public function getX() {\n        return $this->x;\n    }';
const MOVE = '    public function moveBy(Vec $d) {\n        $this->x += $d->dx;\n        return $this;\n    }';
const ORIGIN = '    public static function origin() {\n        return new Point(0);\n    }';
const cls = (name: string, text: string, parent = ''): ClassSource => ({ name, parent, file: '/app/p.php', lineStart: 1, lineEnd: text.split('\n').length, text, sha256: sha(text) });
const POINT = cls('Point', `class Point {\n    public $x = 0;\n${GET_X}\n${MOVE}\n${ORIGIN}\n}`);
const VEC = cls('Vec', 'class Vec { public $dx = 1; }');

const obj = (className: string, x: bigint): PhpValue => ({ kind: 'object', className, props: [{ key: 'x', value: { kind: 'int', value: x } }] });

function method(name: string, text: string, o: Partial<RegionProfile> = {}, classes: ClassSource[] = [POINT]): RegionProfile {
  const p = profile({ file: '/app/p.php', className: 'Point', name, numParams: 0, argTypes: [{ types: [], count: 1e6 }], samples: [], ...o });
  return { ...p, source: { file: '/app/p.php', lineStart: 3, lineEnd: 5, text, sha256: sha(text), classes } };
}

function planned(x: Plan | Declined): Plan {
  if (isDeclined(x)) throw new Error(x.reason);
  return x;
}

describe('planRegion: methods', () => {
  it('plans an instance method: "class::method" kernel, receiver class, receiver-first samples', () => {
    const p = method('getX', GET_X, { samples: [[obj('Point', 3n)], [obj('Line', 3n)], [], [obj('POINT', 4n)]] });
    const plan = planned(planRegion(p, [p]));
    expect(plan.functions).toEqual([
      {
        regionKey: '/app/p.php::Point::getx', functionName: 'getX', lcName: 'point::getx', className: 'Point', isMethod: true, isStatic: false,
        receiverClass: 'point', source: p.source, paramTypes: [], paramClasses: [], byRef: [], exported: true,
      },
    ]);
    // Only tuples whose receiver is a Point (class names are case-insensitive) reach the kernel.
    expect(plan.samples).toEqual([[obj('Point', 3n)], [obj('POINT', 4n)]]);
    expect(plan.classes).toEqual([POINT]);
  });

  it('plans object parameters of one stable class and declines unstable or unknown ones', () => {
    const vec: PhpValue = { kind: 'object', className: 'Vec', props: [] };
    const ok = method('moveBy', MOVE, {
      numParams: 1, argTypes: [{ types: [8], count: 1e6 }], argClasses: ['vec'],
      samples: [[obj('Point', 1n), vec], [obj('Point', 1n), obj('Point', 2n)], [obj('Point', 1n), { kind: 'int', value: 1n }]],
    }, [POINT, VEC]);
    const plan = planned(planRegion(ok, [ok]));
    expect(plan.functions[0]).toMatchObject({ lcName: 'point::moveby', paramTypes: ['object'], paramClasses: ['vec'], isMethod: true });
    expect(plan.samples).toEqual([[obj('Point', 1n), vec]]);
    expect(plan.classes!.map((c) => c.name)).toEqual(['Point', 'Vec']);
    const decl = (x: Plan | Declined): string => (isDeclined(x) ? x.reason : 'planned');
    expect(decl(planRegion({ ...ok, argClasses: ['*'] }, []))).toBe('argument 1 is an object of several classes: only one stable class is specialized');
    expect(decl(planRegion({ ...ok, argClasses: [] }, []))).toMatch(/argument 1 is an object of no recorded class/);
  });

  it('plans a static method as a function-like kernel with its class, without a receiver', () => {
    const p = method('origin', ORIGIN, { samples: [[]] });
    const f = planned(planRegion(p, [p])).functions[0]!;
    expect(f).toMatchObject({ lcName: 'point::origin', className: 'Point', isMethod: false, isStatic: true, receiverClass: '' });
  });

  it('still forms a plan when a class source is missing, and declines sources that are not the method', () => {
    const p = method('getX', GET_X, {}, []);
    expect(planned(planRegion(p, [p])).classes).toEqual([]);
    const wrong = method('getY', GET_X);
    expect(isDeclined(planRegion(wrong, [])) && (planRegion(wrong, []) as Declined).reason).toBe('expected exactly the method getY in the region source');
    const broken = method('getX', '    public function getX( {');
    expect((planRegion(broken, []) as Declined).reason).toMatch(/method source does not parse/);
  });

  it('reaches methods called from a function through the callers lists, deduplicating classes', () => {
    const root = profile({ file: '/app/p.php', text: 'function run($n) {\n    return $n;\n}', name: 'run' });
    const getX = method('getX', GET_X, { callers: new Map([[root.key, 100]]) });
    const origin = method('origin', ORIGIN, { callers: new Map([[getX.key, 100]]) }, [cls('POINT', 'class POINT {}'), VEC]);
    const plan = planned(planRegion(root, [root, getX, origin]));
    expect(plan.functions.map((f) => [f.lcName, f.isMethod, f.isStatic])).toEqual([
      ['run', false, false],
      ['point::getx', true, false],
      ['point::origin', false, true],
    ]);
    expect(plan.classes!.map((c) => c.text)).toEqual([POINT.text, VEC.text]);
  });
});
