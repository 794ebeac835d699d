// The object family in the harness: classes and methods found in a file, method kernels called on driver-made objects, subclass receivers, arrays of objects declined.
import { describe, it, expect } from 'vitest';
import { checkPrograms, findClasses, generateProgram, parseTypeLines, printProgram, renameProgram, typesLine } from '../../src/difftest/index.ts';
import type { Program } from '../../src/difftest/index.ts';
import { checkContext } from './harness.ts';

const ONLY_OBJECTS = { scalar: 0, string: 0, array: 0, output: 0, global: 0, static: 0, const: 0, mixed: 0, byref: 0, object: 1 };

/** A hand-written program: a function taking an object, two method kernels, a subclass receiver. */
const CASE = String.raw`<?php
// @types objc_f0(int, object:ObjC_A)
// @types ObjC_A::add(int)
// @types ObjC_A::get()
class ObjC_A {
    const K = 3;
    public int $n = 0;
    public array $items = [1, 2];
    public int $late;
    public function __construct(int $n, public string $tag) {
        $this->n = $n;
    }
    public function add($k) {
        $this->n += $k;
        return $this;
    }
    public function get() { return $this->n * self::K; }
    public static function make($n) {
        return new ObjC_A($n, 's');
    }
}
class ObjC_B extends ObjC_A {
    const K = 5;
    public function get() {
        return parent::get() + static::K;
    }
}
function objc_f0($a, $o) {
    $x = new ObjC_A($a, 't');
    for ($i = 0; $i < 3; $i++) {
        $x->add($i);
    }
    $o->n += $x->get();
    $o->items[] = $a;
    return ($x === $x->add(1) ? 1 : 0) + ObjC_A::make(2)->get() + ($o instanceof ObjC_B ? 10 : 0);
}
$o1 = new ObjC_A(4, 'x'); try { $v = objc_f0(1, $o1); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v); echo '#1 $o1 ', var_export($o1, true), "\n";
$o2 = new ObjC_A(7, 'y'); try { $v = $o2->add(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
$o3 = new ObjC_B(7, 'z'); try { $v = $o3->add(3); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = $o1->get(); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = $o1->late; } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
`;

describe('classes and methods in a program file', () => {
  it('finds class spans and method spans (the lines the extension hashes), one-line methods included', () => {
    const { classes, methods } = findClasses(CASE);
    expect(classes.map((c) => [c.name, c.parent])).toEqual([['ObjC_A', ''], ['ObjC_B', 'ObjC_A']]);
    expect(methods.map((m) => m.name)).toEqual(['ObjC_A::__construct', 'ObjC_A::add', 'ObjC_A::get', 'ObjC_A::make', 'ObjC_B::get']);
    const lines = CASE.split('\n');
    const get = methods.find((m) => m.name === 'ObjC_A::get')!;
    expect(get.lineEnd).toBe(get.lineStart);
    expect(lines[get.lineStart - 1]).toMatch(/^    public function get\(\)/);
    const add = methods.find((m) => m.name === 'ObjC_A::add')!;
    expect(add.text.split('\n').length - 1).toBe(add.lineEnd - add.lineStart + 1);
    expect(lines[add.lineEnd - 1]).toBe('    }');
  });

  it('round-trips method and object parameter types in @types lines', () => {
    const line = typesLine('A::m', ['int', 'object'], [false, false], ['', 'B']);
    expect(line).toBe('// @types A::m(int, object:B)');
    expect(parseTypeLines(line).get('A::m')).toEqual({ types: ['int', 'object'], byRef: [false, false], classes: ['', 'B'] });
  });
});

describe('object programs through the pipeline', () => {
  it('a hand-written object program: method kernels run natively, a subclass receiver and overflow go back to PHP, output agrees', async () => {
    const show = printProgram({ name: 'x', functions: [], driver: [] }).text.split('\n').filter((l, i, a) => i >= a.findIndex((x) => x.startsWith('function pvd_show')));
    const p: Program = { name: 'objc', functions: [], driver: [], text: `${CASE}${show.join('\n')}\n` };
    const [r] = await checkPrograms([p], checkContext(), 'objects-case');
    expect(r!.findings).toEqual([]);
    expect([...r!.compiled].sort()).toEqual(['objc_a::add', 'objc_a::get', 'objc_f0']);
    expect(r!.report!.kernels.get('objc_f0')!.native_calls).toBe(1);
    const add = r!.report!.kernels.get('objc_a::add')!;
    // $o2->add(PHP_INT_MAX) overflows (DEOPT), ObjC_B is not the receiver class the kernel is guarded on.
    expect(add.deopts).toBe(1);
    expect(add.guard_failures).toBe(1);
    expect(r!.report!.kernels.get('objc_a::get')!.native_calls).toBe(1);
    expect(r!.plain!.stdout).toContain('#5 Error: Typed property ObjC_A::$late must not be accessed before initialization');
  }, 120_000);

  it('generated object programs: classes before functions, methods the driver calls get kernels, renaming covers classes', async () => {
    const programs = [0, 1, 2, 3].map((i) => generateProgram(4242, i, { families: ONLY_OBJECTS }));
    for (const p of programs) {
      expect(p.classes?.length).toBeGreaterThan(0);
      expect(p.functions.some((f) => f.planned)).toBe(true);
      const text = printProgram(p).text;
      expect(text.indexOf(`class ${p.name}_C0 {`)).toBeLessThan(text.indexOf(`function ${p.name}_f0(`));
      const renamed = printProgram(renameProgram(p, 'q9_9')).text;
      expect(renamed).not.toContain(p.name + '_');
      expect(renamed).toContain('class q9_9_C0 {');
    }
    const results = await checkPrograms(programs, checkContext(), 'objects-generated');
    expect(results.flatMap((r) => r.findings)).toEqual([]);
    const planned = results.flatMap((r) => r.program.functions.filter((f) => f.planned).map((f) => f.name.toLowerCase()));
    expect(results.some((r) => [...r.compiled].some((n) => n.includes('::')))).toBe(true);
    expect(planned.length).toBeGreaterThan(0);
    expect(results.reduce((s, r) => s + r.nativeCalls, 0)).toBeGreaterThan(0);
  }, 300_000);

  it('objects in an array (the mixed family) are declined, never a finding', async () => {
    const p: Program = {
      name: 'boxes_1',
      classes: [{ name: 'boxes_1_Box', head: 'class boxes_1_Box {', members: ['public $v;'] }],
      functions: [
        { name: 'boxes_1_Box::__construct', className: 'boxes_1_Box', paramTypes: ['int'], byRef: [false], header: 'public function __construct($v)', body: [{ kind: 'line', text: '$this->v = $v;', tags: [] }], tags: [], callees: [] },
        {
          name: 'boxes_1_f0',
          paramTypes: ['int'],
          byRef: [false],
          header: 'function boxes_1_f0($a)',
          body: [{ kind: 'line', text: '$m = [new boxes_1_Box($a), new boxes_1_Box(2)];', tags: [] }, { kind: 'line', text: 'return $m[0]->v + count($m);', tags: [] }],
          tags: [],
          callees: [],
        },
      ],
      driver: [{ id: 1, fn: 'boxes_1_f0', args: ['40'], tags: [] }],
    };
    const [r] = await checkPrograms([p], checkContext(), 'boxes');
    expect(r!.findings).toEqual([]);
    expect(r!.declined.get('boxes_1_f0')).toMatch(/object in an array/);
    expect(r!.plain!.stdout).toBe('#1 42\n');
  }, 120_000);
});
