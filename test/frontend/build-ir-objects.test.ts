import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import { buildIr, showIr, type IrModule } from '../../src/frontend/index.ts';
import { verifyIr } from '../../src/passes/verify-ir.ts';
import { objectPlan, type ObjFnSpec } from '../codegen/object-plan.ts';

function irOf(fns: readonly ObjFnSpec[], classes: readonly string[]): IrModule {
  const ir = buildIr(objectPlan(fns, classes));
  if (isDeclined(ir)) throw new Error(ir.reason);
  verifyIr(ir);
  return ir;
}

function declined(fns: readonly ObjFnSpec[], classes: readonly string[]): string {
  const ir = buildIr(objectPlan(fns, classes));
  if (!isDeclined(ir)) throw new Error(`expected a decline:\n${showIr(ir)}`);
  return ir.reason;
}

const VEC = 'class Vec { public $x; public $y; function __construct($x, $y) { $this->x = $x; $this->y = $y; } function add($o) { return new Vec($this->x + $o->x, $this->y + $o->y); } function len2() { return $this->x * $this->x + $this->y * $this->y; } }';

describe('buildIr: objects', () => {
  it('new runs the constructor (a method found through the class); calls are devirtualized with the receiver first', () => {
    const ir = irOf([{ fn: 'function f($n) { $v = new Vec($n, 2.5); $w = $v->add($v); return $w->len2(); }', paramTypes: ['int'] }], [VEC]);
    const text = showIr(ir);
    expect(text).toContain('($v#1 = new vec ctor fn1($n#0, 2.5:float))');
    expect(text).toContain('call fn2($v#1, $v#1):object<vec>');
    const ctor = ir.functions[1]!;
    expect(ctor.receiverClass).toBe('vec');
    expect(ctor.exported).toBe(false);
    expect(ctor.paramTypes).toEqual(['object', 'int', 'float']);
    // $x gets ints (from $n and the int sums of add(), which DEOPT on overflow); $y only floats.
    expect(ir.classes).toEqual([{ name: 'Vec', lcName: 'vec', props: [{ name: 'x', type: 'int' }, { name: 'y', type: 'float' }], instantiated: true }]);
    expect(ctor.locals.map((l) => l.type)).toEqual(['object<vec>', 'int', 'float']);
  });

  it('a planned method: $this is parameter 0 guarded as an object; compound and ++ on properties read then write', () => {
    const cls = 'class C { public $n = 0; private $hits = 0; function bump($k) { $this->n += $k; $this->hits++; return $this->n; } }';
    const ir = irOf([{ fn: 'C::bump', paramTypes: ['int'] }], [cls]);
    const f = ir.functions[0]!;
    expect(f.receiverClass).toBe('c');
    expect(f.paramTypes).toEqual(['object', 'int']);
    expect(f.lcName).toBe('c::bump');
    const text = showIr(ir);
    expect(text).toContain('($this#0->n = add.int($this#0->n:int, $k#1):int)');
    expect(text).toContain('($this#0->hits = add.int($this#0->hits:int, 1:int):int)');
    expect(ir.classes?.[0]?.props).toEqual([
      { name: 'n', type: 'int', init: { k: 'const', type: 'int', value: 0n } },
      { name: 'hits', type: 'int', init: { k: 'const', type: 'int', value: 0n } },
    ]);
  });

  it('class constants fold, instanceof folds, === on objects is identity, promoted constructor parameters assign first', () => {
    const base = 'class Base { const K = 7; }';
    const cls = 'class P extends Base { function __construct(public int $a, public float $b = 1.5) { $this->a = $this->a * 2; } static function k() { return static::K + self::K; } }';
    const ir = irOf([{ fn: 'function f($n) { $p = new P($n, 2.0); $q = $p; return ($p === $q) && ($p instanceof Base) ? P::k() + P::K : $p->a; }', paramTypes: ['int'] }], [base, cls]);
    const text = showIr(ir);
    expect(text).toContain('ident.object<p>($p#1, $q#2):bool');
    expect(text).toContain('true:bool');
    expect(text).toContain('add.int(7:int, 7:int)');
    const ctor = ir.functions.find((g) => g.lcName === 'p|p::__construct')!;
    expect(showIr({ ...ir, functions: [ctor] })).toMatch(/\(\$this#0->a = \$a#1\)[\s\S]*\(\$this#0->b = \$b#2\)[\s\S]*mul\.int/);
  });

  it('properties only read by a method kernel take the types of the recorded receivers', () => {
    const cls = 'class Circle { public $r; public $name; function area() { return 3.0 * $this->r * $this->r; } }';
    const receiver = { kind: 'object', className: 'Circle', props: [{ key: 'r', value: { kind: 'float', value: 2 } }, { key: 'name', value: { kind: 'string', value: 'c' } }] } as const;
    const ir = buildIr(objectPlan([{ fn: 'Circle::area', paramTypes: [] }], [cls], [[receiver]]));
    if (isDeclined(ir)) throw new Error(ir.reason);
    expect(ir.classes?.[0]?.props).toEqual([{ name: 'r', type: 'float' }, { name: 'name', type: 'string' }]);
    expect(ir.functions[0]!.returnType).toBe('float');
    // Without samples nothing tells: whatever the host object holds (mixed).
    expect((irOf([{ fn: 'Circle::area', paramTypes: [] }], [cls]).classes?.[0]?.props ?? [])[0]).toEqual({ name: 'r', type: 'mixed' });
  });

  it('element writes below a property widen its array type; keys, then the value, then the write', () => {
    const cls = 'class Bag { public $items = []; function put($v) { $this->items[] = $v; $this->items["n"] = 1.5; } }';
    const ir = irOf([{ fn: 'Bag::put', paramTypes: ['int'] }], [cls]);
    expect(showIr(ir)).toContain('($this#0->items[] = box<mixed>($v#1))');
    expect(ir.classes?.[0]?.props[0]?.type).toBe('array<mixed>');
  });

  it('constructors writing only the new object leave the other operands alone; writes to other objects order them', () => {
    const pair = 'class Pair { public $a; public $b; function __construct($a, $b) { $this->a = $a; $this->b = $b; } }';
    const tag = 'class Tag { public $v = 0; function __construct($o) { $o->x = 9; } }';
    // Two `new`s as arguments, and a property read beside a call that only builds new objects.
    irOf([{ fn: 'function f($n) { $v = new Vec($n, 1.0); $p = new Pair(new Vec(1, 2.0), new Vec($v->x, 3.0)); return $v->x + $v->add($v)->x; }', paramTypes: ['int'] }], [VEC, pair]);
    // Tag's constructor writes $o->x: reading $v->x beside it depends on the order.
    expect(declined([{ fn: 'function f($n) { $v = new Vec($n, 1.0); $p = new Pair($v->x, new Tag($v)); return 1; }', paramTypes: ['int'] }], [VEC, pair, tag])).toMatch(/order-dependent side effects/);
    // A method writing its own $this is a write to its receiver, as seen by its caller.
    const bump = 'class B { public $n = 0; function bump() { $this->n++; return 1; } function twice() { return $this->n + $this->bump(); } }';
    expect(declined([{ fn: 'B::twice', paramTypes: [] }], [bump])).toMatch(/order-dependent side effects/);
  });

  it('an object parameter takes the class the profile saw', () => {
    const ir = irOf([{ fn: 'function f($v) { return $v->len2(); }', paramTypes: ['object'], paramClasses: ['vec'] }], [VEC]);
    expect(ir.functions[0]!.locals[0]!.type).toBe('object<vec>');
    expect(ir.classes?.[0]?.instantiated).toBe(false);
  });
});

describe('buildIr: objects it cannot make exact are declined with a reason', () => {
  const cases: [string, string, readonly string[], RegExp][] = [
    ['magic __get', 'function f($n) { $o = new M(); return 1; }', ['class M { public $a = 1; function __get($k) { return 1; } }'], /unsupported magic method __get\(\)/],
    ['__destruct', 'function f($n) { $o = new M(); return 1; }', ['class M { function __destruct() {} }'], /unsupported magic method __destruct\(\)/],
    ['dynamic property', 'function f($n) { $o = new M(); $o->zz = 1; return 1; }', ['class M { public $a; }'], /undeclared property m::\$zz/],
    ['private from outside', 'function f($n) { $o = new M(); return $o->a; }', ['class M { private $a = 1; }'], /access to private property m::\$a/],
    ['loose == of objects', 'function f($n) { return new M() == new M(); }', ['class M { public $a; }'], /unsupported comparison 'eq' of objects/],
    ['echo of an object', 'function f($n) { echo new M(); return 1; }', ['class M { public $a; }'], /echo of object<m>/],
    ['array of objects', 'function f($n) { $a = [new M()]; return 1; }', ['class M { public $a; }'], /object in an array/],
    ['object or int', 'function f($n) { $o = 1; if ($n) { $o = new M(); } return 1; }', ['class M { public $a; }'], /holds int and object<m>|holds object<m> and int/],
    ['arguments without constructor', 'function f($n) { $o = new M($n); return 1; }', ['class M { public $a; }'], /new m with arguments but no constructor/],
    ['static property', 'function f($n) { return M::$a; }', ['class M { public static $a = 1; }'], /static member access/],
    ['clone', 'function f($n) { $o = new M(); $p = clone $o; return 1; }', ['class M { public $a; }'], /unsupported construct 'clone'/],
    ['typed int property written a float', 'function f($n) { $o = new M(); $o->a = 1.5; return 1; }', ['class M { public int $a = 0; }'], /float value where int is declared/],
    ['property read and a call writing properties in one expression', 'function f($n) { $o = new M(); return $o->a + $o->bump(); }', ['class M { public $a = 1; function bump() { $this->a++; return 1; } }'], /order-dependent side effects/],
    ['class not in the plan', 'function f($n) { $o = new Nope(); return 1; }', ['class M { public $a; }'], /class nope is not among the plan's class sources/],
    ['abstract class', 'function f($n) { $o = new M(); return 1; }', ['abstract class M { public $a; }'], /new of abstract class m/],
  ];
  it.each(cases)('%s', (_name, fn, classes, reason) => {
    expect(declined([{ fn, paramTypes: ['int'] }], classes)).toMatch(reason);
  });

  it('readonly properties are declined where the class is used', () => {
    expect(declined([{ fn: 'function f($n) { $o = new M(); return 1; }', paramTypes: ['int'] }], ['class M { public readonly int $a; }'])).toMatch(/readonly property/);
  });
});
