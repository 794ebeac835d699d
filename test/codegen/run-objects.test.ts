import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import type { PhpValue } from '../../src/core/php-value.ts';
import { buildIr } from '../../src/frontend/index.ts';
import { objectPlan, type ObjFnSpec } from './object-plan.ts';
import { compileModule, enc, runHost, runPhpCode } from './value-harness.ts';

const i = (v: number): PhpValue => ({ kind: 'int', value: BigInt(v) });
const f = (v: number): PhpValue => ({ kind: 'float', value: v });
const obj = (cls: string, props: Record<string, PhpValue | 'U'>): string =>
  `o ${Buffer.from(cls.toLowerCase()).toString('hex')} ${Object.keys(props).length}${Object.entries(props)
    .map(([k, v]) => ` ${Buffer.from(k).toString('hex')} ${v === 'U' ? 'U' : enc(v)}`)
    .join('')}`;
/** The host's "class" command: declared defaults PHP's object_new would give (U: uninitialized). */
const classCmd = (cls: string, props: Record<string, PhpValue | 'U'>): string => `class ${obj(cls, props).slice(2)}`;

async function kernel(fns: readonly ObjFnSpec[], classes: readonly string[]): Promise<string> {
  const ir = buildIr(objectPlan(fns, classes));
  if (isDeclined(ir)) throw new Error(ir.reason);
  return (await compileModule(ir)).so;
}

/** Host lines without the commit log of property writes and object creations (PHP shows those through the values). */
const values = (lines: readonly string[]): string[] => lines.filter((l) => !l.startsWith('set prop ') && !l.startsWith('new '));

const VEC = `class Vec {
  public $x;
  public $y;
  function __construct($x, $y) { $this->x = $x; $this->y = $y; }
  function add($o) { return new Vec($this->x + $o->x, $this->y + $o->y); }
  function dot($o) { return $this->x * $o->x + $this->y * $o->y; }
  function scale($k) { $this->x *= $k; $this->y *= $k; return $this; }
}`;

const VEC_CLASS = classCmd('vec', { x: { kind: 'null' }, y: { kind: 'null' } });

describe('objects in kernels compute what php -n computes', () => {
  it('a Vec class: constructor, property reads, devirtualized methods (inlined by g++) in a hot loop', async () => {
    const run = 'function run($n) { $acc = new Vec(0, 0); for ($i = 0; $i < $n; $i++) { $acc = $acc->add(new Vec($i, 1)); } return $acc->dot(new Vec(1, 2)); }';
    const so = await kernel([{ fn: run, paramTypes: ['int'] }], [VEC]);
    for (const n of [0, 10, 1000]) {
      expect(runHost(so, `${VEC_CLASS}\ncall 0 1 i ${n}\n`), `run(${n})`).toEqual(runPhpCode(`${VEC}\n${run}`, `$__r = run(${n});`));
    }
  }, 60_000);

  it('floats and a method mutating $this in place (compound assignment on properties), returned $this', async () => {
    const run = 'function norm($a, $b) { $v = new Vec($a, $b); for ($i = 0; $i < 3; $i++) { $v->scale(0.5); } $w = $v->scale(2.0); return ($v === $w ? "same " : "other ") . $v->dot($v); }';
    const so = await kernel([{ fn: run, paramTypes: ['float', 'float'] }], [VEC]);
    for (const [a, b] of [[3, 4], [0.1, -2.5]] as const) {
      expect(runHost(so, `${VEC_CLASS}\ncall 0 2 ${enc(f(a))} ${enc(f(b))}\n`)).toEqual(runPhpCode(`${VEC}\n${run}`, `$__r = norm(${a}, ${b});`));
    }
  }, 60_000);

  it('a native object returned to PHP is materialized once, with every property set in declaration order', async () => {
    const cls = 'class Point { public $x; public $y = 0; public $tag = "p"; public $other; function __construct($x) { $this->x = $x; } }';
    const mk = 'function mk($a) { $p = new Point($a); $p->y += $a * 2; $q = new Point($a + 1); $p->other = $q; $q->other = $q; return $p; }';
    const so = await kernel([{ fn: mk, paramTypes: ['int'] }], [cls]);
    const host = runHost(so, `${classCmd('point', { x: { kind: 'null' }, y: i(0), tag: { kind: 'string', value: 'p' }, other: { kind: 'null' } })}\ncall 0 1 i 7\n`);
    const hex = (t: string) => Buffer.from(t).toString('hex');
    // Two objects created once each (the cycle $q->other === $q reuses the materialized one), properties in declaration order.
    expect(host.filter((l) => l.startsWith('new ') || l.startsWith('set prop ')).map((l) => l.split(' ').slice(0, 5).join(' '))).toEqual([
      `new 0 ${hex('point')}`,
      `set prop 0 ${hex('x')} i`,
      `set prop 0 ${hex('y')} i`,
      `set prop 0 ${hex('tag')} s`,
      `new 1 ${hex('point')}`,
      `set prop 1 ${hex('x')} i`,
      `set prop 1 ${hex('y')} i`,
      `set prop 1 ${hex('tag')} s`,
      `set prop 1 ${hex('other')} o`,
      `set prop 0 ${hex('other')} o`,
    ]);
    const php = runPhpCode(`${cls}\n${mk}`, '$m = mk(7); $__p = [$m->x, $m->y, $m->tag, $m->other->x, $m->other->other === $m->other]; $__r = null;', ['$__p']);
    expect(host[0]).toContain(` ${Buffer.from('y').toString('hex')} i 14 `);
    expect(php[1]).toBe('obj a 5 i 0 i 7 i 1 i 14 i 2 s 70 i 3 i 8 i 4 b 1');
    // The class is not declared in PHP (not loaded yet): the kernel DEOPTs before doing anything.
    const so2 = await kernel([{ fn: mk, paramTypes: ['int'] }], [cls]);
    expect(runHost(so2, 'call 0 1 i 7\n')).toEqual(['deopt']);
  }, 60_000);

  it('a method kernel: $this is a host object, properties load lazily and written ones are committed', async () => {
    const cls = 'class Counter { public $count = 0; public $calls = 0; public $label = "c"; function add($n) { for ($i = 0; $i < $n; $i++) { $this->count += $i; } $this->calls++; return $this->label . $this->count; } }';
    const ir = buildIr(objectPlan([{ fn: 'Counter::add', paramTypes: ['int'] }], [cls]));
    if (isDeclined(ir)) throw new Error(ir.reason);
    const { unit, so } = await compileModule(ir);
    // The descriptor: arity and guards without $this, the receiver class the host checks, effects (property writes).
    expect(unit.kernels[0]).toMatchObject({ lcName: 'counter::add', paramTypes: ['int'], byRef: [false], effects: true, receiverClass: 'counter' });
    expect(unit.cpp).toMatch(/1u, \{4\}, PV_KERNEL_EFFECTS \| PV_KERNEL_METHOD, k0, "(\\x[0-9a-f]{2})+"\}/);
    const lines = runHost(so, `call 0 2 ${obj('counter', { count: i(5), calls: i(0), label: { kind: 'string', value: 'n=' } })} i 10\nshow 0\n`);
    const php = runPhpCode(cls, '$c = new Counter; $c->count = 5; $c->label = "n="; $__r = $c->add(10);', ['$c']);
    expect(values(lines)).toEqual(php);
    expect(lines.filter((l) => l.startsWith('set prop '))).toEqual([`set prop 0 ${Buffer.from('count').toString('hex')} i 50`, `set prop 0 ${Buffer.from('calls').toString('hex')} i 1`]);
    // A property of another type than the kernel was built for: DEOPT, nothing written.
    expect(runHost(so, `call 0 2 ${obj('counter', { count: f(1.5), calls: i(0), label: { kind: 'string', value: '' } })} i 3\n`)).toEqual(['deopt']);
  }, 60_000);

  it('object parameters (class checked at entry), identity, class constants, static methods, instanceof', async () => {
    const cls = 'class P { const LIMIT = 3; public $v; function __construct($v) { $this->v = $v; } static function twice($n) { return $n * 2; } function same($o) { return $this === $o; } }';
    const fn = 'function t($p, $n) { $a = new P($n); $b = $a; $c = new P($n); return ($a === $b ? 1 : 0) + ($a === $c ? 10 : 0) + ($p->same($p) ? 100 : 0) + ($a instanceof P ? 1000 : 0) + P::LIMIT * $n + self_twice($n) + $p->v; }'.replace('self_twice', 'P::twice');
    const so = await kernel([{ fn, paramTypes: ['object', 'int'], paramClasses: ['p'] }], [cls]);
    const host = runHost(so, `class ${Buffer.from('p').toString('hex')} 1 ${Buffer.from('v').toString('hex')} n\ncall 0 2 ${obj('p', { v: i(40) })} i 5\ncall 0 2 ${obj('q', { v: i(40) })} i 5\n`);
    expect(host[0]).toEqual(runPhpCode(`${cls}\n${fn}`, '$__r = t(new P(40), 5);')[0]);
    expect(host[1]).toBe('deopt');
  }, 60_000);

  it('host objects held by properties of host objects are wrapped once (identity), typed by the recorded receivers', async () => {
    const cls = 'class Node { public $val; public $next; function pair() { $n = $this->next; $n->val += 1; return $this->val + $this->next->val + ($n === $this->next ? 100 : 0); } function self() { return $this; } }';
    const node = (val: number, next: PhpValue | null): PhpValue => ({ kind: 'object', className: 'Node', props: [{ key: 'val', value: i(val) }, { key: 'next', value: next ?? { kind: 'null' } }] });
    const ir = buildIr(objectPlan([{ fn: 'Node::pair', paramTypes: [] }, { fn: 'Node::self', paramTypes: [] }], [cls], [[node(1, node(2, null))]]));
    if (isDeclined(ir)) throw new Error(ir.reason);
    const { so } = await compileModule(ir);
    const lines = runHost(so, `call 0 1 ${enc(node(1, node(2, null)))}\ncall 1 1 r 0\n`);
    const php = runPhpCode(cls, '$a = new Node; $b = new Node; $a->val = 1; $a->next = $b; $b->val = 2; $__r = $a->pair();');
    expect(lines[0]).toBe(php[0]);
    // One write, to the inner object (number 1); `return $this` hands the same host object back, as PHP left it.
    expect(lines.slice(1)).toEqual([`set prop 1 ${Buffer.from('val').toString('hex')} i 3`, `ok ${enc(node(1, node(3, null)))}`]);
  }, 60_000);

  it('element writes below properties: appends, keyed and compound writes, foreach over a property', async () => {
    const bag = 'class Bag { public $items = []; public $n = 0; function put($v) { $this->items[] = $v; $this->n++; } function sum() { $s = 0; foreach ($this->items as $v) { $s += $v; } return $s; } }';
    const fn = 'function t($n) { $b = new Bag(); for ($i = 0; $i < $n; $i++) { $b->put($i * 2); } $b->items[0] = 100; $b->items[1] += 5; $b->items["k"] = count($b->items); return $b->sum() . "/" . $b->n . "/" . count($b->items); }';
    const so = await kernel([{ fn, paramTypes: ['int'] }], [bag]);
    const decl = classCmd('bag', { items: { kind: 'array', entries: [] }, n: i(0) });
    for (const n of [2, 50]) expect(runHost(so, `${decl}\ncall 0 1 i ${n}\n`)).toEqual(runPhpCode(`${bag}\n${fn}`, `$__r = t(${n});`));
    // Fewer than two items: $b->items[1] += 5 reads a missing key (PHP warns), so PHP runs it.
    expect(runHost(so, `${decl}\ncall 0 1 i 1\n`)).toEqual(['deopt']);
  }, 60_000);

  it('isset, empty and ?? on properties and their elements', async () => {
    const cls = 'class Hist { public $counts = []; public $last; public int $typed; function add($k) { if (!isset($this->counts[$k])) { $this->counts[$k] = 0; } $this->counts[$k]++; $this->last = $k; } }';
    const fn = 'function t($n) { $h = new Hist(); $r = (isset($h->last) ? "L" : "-") . (isset($h->typed) ? "T" : "-") . (empty($h->counts) ? "E" : "-"); for ($i = 0; $i < $n; $i++) { $h->add($i % 3); } return $r . ($h->counts[1] ?? -1) . "/" . ($h->counts[7] ?? -1) . "/" . $h->last . (isset($h->counts[2]) ? "y" : "n") . (empty($h->counts) ? "E" : "-"); }';
    const so = await kernel([{ fn, paramTypes: ['int'] }], [cls]);
    const decl = classCmd('hist', { counts: { kind: 'array', entries: [] }, last: { kind: 'null' }, typed: 'U' });
    for (const n of [7, 2]) expect(runHost(so, `${decl}\ncall 0 1 i ${n}\n`)).toEqual(runPhpCode(`${cls}\n${fn}`, `$__r = t(${n});`));
  }, 60_000);

  it('typed properties: int → float coercion on write, uninitialized reads DEOPT, inheritance with parent::__construct', async () => {
    const base = 'class Shape { public float $area = 0; protected int $sides; public string $name; function __construct(int $sides) { $this->sides = $sides; $this->name = "shape"; } function sides() { return $this->sides; } }';
    const sq = 'class Square extends Shape { public $side; function __construct($side) { parent::__construct(4); $this->side = $side; $this->area = $side * $side; } }';
    const fn = 'function t($s) { $q = new Square($s); return $q->area . "/" . $q->sides() . "/" . $q->name; }';
    const so = await kernel([{ fn, paramTypes: ['int'] }], [base, sq]);
    expect(runHost(so, `class ${Buffer.from('square').toString('hex')} 0\ncall 0 1 i 3\n`)).toEqual(runPhpCode(`${base}\n${sq}\n${fn}`, '$__r = t(3);'));
    const un = 'function u($s) { $q = new Square($s); return $q->name; }';
    const base2 = base.replace('$this->name = "shape";', '');
    const so2 = await kernel([{ fn: un, paramTypes: ['int'] }], [base2, sq]);
    // PHP throws "must not be accessed before initialization": the kernel leaves it to PHP.
    expect(runHost(so2, `class ${Buffer.from('square').toString('hex')} 0\ncall 0 1 i 3\n`)).toEqual(['deopt']);
  }, 60_000);
});
