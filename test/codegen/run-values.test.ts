import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import type { ParamType, PhpValue } from '../../src/core/php-value.ts';
import { buildIr } from '../../src/frontend/index.ts';
import { planOf } from '../fixtures/compiler/plan-of.ts';
import { compileModule, enc, runHost, runPhp } from './value-harness.ts';
import { byRefModule, mixedModule, worldModule } from './value-modules.ts';

const i = (v: number): PhpValue => ({ kind: 'int', value: BigInt(v) });
const s = (v: string): PhpValue => ({ kind: 'string', value: v });
const list = (...vs: PhpValue[]): PhpValue => ({ kind: 'array', entries: vs.map((value, k) => ({ key: BigInt(k), value })) });
const map = (...kv: [string | number, PhpValue][]): PhpValue => ({ kind: 'array', entries: kv.map(([k, value]) => ({ key: typeof k === 'number' ? BigInt(k) : k, value })) });

/** The same call in PHP source form. */
function php(v: PhpValue): string {
  switch (v.kind) {
    case 'int':
      return v.value.toString();
    case 'string':
      return `"${[...v.value].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')}"`;
    case 'array':
      return `[${v.entries.map((e) => `${typeof e.key === 'string' ? php(s(e.key)) : e.key.toString()} => ${php(e.value)}`).join(', ')}]`;
    default:
      throw new Error(`no literal for ${v.kind}`);
  }
}

interface Case {
  readonly title: string;
  readonly src: string;
  readonly types: readonly ParamType[];
  readonly calls: readonly (readonly PhpValue[])[];
}

const cases: Case[] = [
  {
    title: 'string building, .=, offsets, strlen and strtoupper, echo of several values',
    src: 'function greet($name) { $s = "Hello, " . $name; $s .= "!"; echo $s, " ", strlen($s), " ", 7 / 2, "\\n"; return strtoupper($s) . $name[0] . $name[-1]; }',
    types: ['string'],
    calls: [[s('world')], [s('w\0\xffz')]],
  },
  {
    // (Appending to an array that came from PHP DEOPTs: its next free key is not visible through the ABI.)
    title: 'foreach with keys over a snapshot, copies that separate, appends, string keys, unset',
    src: 'function stats($a) { $t = 0; $keys = ""; foreach ($a as $k => $v) { $t += $v; $keys .= $k . ","; $a[$v + 100] = 1; } $b = $a; $b["z"] = 1; unset($b[0]); $c = [$t]; $c[] = count($b); echo count($a), " ", count($b), " ", $keys, implode("/", $c), "\\n"; return $t; }',
    types: ['array'],
    calls: [[list(i(1), i(2), i(3))], [map(['x', i(5)], [7, i(-2)])]],
  },
  {
    title: 'nested arrays: autovivified rows, isset on missing levels, implode of rows',
    src: 'function grid($n) { $m = []; for ($r = 0; $r < $n; $r++) { for ($c = 0; $c < $n; $c++) { $m[$r][$c] = $r * $c; } } $out = ""; foreach ($m as $row) { $out .= implode(" ", $row) . "\\n"; } echo $out; return isset($m[1][1]) ? count($m) : -1; }',
    types: ['int'],
    calls: [[i(3)], [i(0)]],
  },
  {
    title: 'sprintf, printf, number_format, str_pad, explode/implode',
    src: 'function fmt($x) { $n = printf("[%5d|%-4s|%05.1f]\\n", $x, "ab", $x / 3); $parts = explode(",", "a,b,c"); return sprintf("%s;%x;%b", implode("+", $parts), $x, $x) . number_format($x * 1234.5, 2) . str_pad("7", 3, "0", STR_PAD_LEFT) . $n; }',
    types: ['int'],
    calls: [[i(42)], [i(-7)]],
  },
  {
    title: 'isset/empty through missing levels, unset of missing intermediate keys (no warnings, nothing created)',
    src: 'function t($s) { $a = ["k" => [0], "j" => [1, 2]]; $r = (empty($a["k"][0]) ? "e" : "f") . (isset($a["j"][1]) ? "1" : "0") . (isset($a["q"][0]) ? "1" : "0"); unset($a["j"][0]); unset($a["zz"][1]); return $r . count($a["j"]) . $s . count($a); }',
    types: ['string'],
    calls: [[s('!')]],
  },
  {
    title: 'float accumulation over an array argument, int elements widened',
    src: 'function avg($a) { $s = 0.0; foreach ($a as $v) { $s += $v; } return $s / count($a); }',
    types: ['array'],
    calls: [[list(i(1), i(2), i(4))]],
  },
  {
    title: 'string builtins: trim/ucfirst/strrev/ord/chr/dechex/hexdec/str_replace/str_contains/substr/strpos',
    src: 'function t($s) { return ucfirst(trim($s)) . lcfirst("AB") . strrev($s) . ord($s) . chr(65) . dechex(255) . hexdec("ff") . str_replace("a", "b", $s) . (str_contains($s, "a") ? "y" : "n") . substr($s, 1, 2) . strpos($s, "b"); }',
    types: ['string'],
    calls: [[s(' abc ')], [s('banana')]],
  },
  {
    title: 'array builtins: max/min/array_sum/array_product, array_keys/values/reverse/slice/merge, range/array_fill/in_array',
    src: 'function t($a) { $k = array_keys($a); $v = array_values($a); $r = array_reverse($v); $n = range(1, count($a)); return (max($a) + min($a) + array_sum($a) + array_product($a)) . implode(",", $k) . implode(",", array_slice($r, 1)) . implode(",", array_merge([0], $r)) . count(array_fill(0, 3, "x")) . (in_array(2, $n) ? "y" : "n"); }',
    types: ['array'],
    calls: [[list(i(3), i(1), i(2))], [map(['a', i(5)], [9, i(-1)])]],
  },
  {
    title: 'compound element updates in place (op=, ++/--, .=, nested, hoisted key) and ones reading the same array',
    src: 'function upd($n, $z) { $a = [1, 2, $z]; $k = "x"; $m = [[1, 2], [3, 4]]; $s = ["a" => "p", "xy" => 1]; for ($i = 0; $i < $n; $i++) { $a[$i % 3] += $i; $a[$i % 3] *= 2; $a[1]--; ++$a[2]; $m[$i % 2][1] -= $i; $s["a"] .= $i; $s[$k . "y"] += 2; $s[$k . "y"] += strlen($s["a"]); $a[0] += $a[1]; } echo implode(",", $a), " ", $m[0][1], $m[1][1], " ", implode(",", $s), "\\n"; return $a[0]; }',
    types: ['int', 'int'],
    calls: [[i(5), i(3)], [i(0), i(-4)], [i(9), i(-100)]],
  },
];

describe('generated kernels run in a host and compute what php -n computes', () => {
  it.each(cases.map((c) => [c.title, c]))('%s', async (_t, c) => {
    const name = /function\s+(\w+)/.exec(c.src)![1]!;
    const ir = buildIr(planOf([{ src: c.src, paramTypes: c.types }]));
    if (isDeclined(ir)) throw new Error(ir.reason);
    const { so } = await compileModule(ir);
    for (const args of c.calls) {
      const got = runHost(so, `call 0 ${args.length} ${args.map(enc).join(' ')}\n`);
      expect(got, `${name}(${args.map(php).join(', ')})`).toEqual(runPhp(c.src, name, args.map(php)));
    }
  });

  it('DEOPTs with nothing observable where PHP would warn (missing key), even after an echo', async () => {
    const src = 'function g($a) { echo "side effect"; return $a[5] + 1; }';
    const ir = buildIr(planOf([{ src, paramTypes: ['array'] }]));
    if (isDeclined(ir)) throw new Error(ir.reason);
    const { so } = await compileModule(ir);
    expect(runHost(so, `call 0 1 ${enc(list(i(1)))}\ncall 0 1 ${enc(map([5, i(41)]))}\n`)).toEqual(['deopt', `out ${Buffer.from('side effect').toString('hex')}`, 'ok i 42']);
  });

  it('DEOPTs where an in-place element update finds no element (PHP warns), at any level', async () => {
    const src = 'function h($j, $k) { $a = [[10, 20]]; echo "x"; $a[$j][$k]++; $a[0][1] *= 3; return $a[0][$k] + $a[0][1]; }';
    const ir = buildIr(planOf([{ src, paramTypes: ['int', 'int'] }]));
    if (isDeclined(ir)) throw new Error(ir.reason);
    const { so } = await compileModule(ir);
    const x = Buffer.from('x').toString('hex');
    expect(runHost(so, 'call 0 2 i 0 i 0\n')).toEqual([`out ${x}`, 'ok i 71']);
    // A missing inner key, then a missing outer one.
    expect(runHost(so, 'call 0 2 i 0 i 2\n')).toEqual(['deopt']);
    expect(runHost(so, 'call 0 2 i 1 i 0\n')).toEqual(['deopt']);
  });

  it('globals, statics and constants: guarded loads, DEOPT while unset, commits in first-write order', async () => {
    const { so } = await compileModule(worldModule());
    const lines = runHost(
      so,
      [
        // $n unset: PHP warns, the kernel DEOPTs without committing anything.
        'const LIMIT i 10',
        'static tick calls i 0',
        'call 0 0',
        'global n i 4',
        'call 0 0',
        'call 0 0',
        // A float global fails the int guard.
        'global n d 3ff0000000000000',
        'call 0 0',
      ].join('\n') + '\n',
    );
    const tick = Buffer.from('tick').toString('hex');
    expect(lines).toEqual([
      'deopt',
      `out ${tick}`,
      'ok i 51',
      'set global n i 5',
      'set static tick calls i 1',
      `out ${tick}`,
      'ok i 62',
      'set global n i 6',
      'set static tick calls i 2',
      'deopt',
    ]);
  });
});

describe('by-reference parameters and tagged values at run time', () => {
  it('writes by-reference arguments back through arg_set, including through a callee taking them by reference', async () => {
    const { so } = await compileModule(byRefModule());
    // bump($x, $log): $x = ($x + 1) * 2 (the doubling in helper(&$y)), $log .= "+"; returns null.
    expect(runHost(so, `call 0 2 i 4 ${enc(s('ab'))}\ncall 0 2 i 9223372036854775807 ${enc(s(''))}\n`)).toEqual([
      'ok n',
      'set arg 0 i 10',
      `set arg 1 ${enc(s('ab+'))}`,
      // Overflow: PHP would make $x a float; the kernel DEOPTs and writes nothing back.
      'deopt',
    ]);
  });

  it('mixed values: PHP 8 arithmetic and comparison on numeric strings, boxing and unboxing with guards', async () => {
    const { so } = await compileModule(mixedModule());
    const src = `function dyn($m) { $r = $m + 1; $parts = explode(",", "a,b,c"); $n = $r + count($parts); sort($parts); array_push($parts, "d");
      if ($m < $r && in_array("b", $parts)) printf("%05.1f|%s\\n", 3.14159, (string)$n);
      return implode("-", $parts) . $r . sprintf("%d", $n) . str_pad("x", 3, "*") . true; }`;
    for (const m of [s('41'), s(' 2.5')]) {
      const host = runHost(so, `call 0 1 ${enc(m)}\n`);
      // " 2.5" + 1 is a float: unboxing $r as int DEOPTs (PHP goes on with a float there).
      if (m.kind === 'string' && m.value.includes('.')) expect(host).toEqual(['deopt']);
      else expect(host).toEqual(runPhp(src, 'dyn', [php(m)]));
    }
    // A non-numeric string: PHP throws a TypeError; the kernel DEOPTs so PHP throws it itself.
    expect(runHost(so, `call 0 1 ${enc(s('abc'))}\n`)).toEqual(['deopt']);
  });
});
