// Verification of method kernels end to end: receivers and object arguments rebuilt in php -n without
// constructors, property writes compared as effects, new objects via object_new, identities kept;
// planted bugs and object ownership misuse must be declined by name.
import { beforeAll, describe, expect, it } from 'vitest';
import { isDeclined, type Declined } from '../../src/core/declined.ts';
import type { ParamType, PhpValue } from '../../src/core/php-value.ts';
import type { ClassSource } from '../../src/ingest/types.ts';
import { planRegion } from '../../src/plan/index.ts';
import type { Plan } from '../../src/plan/types.ts';
import { loadKernelModule } from '../../src/verify/addon.ts';
import { classLayout } from '../../src/verify/class-model.ts';
import { verifyArtifact } from '../../src/verify/index.ts';
import type { Verified } from '../../src/verify/types.ts';
import { profile } from '../ingest/profile-fixture.ts';
import { artifactFor, buildAddon, compileKernel, int, sha256, type PhpFunction } from './kernel-fixtures.ts';

const FILE = '/app/point.php';
// Class Point sits on lines 2..30 of /app/point.php.
const CLASS_LINES = [
  'class Point {',
  '    public $x = 0;',
  '    public $y = 0;',
  "    private $tag = 'p';",
  '    public function getX() {',
  '        return $this->x;',
  '    }',
  '    public function moveBy($d) {',
  '        $this->x = $this->x + $d;',
  '        return $this->x;',
  '    }',
  '    public function scaled($k) {',
  '        $p = new Point();',
  '        $p->x = $this->x * $k;',
  '        $p->y = $this->y * $k;',
  '        return $p;',
  '    }',
  '    public function dot(Point $o) {',
  '        return $this->x * $o->x + $this->y * $o->y;',
  '    }',
  '    public function touch() {',
  '        return $this;',
  '    }',
  '    public static function make($x) {',
  '        $p = new Point();',
  '        $p->x = $x;',
  '        return $p;',
  '    }',
  '}',
];
const classSource = (text: string): ClassSource => ({ name: 'Point', parent: '', file: FILE, lineStart: 2, lineEnd: 2 + text.split('\n').length - 1, text, sha256: sha256(text) });
const POINT = classSource(CLASS_LINES.join('\n'));

interface Method { readonly name: string; readonly first: number; readonly last: number; readonly paramTypes: ParamType[]; readonly paramClasses?: string[]; readonly define: string; readonly effects?: boolean; readonly isStatic?: boolean }
const METHODS: Record<string, Method> = {
  getX: { name: 'getX', first: 6, last: 8, paramTypes: [], define: 'GETX' },
  moveBy: { name: 'moveBy', first: 9, last: 12, paramTypes: ['int'], define: 'MOVEBY', effects: true },
  scaled: { name: 'scaled', first: 13, last: 18, paramTypes: ['int'], define: 'SCALED' },
  dot: { name: 'dot', first: 19, last: 21, paramTypes: ['object'], paramClasses: ['point'], define: 'DOT' },
  touch: { name: 'touch', first: 22, last: 24, paramTypes: [], define: 'TOUCH' },
  make: { name: 'make', first: 25, last: 29, paramTypes: ['int'], define: 'MAKE', isStatic: true },
};
const textOf = (m: Method): string => CLASS_LINES.slice(m.first - 2, m.last - 1).join('\n');
const fnOf = (m: Method): PhpFunction => ({ name: m.name, text: textOf(m), lineStart: m.first, paramTypes: m.paramTypes });

function planOf(m: Method, samples: PhpValue[][], classes: ClassSource[] = [POINT]): Plan {
  const text = textOf(m);
  return {
    app: 'verify-test',
    signatureId: 'sig-test',
    rootKey: `${FILE}::Point::${m.name.toLowerCase()}`,
    functions: [
      {
        regionKey: `${FILE}::Point::${m.name.toLowerCase()}`,
        functionName: m.name,
        lcName: `point::${m.name.toLowerCase()}`,
        className: 'Point',
        isMethod: m.isStatic !== true,
        isStatic: m.isStatic === true,
        receiverClass: m.isStatic ? '' : 'point',
        source: { file: FILE, lineStart: m.first, lineEnd: m.last, text, sha256: sha256(text) },
        paramTypes: m.paramTypes,
        paramClasses: m.paramClasses ?? m.paramTypes.map(() => ''),
        byRef: m.paramTypes.map(() => false),
        exported: true,
      },
    ],
    samples,
    classes,
  };
}

const pt = (x: bigint, y: bigint, id?: number): PhpValue => ({
  kind: 'object',
  className: 'Point',
  props: [
    { key: 'x', value: int(x) },
    { key: 'y', value: int(y) },
    { key: 'tag', value: { kind: 'string', value: 'p' } },
  ],
  ...(id === undefined ? {} : { id }),
});

const so: Record<string, string> = {};

beforeAll(() => {
  buildAddon();
  for (const [name, m] of Object.entries(METHODS)) {
    so[name] = compileKernel('objects', fnOf(m), [`-DPV_K_${m.define}`]);
    so[`${name}Wrong`] = compileKernel('objects', fnOf(m), [`-DPV_K_${m.define}`, '-DPV_WRONG']);
  }
  so.scaledLeak = compileKernel('objects', fnOf(METHODS.scaled!), ['-DPV_K_SCALED', '-DPV_LEAK']);
  so.touchBorrowed = compileKernel('objects', fnOf(METHODS.touch!), ['-DPV_K_TOUCH', '-DPV_BORROWED']);
  so.moveByPure = compileKernel('objects', fnOf(METHODS.moveBy!), ['-DPV_K_MOVEBY', '-DPV_FLAGS_OVERRIDE=PV_KERNEL_METHOD']);
}, 120_000);

async function verify(method: string, fixture: string, samples: PhpValue[][], classes?: ClassSource[]): Promise<Verified | Declined> {
  const m = METHODS[method]!;
  const plan = planOf(m, samples, classes);
  const extraSamples = !/Wrong$/.test(fixture);
  return verifyArtifact(artifactFor(so[fixture]!, plan, [], m.effects ?? false), plan, { extraSamples });
}

function verified(r: Verified | Declined): Verified {
  if (isDeclined(r)) throw new Error(`expected Verified, got Declined: ${r.reason}`);
  expect(r.native).toBeGreaterThan(0);
  return r;
}

function declined(r: Verified | Declined): string {
  if (!isDeclined(r)) throw new Error(`expected Declined, got Verified (${r.compared} compared)`);
  expect(r.stage).toBe('verify');
  return r.reason;
}

describe('verifyArtifact: method kernels against php -n', () => {
  it('verifies a getter on recorded receivers and on a receiver built from the class defaults', async () => {
    const r = verified(await verify('getX', 'getX', [[pt(3n, 4n)], [pt(-1n, 7n)]]));
    expect(r.extras).toBeGreaterThan(0);
    expect(declined(await verify('getX', 'getXWrong', [[pt(3n, 4n)]]))).toMatch(
      /mismatch in point::getx on object\(Point\) \(3\) \{.*\}->getX\(\): kernel gave int\(4\) but PHP gave int\(3\)/,
    );
  });

  it('verifies a planned method region (planRegion output) end to end', async () => {
    const m = METHODS.getX!;
    const text = textOf(m);
    const p = { ...profile({ file: FILE, className: 'Point', name: 'getX', numParams: 0, argTypes: [{ types: [], count: 1e6 }], samples: [[pt(5n, 1n)]] }) };
    const plan = planRegion({ ...p, source: { file: FILE, lineStart: m.first, lineEnd: m.last, text, sha256: sha256(text), classes: [POINT] } }, []);
    if (isDeclined(plan)) throw new Error(plan.reason);
    verified(await verifyArtifact(artifactFor(so.getX!, plan), plan));
  });

  it('compares property writes as effects: a wrong write is declined naming the property of $this', async () => {
    verified(await verify('moveBy', 'moveBy', [[pt(3n, 4n), int(2n)], [pt(0n, 0n), int(-5n)]]));
    expect(declined(await verify('moveBy', 'moveByWrong', [[pt(3n, 4n), int(2n)]]))).toMatch(
      /mismatch in point::moveby on .*->moveBy\(int\(2\)\): property x of \$this is int\(6\) after the kernel but int\(5\) after PHP/,
    );
  });

  it('verifies an object made with object_new and property_set, and declines a wrong one', async () => {
    verified(await verify('scaled', 'scaled', [[pt(3n, 4n), int(2n)]]));
    expect(declined(await verify('scaled', 'scaledWrong', [[pt(3n, 4n), int(2n)]]))).toMatch(
      /kernel gave object\(Point\)#1 \(3\) \{\["x"\] => int\(6\), \["y"\] => int\(6\), \["tag"\] => string\(1\) "p"\} but PHP gave object\(Point\)#1 \(3\) \{\["x"\] => int\(6\), \["y"\] => int\(8\)/,
    );
  });

  it('DEOPTs (exactly) when the class defaults are not literals, so object_new is not offered', async () => {
    const text = CLASS_LINES.join('\n').replace('public $y = 0;', 'public $y = self::ZERO; const ZERO = 0;');
    const r = await verify('scaled', 'scaled', [[pt(3n, 4n), int(2n)]], [classSource(text)]);
    if (isDeclined(r)) throw new Error(r.reason);
    expect(r.compared).toBeGreaterThan(0);
    expect(r.native).toBe(0);
  });

  it('keeps identities: the same object passed twice, and $this returned', async () => {
    verified(await verify('dot', 'dot', [[pt(3n, 4n, 0), pt(3n, 4n, 0)], [pt(1n, 2n), pt(5n, 6n)]]));
    verified(await verify('touch', 'touch', [[pt(3n, 4n)]]));
  });

  it('verifies a static method (no receiver) that builds an object', async () => {
    const r = verified(await verify('make', 'make', [[int(7n)]]));
    expect(r.extras).toBeGreaterThan(0);
    expect(declined(await verify('make', 'makeWrong', [[int(7n)]]))).toMatch(/mismatch in point::make on Point::make\(int\(7\)\): kernel gave object\(Point\)#0 \(3\) \{\["x"\] => int\(8\)/);
  });

  it('declines a kernel that leaks an object or hands back a borrowed $this', async () => {
    expect(declined(await verify('scaled', 'scaledLeak', [[pt(3n, 4n), int(2n)]]))).toMatch(/violated the kernel ABI: leaked 1 object reference/);
    expect(declined(await verify('touch', 'touchBorrowed', [[pt(3n, 4n)]]))).toMatch(/returned an object it holds no reference to/);
    // Writing a property of an object PHP already had is an effect; building a new one is not.
    expect(declined(await verify('moveBy', 'moveByPure', [[pt(3n, 4n), int(1n)]]))).toMatch(/printed or wrote to the world although it is not flagged PV_KERNEL_EFFECTS/);
  });

  it('declines when the class source of the method is missing', async () => {
    expect(declined(await verify('getX', 'getX', [[pt(3n, 4n)]], []))).toBe('cannot replay: no source for class Point of method Point::getX');
  });
});

describe('the addon hosts objects', () => {
  it('passes one object once when its id repeats, and reports objects after the call by identity', () => {
    const m = loadKernelModule(so.dot!);
    expect(m.kernels[0]).toMatchObject({ functionName: 'point::dot', receiverClass: 'point', arity: 1, guard: [8] });
    const r = m.call(0, [pt(3n, 4n, 7), pt(3n, 4n, 7)]);
    expect(r.status).toBe('ok');
    expect(r.value).toEqual(int(25n));
    expect(r.objects).toEqual([
      { index: 0, value: { ...pt(3n, 4n), id: 0 } },
      { index: 1, value: { kind: 'object', className: 'Point', props: [], id: 0, repeat: true } },
    ]);
    expect(() => m.call(0, [int(1n), pt(1n, 1n)])).toThrow(/argument 1 \(\$this\) of kernel point::dot is not an object of class point/);
    expect(() => m.call(0, [pt(1n, 1n)])).toThrow(/takes 2 arguments \(\$this first\), got 1/);
    m.close();
  });

  it('builds new objects from the world classes in slot order, and none for an unknown class', () => {
    const m = loadKernelModule(so.scaled!);
    const layout = classLayout([POINT], 'point')!;
    expect(layout).toEqual({ name: 'Point', slots: ['x', 'y', 'tag'], defaults: pt(0n, 0n).kind === 'object' ? (pt(0n, 0n) as { props: unknown }).props : [] });
    const r = m.call(0, [pt(2n, 5n), int(3n)], { classes: [layout] });
    expect(r.value).toEqual({ ...pt(6n, 15n), id: 1 });
    expect(m.call(0, [pt(2n, 5n), int(3n)], {}).status).toBe('deopt');
    m.close();
  });
});
