// Runtime v4 pv::Val dynamic semantics (arithmetic, concat, ==, ===, <=>, <, >, casts, truthiness) over a value matrix, against php -n.
import { describe, expect, it } from 'vitest';
import { CPP_PRELUDE, PHP_PRELUDE, runBoth, type Case } from '../fixtures/runtime/cpp-vs-php.ts';
import { CPP_SHOW, PHP_SHOW } from '../fixtures/runtime/show.ts';

// The same values on both sides.
const VALUES: { cpp: string; php: string }[] = [
  { cpp: 'Val()', php: 'null' }, { cpp: 'Val(true)', php: 'true' }, { cpp: 'Val(false)', php: 'false' }, { cpp: 'Val(0)', php: '0' }, { cpp: 'Val(1)', php: '1' },
  { cpp: 'Val(-7)', php: '-7' }, { cpp: 'Val(INT64_MAX)', php: 'PHP_INT_MAX' }, { cpp: 'Val(INT64_MIN)', php: 'PHP_INT_MIN' }, { cpp: 'Val(1.5)', php: '1.5' },
  { cpp: 'Val(-0.0)', php: '-0.0' }, { cpp: 'Val(NAN)', php: 'NAN' }, { cpp: 'Val(INFINITY)', php: 'INF' }, { cpp: 'Val(0.1 + 0.2)', php: '0.1 + 0.2' },
  { cpp: 'Val("5")', php: '"5"' }, { cpp: 'Val(" 5 ")', php: '" 5 "' }, { cpp: 'Val("1.5")', php: '"1.5"' }, { cpp: 'Val("1e3")', php: '"1e3"' },
  { cpp: 'Val("abc")', php: '"abc"' }, { cpp: 'Val("12abc")', php: '"12abc"' }, { cpp: 'Val("")', php: '""' }, { cpp: 'Val("0")', php: '"0"' }, { cpp: 'Val("0.3")', php: '"0.3"' },
  { cpp: 'Val(Array<Val>())', php: '[]' }, { cpp: 'mk_arr12()', php: '[1, 2]' }, { cpp: 'mk_arr21()', php: '[1 => 2, 0 => 1]' }, { cpp: 'mk_arr_a()', php: '["a" => 1]' },
];
const CPP_VALUES = `
static Val mk_arr12() { Array<Val> a; a.append(Val(1)); a.append(Val(2)); return Val(a); }
static Val mk_arr21() { Array<Val> a; a.set((int64_t)1, Val(2)); a.set((int64_t)0, Val(1)); return Val(a); }
static Val mk_arr_a() { Array<Val> a; a.set(Str("a"), Val(1)); return Val(a); }
static std::vector<Val> all_values() { return {${VALUES.map((v) => v.cpp).join(', ')}}; }
`;
const PHP_VALUES = `function all_values() { return [${VALUES.map((v) => v.php).join(', ')}]; }`;

// Binary operations: [name, C++ expression over a and b, PHP expression over $a and $b].
const BINARY: [string, string, string][] = [
  ['add', 'show(add(a, b))', 'show($a + $b)'],
  ['sub', 'show(sub(a, b))', 'show($a - $b)'],
  ['mul', 'show(mul(a, b))', 'show($a * $b)'],
  ['div', 'show(div(a, b))', 'show($a / $b)'],
  ['mod', 'show(mod(a, b))', 'show($a % $b)'],
  ['pow', 'show(pv::pow(a, b))', 'show($a ** $b)'],
  ['concat', 'show(concat(a, b))', 'show($a . $b)'],
  ['compare', 'show(loose_eq(a, b)) + show(identical(a, b)) + show(cmp(a, b)) + show(lt(a, b)) + show(le(a, b)) + show(gt(a, b)) + show(ge(a, b))',
    'show($a == $b) . show($a === $b) . show($a <=> $b) . show($a < $b) . show($a <= $b) . show($a > $b) . show($a >= $b)'],
];
const UNARY: [string, string, string][] = [
  ['neg', 'show(neg(a))', 'show(-$a)'],
  ['casts', 'show(to_int_cast(a)) + show(to_double_cast(a)) + show(truthy(a))', 'show((int)$a) . show((float)$a) . show((bool)$a)'],
  ['str', 'show(str_of(a))', 'show((string)$a)'],
  ['checks', 'show(is_null(a)) + show(is_int(a)) + show(is_float(a)) + show(is_string(a)) + show(is_array(a)) + show(is_bool(a)) + show(is_numeric(a))',
    'show(is_null($a)) . show(is_int($a)) . show(is_float($a)) . show(is_string($a)) . show(is_array($a)) . show(is_bool($a)) . show(is_numeric($a))'],
  ['key', 'Array<int64_t> k; k.set(a, 1); return show(k);', '$k = []; $k[$a] = 1; return show($k);'],
];

function body(expr: string): string {
  return expr.includes('return') ? expr : `return ${expr};`;
}

// One case per operation: both operands loop inside, each result `;`-separated; a C++ DEOPT
// prints D, a PHP warning or exception prints F.
function cases(): Case[] {
  const out: Case[] = [];
  for (const [name, cpp, php] of BINARY)
    out.push({
      name,
      cpp: `std::vector<Val> vs = all_values(); Str o; for (const Val &a : vs) for (const Val &b : vs) { try { o += [&]() -> Str { ${body(cpp)} }(); } catch (const Deopt &) { o += "D"; } o += ";"; } return o;`,
      php: `$vs = all_values(); $o = ""; foreach ($vs as $a) foreach ($vs as $b) { try { $o .= (function () use ($a, $b) { ${body(php)} })(); } catch (Throwable $e) { $o .= "F"; } $o .= ";"; } return $o;`,
    });
  for (const [name, cpp, php] of UNARY)
    out.push({
      name,
      cpp: `std::vector<Val> vs = all_values(); Str o; for (const Val &a : vs) { try { o += [&]() -> Str { ${body(cpp)} }(); } catch (const Deopt &) { o += "D"; } o += ";"; } return o;`,
      php: `$vs = all_values(); $o = ""; foreach ($vs as $a) { try { $o .= (function () use ($a) { ${body(php)} })(); } catch (Throwable $e) { $o .= "F"; } $o .= ";"; } return $o;`,
    });
  return out;
}

// The operands of result j of a case: (left, right) for binary operations, the value for unary ones.
function label(caseIndex: number, j: number): string {
  const n = VALUES.length;
  if (caseIndex >= BINARY.length) return VALUES[j]?.php ?? '?';
  return `${VALUES[Math.floor(j / n)]?.php} , ${VALUES[j % n]?.php}`;
}

describe('pv::Val', () => {
  it('matches php -n over the value matrix (DEOPT exactly where PHP warns or throws)', async () => {
    const cs = cases();
    const { cpp, php } = await runBoth(CPP_PRELUDE + CPP_SHOW + CPP_VALUES, PHP_PRELUDE + PHP_SHOW + PHP_VALUES, cs);
    const bad: string[] = [];
    let compared = 0;
    cs.forEach((c, i) => {
      const a = Buffer.from(cpp[i] ?? '', 'hex').toString('latin1').split(';');
      const b = Buffer.from(php[i] ?? '', 'hex').toString('latin1').split(';');
      if (a.length !== b.length) bad.push(`${c.name}: ${a.length} vs ${b.length} results`);
      a.slice(0, -1).forEach((x, j) => {
        compared++;
        const y = b[j];
        const ok = x === 'D' ? y === 'F' : x === y;
        if (!ok) bad.push(`${c.name} (${label(i, j)}): cpp ${x} php ${y}`);
      });
    });
    expect(compared).toBeGreaterThan(VALUES.length * VALUES.length * BINARY.length);
    expect(bad).toEqual([]);
  });
});
