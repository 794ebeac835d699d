// The php-cli replay of methods: classes declared from their source, receivers and object arguments
// rebuilt without constructors (private properties too), static, private and by-reference methods,
// method statics, object identities in results, and the class layouts object_new builds.
import { describe, expect, it } from 'vitest';
import type { PhpValue } from '../../src/core/php-value.ts';
import type { ClassSource } from '../../src/ingest/types.ts';
import type { PlannedFunction } from '../../src/plan/types.ts';
import { classLayout, defaultObject } from '../../src/verify/class-model.ts';
import { buildPhpHarness, decodeValue, type PhpOutcome } from '../../src/verify/php-harness.ts';
import { runPhpScript } from '../../src/verify/run-php.ts';
import { int, sha256 } from './kernel-fixtures.ts';

const FILE = '/app/c.php';
const cls = (name: string, lines: string[], lineStart = 2, parent = ''): ClassSource => {
  const text = lines.join('\n');
  return { name, parent, file: FILE, lineStart, lineEnd: lineStart + lines.length - 1, text, sha256: sha256(text) };
};

// Lines 2..: a counter with a private property, a private method, a static method, a by-ref method, statics.
const COUNTER = cls('Counter', [
  'class Counter {',
  '    private $n = 0;',
  '    public $log = [];',
  '    public function add($k) {',
  '        $this->n = $this->bump($k);',
  '        return $this;',
  '    }',
  '    private function bump($k) {',
  '        if ($k < 0) throw new \\LogicException("negative");',
  '        return $this->n + $k;',
  '    }',
  '    public static function twice($x) {',
  '        return 2 * $x;',
  '    }',
  '    public function swapInto(&$slot) {',
  '        $old = $slot;',
  '        $slot = $this->n;',
  '        return $old;',
  '    }',
  '    public function calls() {',
  '        static $calls = 0;',
  '        return ++$calls;',
  '    }',
  '}',
]);

const method = (name: string, o: Partial<PlannedFunction> = {}): PlannedFunction => ({
  regionKey: `${FILE}::Counter::${name.toLowerCase()}`,
  functionName: name,
  lcName: `counter::${name.toLowerCase()}`,
  className: 'Counter',
  isMethod: true,
  isStatic: false,
  receiverClass: 'counter',
  source: { file: FILE, lineStart: 5, lineEnd: 8, text: '', sha256: '' },
  paramTypes: ['int'],
  paramClasses: [''],
  byRef: [false],
  exported: true,
  ...o,
});

const counter = (n: bigint, id?: number): PhpValue => ({
  kind: 'object', className: 'Counter', props: [{ key: 'n', value: int(n) }, { key: 'log', value: { kind: 'array', entries: [] } }], ...(id === undefined ? {} : { id }),
});

async function replay(f: PlannedFunction, calls: { id: number; args: PhpValue[] }[], world = {}): Promise<Map<number, PhpOutcome>> {
  const h = buildPhpHarness(f.regionKey, [f], f.lcName, calls, { classes: [COUNTER], ...world });
  const r = await runPhpScript(h.script, { php: 'php', timeoutMs: 20_000 });
  expect(r.diagnostics).toBe('');
  return r.outcomes;
}

describe('buildPhpHarness for methods', () => {
  it('calls $this->method() on a receiver with its private property set, and reports it after the call', async () => {
    const out = await replay(method('add'), [{ id: 0, args: [counter(5n), int(3n)] }, { id: 1, args: [counter(1n), int(-1n)] }]);
    const ok = out.get(0)!;
    // The result is $this itself: the object numbered 0 (the receiver), shown with its new state.
    expect(ok).toMatchObject({ kind: 'value', value: { ...counter(8n), id: 0 } });
    // Each reported value shows its objects in full once: the receiver after the call, same identity.
    expect(ok.after.objects.get(0)).toEqual({ ...counter(8n), id: 0 });
    const thrown = out.get(1)!;
    // The private method threw on its own line (class at line 2 → line 10).
    expect(thrown).toMatchObject({ kind: 'throw', errorClass: 'LogicException', message: 'negative', line: 10 });
    expect(thrown.after.objects.get(0)).toEqual({ ...counter(1n), id: 0 });
  });

  it('calls a static method through its class, and a by-reference parameter of a method', async () => {
    const twice = method('twice', { isMethod: false, isStatic: true, receiverClass: '' });
    expect((await replay(twice, [{ id: 0, args: [int(21n)] }])).get(0)).toMatchObject({ kind: 'value', value: int(42n) });
    const swap = method('swapInto', { byRef: [true] });
    const out = (await replay(swap, [{ id: 0, args: [counter(7n), int(3n)] }], { byRef: [true] })).get(0)!;
    expect(out).toMatchObject({ kind: 'value', value: int(3n) });
    // By-reference arguments are numbered like the tuple: $this is 0, the slot 1.
    expect(out.after.byRef.get(1)).toEqual(int(7n));
  });

  it('reports the statics of a method and keeps one object passed twice as one', async () => {
    const calls = method('calls', { paramTypes: [], paramClasses: [], byRef: [] });
    const out = (await replay(calls, [{ id: 0, args: [counter(0n)] }], { statics: [{ fn: 'counter::calls', name: 'calls' }] })).get(0)!;
    expect(out).toMatchObject({ kind: 'value', value: int(1n) });
    expect(out.after.statics.get('counter::calls::calls')).toEqual(int(1n));
  });
});

describe('decodeValue for objects', () => {
  it('reads identities, repeats and properties', () => {
    const hex = (s: string): string => Buffer.from(s).toString('hex');
    expect(decodeValue(`a2{i0;O0;${hex('P')};a1{s${hex('x')};i1;}i1;O0;${hex('P')};r}`)).toEqual({
      kind: 'array',
      entries: [
        { key: 0n, value: { kind: 'object', className: 'P', props: [{ key: 'x', value: int(1n) }], id: 0 } },
        { key: 1n, value: { kind: 'object', className: 'P', props: [], id: 0, repeat: true } },
      ],
    });
    expect(decodeValue(`O0;${hex('P')};i1;`)).toBeUndefined();
  });
});

describe('classLayout', () => {
  it('puts parent slots first, keeps a redeclared slot where the parent had it, and knows promoted and typed properties', () => {
    const base = cls('Base', ['class Base {', '    public $a = 1;', '    protected int $t;', '    public $n;', '}'], 2);
    const child = cls('Child', ['class Child extends Base {', "    public $b = 'x';", '    public $a = -2.5;', '    public function __construct(public $p, private int $q = 5) {}', '}'], 8, 'Base');
    expect(classLayout([child, base], 'child')).toEqual({
      name: 'Child',
      slots: ['a', 't', 'n', 'b', 'p', 'q'],
      defaults: [
        { key: 'a', value: { kind: 'float', value: -2.5 } },
        { key: 'n', value: { kind: 'null' } },
        { key: 'b', value: { kind: 'string', value: 'x' } },
        { key: 'p', value: { kind: 'null' } },
      ],
    });
  });

  it('agrees with what php -n builds without a constructor', async () => {
    const base = cls('Base', ['class Base {', '    public $a = [1, "k" => -3, 2];', '    public ?bool $f = false;', '}'], 2);
    const child = cls('Child', ['class Child extends Base {', '    public $z = 0x10 - 16;', '}'], 6, 'Base');
    expect(defaultObject([base, child], 'Child')).toBeUndefined(); // 0x10 - 16 is not a literal
    const plain = cls('Child', ['class Child extends Base {', '    public $z = 1.5e3;', '}'], 6, 'Base');
    const model = defaultObject([base, plain], 'Child')!;
    const script = `<?php ${base.text} ${plain.text} $o = (new ReflectionClass('Child'))->newInstanceWithoutConstructor(); echo json_encode(get_object_vars($o));`;
    const r = await runPhpScript(script, { php: 'php', timeoutMs: 20_000 });
    expect(r.exitCode).toBe(0);
    expect(model).toMatchObject({ className: 'Child' });
    const keys = model.kind === 'object' ? model.props.map((e) => e.key) : [];
    expect(keys).toEqual(['a', 'f', 'z']);
  });

  it('gives up on missing parents, traits, non-literal defaults and a private parent property redeclared', () => {
    expect(classLayout([cls('C', ['class C extends Gone {}'], 2, 'Gone')], 'C')).toBeUndefined();
    expect(classLayout([cls('C', ['class C { use T; }'])], 'C')).toBeUndefined();
    expect(classLayout([cls('C', ['class C { public $x = PHP_INT_MAX; }'])], 'C')).toBeUndefined();
    const base = cls('B', ['class B { private $s = 1; }']);
    expect(classLayout([base, cls('C', ['class C extends B { public $s = 2; }'], 9, 'B')], 'C')).toBeUndefined();
  });
});
