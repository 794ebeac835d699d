// Test fixtures: hand-built IR modules exercising every ABI 2 construct codegen emits (strings, arrays, mixed, output, world slots, by-ref).
import type { IrExpr, IrModule } from '../../src/frontend/types.ts';
import { assign, bin, bool, call, concat, conv, echo, expr, flt, fn, int, loc, mod, ret, str } from './ir-builders.ts';

/** greet(string $name): $s = "Hello, " . $name; $s .= "!\n"; echo $s, strlen($s), "\n"; return $s . $name[0]; */
export function greetModule(): IrModule {
  const name = loc(0, 'string');
  const s = loc(1, 'string');
  return mod([
    fn({
      name: 'greet',
      paramTypes: ['string'],
      locals: [
        { name: 'name', type: 'string', isParam: true },
        { name: 's', type: 'string', isParam: false },
      ],
      returnType: 'string',
      body: [
        expr(assign(1, concat(str('Hello, '), name))),
        expr(assign(1, concat(s, str('!\n')))),
        echo(s, call('strlen', 'int', s), str('\n')),
        ret(concat(s, { k: 'str_index', type: 'string', base: name, index: int(0) })),
      ],
    }),
  ]);
}

/**
 * total(array<int> $a): foreach ($a as $k => $v) { $t += $v * $k; } $b = []; $b[] = 7; $b["x"] = 8;
 * $c = [[1, 2]]; $c[0][] = 5; $c[1]["y"] = 6; unset($c[0][0]); echo count($b), isset($c[0][1]) ? "y" : "n", "\n";
 * return $t + $c[0][2] + $c[1]["y"];
 */
export function arraysModule(): IrModule {
  const AI = 'array<int>' as const;
  const AAI = 'array<array<int>>' as const;
  const t = loc(3, 'int');
  const lit = (items: { key: IrExpr | null; value: IrExpr }[], type: typeof AI | typeof AAI): IrExpr => ({ k: 'array', type, items });
  return mod([
    fn({
      name: 'total',
      paramTypes: ['array'],
      locals: [
        { name: 'a', type: AI, isParam: true },
        { name: 'k', type: 'int', isParam: false },
        { name: 'v', type: 'int', isParam: false },
        { name: 't', type: 'int', isParam: false },
        { name: 'b', type: AI, isParam: false },
        { name: 'c', type: AAI, isParam: false },
      ],
      returnType: 'int',
      body: [
        expr(assign(3, int(0))),
        { k: 'foreach', line: 3, subject: loc(0, AI), keyId: 1, valueId: 2, body: [expr(assign(3, bin('add', t, bin('mul', loc(2, 'int'), loc(1, 'int')))), 4)] },
        expr(assign(4, lit([], AI))),
        expr({ k: 'elem_assign', type: 'int', id: 4, path: [null], value: int(7) }),
        expr({ k: 'elem_assign', type: 'int', id: 4, path: [str('x')], value: int(8) }),
        expr(assign(5, lit([{ key: null, value: lit([{ key: null, value: int(1) }, { key: null, value: int(2) }], AI) }], AAI))),
        expr({ k: 'elem_assign', type: 'int', id: 5, path: [int(0), null], value: int(5) }),
        expr({ k: 'elem_assign', type: 'int', id: 5, path: [int(1), str('y')], value: int(6) }),
        { k: 'unset', line: 7, id: 5, path: [int(0), int(0)] },
        echo(call('count', 'int', loc(4, AI)), { k: 'cond', type: 'string', test: { k: 'isset', type: 'bool', id: 5, path: [int(0), int(1)] }, then: str('y'), else: str('n') }, str('\n')),
        ret(
          bin(
            'add',
            bin('add', t, { k: 'index', type: 'int', base: { k: 'index', type: AI, base: loc(5, AAI), key: int(0) }, key: int(2) }),
            { k: 'index', type: 'int', base: { k: 'index', type: AI, base: loc(5, AAI), key: int(1) }, key: str('y') },
          ),
        ),
      ],
    }),
  ]);
}

/** tick(): global $n; static $calls = 0; $n++; $calls++; echo "tick"; return $n * LIMIT + $calls; */
export function worldModule(): IrModule {
  return mod(
    [
      fn({
        name: 'tick',
        locals: [
          { name: 'n', type: 'int', isParam: false, world: 0 },
          { name: 'calls', type: 'int', isParam: false, world: 1 },
        ],
        returnType: 'int',
        body: [
          expr({ k: 'incdec', type: 'int', id: 0, op: 'inc', prefix: false }),
          expr({ k: 'incdec', type: 'int', id: 1, op: 'inc', prefix: false }),
          echo(str('tick')),
          ret(bin('add', bin('mul', loc(0, 'int'), { k: 'constant', type: 'int', name: 'LIMIT' }), loc(1, 'int'))),
        ],
      }),
    ],
    [
      { kind: 'global', name: 'n', type: 'int', written: true },
      { kind: 'static', name: 'calls', fn: 'tick', init: int(0), type: 'int', written: true },
      { kind: 'constant', name: 'LIMIT', type: 'int', written: false },
    ],
  );
}

/** bump(int &$x, string &$log): $x = $x + 1; $log .= "+"; helper(); — helper(int &$y) { $y = $y * 2; } called as helper($x). */
export function byRefModule(): IrModule {
  return mod([
    fn({
      name: 'bump',
      paramTypes: ['int', 'string'],
      locals: [
        { name: 'x', type: 'int', isParam: true, byRef: true },
        { name: 'log', type: 'string', isParam: true, byRef: true },
      ],
      returnType: 'null',
      body: [
        expr(assign(0, bin('add', loc(0, 'int'), int(1)))),
        expr(assign(1, concat(loc(1, 'string'), str('+')))),
        expr({ k: 'call', type: 'null', callee: 1, args: [loc(0, 'int')], direct: true }),
        ret(null),
      ],
    }),
    fn({
      name: 'helper',
      index: 1,
      exported: false,
      paramTypes: ['int'],
      locals: [{ name: 'y', type: 'int', isParam: true, byRef: true }],
      returnType: 'null',
      body: [expr(assign(0, bin('mul', loc(0, 'int'), int(2)))), ret(null)],
    }),
  ]);
}

/** dyn($m): mixed arithmetic, comparisons, boxing/unboxing and string conversion, sprintf/printf and friends. */
export function mixedModule(): IrModule {
  const m = loc(0, 'mixed');
  const AS = 'array<string>' as const;
  return mod([
    fn({
      name: 'dyn',
      paramTypes: ['string'],
      locals: [
        { name: 'm', type: 'mixed', isParam: true },
        { name: 'r', type: 'mixed', isParam: false },
        { name: 'parts', type: AS, isParam: false },
        { name: 'n', type: 'int', isParam: false },
      ],
      returnType: 'string',
      body: [
        expr(assign(1, bin('add', m, conv('box', 'mixed', int(1))))),
        expr(assign(2, call('explode', AS, str(','), str('a,b,c')))),
        expr(assign(3, bin('add', conv('unbox', 'int', loc(1, 'mixed')), call('count', 'int', loc(2, AS))))),
        expr(call('sort', 'bool', loc(2, AS))),
        expr(call('array_push', 'int', loc(2, AS), str('d'))),
        {
          k: 'if',
          line: 5,
          test: { k: 'logical', type: 'bool', op: 'and', left: bin('lt', m, loc(1, 'mixed'), 'bool'), right: call('in_array', 'bool', str('b'), loc(2, AS)) },
          then: [expr(call('printf', 'int', str('%05.1f|%s\n'), flt(3.14159), conv('tostr', 'string', loc(3, 'int'))))],
          else: [],
        },
        ret(
          concat(
            call('implode', 'string', str('-'), loc(2, AS)),
            conv('tostr', 'string', loc(1, 'mixed')),
            call('sprintf', 'string', str('%d'), loc(3, 'int')),
            call('str_pad', 'string', str('x'), int(3), str('*')),
            conv('tostr', 'string', bool(true)),
          ),
        ),
      ],
    }),
  ]);
}
