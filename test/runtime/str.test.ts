// Runtime v4 string builtins, numeric strings, string comparisons and sprintf/number_format against php -n (fixed and seeded random cases).
import { describe, expect, it } from 'vitest';
import { CPP_PRELUDE, PHP_PRELUDE, compareCases, compareTables, dbl, lit, rng, str, type Case, type Table } from '../fixtures/runtime/cpp-vs-php.ts';
import { CPP_SHOW, PHP_SHOW } from '../fixtures/runtime/show.ts';

const C = (name: string, cpp: string, php: string, deoptOk = false): Case => ({ name, cpp, php, deoptOk });

const SAMPLE_STRINGS = ['', '0', '1', '-1', '+1', ' 1', '1 ', ' 1 ', '\t\n12\r\v\f', '1.5', '.5', '5.', '-.5e3', '1e3', '1E-2', '1e', '1e+', 'abc', '123abc', '0x1A', '00012', '9223372036854775807',
  '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '1e1000', '-1e1000', ' ', '.', '-', '1.5.5', '١', 'INF', 'NAN', '0.0', '-0', '1_000', '12 34', '\u00001'];

// Per sample string: is_numeric, arithmetic value (+0 keeps int/float), casts, truthiness, array key.
function numericTables(): Table[] {
  const q = SAMPLE_STRINGS.map(lit);
  const labels = SAMPLE_STRINGS.map((x) => JSON.stringify(x));
  const t = (name: string, cppBody: string, phpBody: string): Table => ({ name, cppType: 'Lit', cppItems: q.map((x) => x.cpp), cppBody: `Str s = S(x); ${cppBody}`, phpItems: q.map((x) => x.php), phpBody, labels });
  const tables = [
    t('is_numeric', 'int64_t i; double d; bool k; return show(numeric_str(s, &i, &d, &k));', 'return show(is_numeric($x));'),
    t('arith', 'return show(to_num_exact(s));', 'return show($x + 0);'),
    t('(int)', 'return show(to_int_cast(s));', 'return show((int)$x);'),
    t('(float)', 'return show(to_double_cast(s));', 'return show((float)$x);'),
    t('(bool)', 'return show(truthy(s));', 'return show((bool)$x);'),
    t('key', 'Array<int64_t> a; a.set(s, 1); return show(a);', '$a = []; $a[$x] = 1; return show($a);'),
  ];
  // Pairwise == and <=> over a subset (overflowing integer strings DEOPT: allowed).
  const sub = ['', '0', '1', ' 1', '1.0', '1e0', 'abc', 'abd', '10', '9', '9a', '1e1000', '2e1000', '-1e1000', '00', '0.0', 'a', 'A', '9223372036854775807', '9223372036854775808'];
  const pairs = sub.flatMap((a) => sub.map((b) => [lit(a), lit(b)] as const));
  tables.push({
    name: 'string == and <=>',
    cppType: 'std::pair<Lit, Lit>',
    cppItems: pairs.map(([a, b]) => `{${a.cpp}, ${b.cpp}}`),
    cppBody: 'Str a = S(x.first), b = S(x.second); return show(loose_eq(a, b)) + show(cmp(a, b));',
    phpItems: pairs.map(([a, b]) => `[${a.php}, ${b.php}]`),
    phpBody: 'show($x[0] == $x[1]) . show($x[0] <=> $x[1])',
    deoptOk: true,
  });
  return tables;
}

const BUILTINS: Case[] = [
  C('strlen/substr', 'Str s("Hello, world"); return show(strlen_(s)) + show(substr(s, 7)) + show(substr(s, -5, 3)) + show(substr(s, 20)) + show(substr(s, 3, -4)) + show(substr(s, -20, 2)) + show(substr(s, 5, -20)) + show(substr(s, 12)) + show(substr(s, 0, 0));',
    '$s = "Hello, world"; return show(strlen($s)) . show(substr($s, 7)) . show(substr($s, -5, 3)) . show(substr($s, 20)) . show(substr($s, 3, -4)) . show(substr($s, -20, 2)) . show(substr($s, 5, -20)) . show(substr($s, 12)) . show(substr($s, 0, 0));'),
  C('str_repeat', 'return show(str_repeat(Str("ab"), 3)) + show(str_repeat(Str("x"), 0));', 'return show(str_repeat("ab", 3)) . show(str_repeat("x", 0));'),
  C('str_repeat negative deopts', 'return show(str_repeat(Str("ab"), -1));', 'return show(str_repeat("ab", -1));'),
  C('str_offset', 'Str s("abc"); return show(str_offset(s, 0)) + show(str_offset(s, -1)) + show(str_offset(s, 2));', '$s = "abc"; return show($s[0]) . show($s[-1]) . show($s[2]);'),
  C('str_offset out of range deopts', 'return show(str_offset(Str("abc"), 3));', '$s = "abc"; return show($s[3]);'),
  C('str_offset negative out of range deopts', 'return show(str_offset(Str("abc"), -4));', '$s = "abc"; return show($s[-4]);'),
  C('dechex/decbin/decoct', 'return show(dechex(255)) + show(dechex(-1)) + show(decbin(10)) + show(decoct(8)) + show(dechex(0)) + show(decbin(INT64_MIN));', 'return show(dechex(255)) . show(dechex(-1)) . show(decbin(10)) . show(decoct(8)) . show(dechex(0)) . show(decbin(PHP_INT_MIN));'),
  C('hexdec/bindec/octdec', 'return show(hexdec(Str("ff"))) + show(hexdec(Str("FFFFFFFFFFFFFFFF"))) + show(hexdec(Str("7fffffffffffffff"))) + show(bindec(Str("1010"))) + show(octdec(Str("777"))) + show(hexdec(Str("")));',
    'return show(hexdec("ff")) . show(hexdec("FFFFFFFFFFFFFFFF")) . show(hexdec("7fffffffffffffff")) . show(bindec("1010")) . show(octdec("777")) . show(hexdec(""));'),
  C('hexdec invalid deopts', 'return show(hexdec(Str("fg")));', 'return show(hexdec("fg"));'),
  C('case and trims', `Str s = ${str(' \t\nHeLLo wOrld\0\x0b ').cpp}; return show(strtoupper(s)) + show(strtolower(s)) + show(ucfirst(Str("abc"))) + show(lcfirst(Str("ABC"))) + show(strrev(Str("abc"))) + show(trim(s)) + show(ltrim(s)) + show(rtrim(s)) + show(strtoupper(Str("\\xe9t\\xe9")));`,
    '$s = " \\t\\nHeLLo wOrld\\0\\x0b "; return show(strtoupper($s)) . show(strtolower($s)) . show(ucfirst("abc")) . show(lcfirst("ABC")) . show(strrev("abc")) . show(trim($s)) . show(ltrim($s)) . show(rtrim($s)) . show(strtoupper("\\xe9t\\xe9"));'),
  C('str_pad', 'return show(str_pad(Str("5"), 3, Str("0"), STR_PAD_LEFT)) + show(str_pad(Str("ab"), 7, Str("xy"), STR_PAD_BOTH)) + show(str_pad(Str("ab"), 6)) + show(str_pad(Str("abc"), 2)) + show(str_pad(Str("a"), 4, Str("123"), STR_PAD_LEFT));',
    'return show(str_pad("5", 3, "0", STR_PAD_LEFT)) . show(str_pad("ab", 7, "xy", STR_PAD_BOTH)) . show(str_pad("ab", 6)) . show(str_pad("abc", 2)) . show(str_pad("a", 4, "123", STR_PAD_LEFT));'),
  C('ord/chr', 'return show(ord(Str("A"))) + show(ord(Str(""))) + show(ord(Str("\\xff"))) + show(chr(65)) + show(chr(-1)) + show(chr(256 + 66));', 'return show(ord("A")) . show(ord("")) . show(ord("\\xff")) . show(chr(65)) . show(chr(-1)) . show(chr(256 + 66));'),
  C('searching', 'Str h("hello world"); return show(strpos(h, Str("o"))) + show(strpos(h, Str("o"), 5)) + show(strpos(h, Str("z"))) + show(strpos(h, Str(""), 11)) + show(strpos(h, Str("o"), -3)) + show(strrpos(h, Str("o"))) + show(strrpos(h, Str("o"), -5)) + show(strrpos(h, Str("l"), 4)) + show(str_contains(h, Str("lo w"))) + show(str_contains(h, Str(""))) + show(str_starts_with(h, Str("he"))) + show(str_ends_with(h, Str("rld"))) + show(str_ends_with(h, Str("x")));',
    '$h = "hello world"; return show(strpos($h, "o")) . show(strpos($h, "o", 5)) . show(strpos($h, "z")) . show(strpos($h, "", 11)) . show(strpos($h, "o", -3)) . show(strrpos($h, "o")) . show(strrpos($h, "o", -5)) . show(strrpos($h, "l", 4)) . show(str_contains($h, "lo w")) . show(str_contains($h, "")) . show(str_starts_with($h, "he")) . show(str_ends_with($h, "rld")) . show(str_ends_with($h, "x"));'),
  C('strpos offset out of range deopts', 'return show(strpos(Str("abc"), Str("a"), 4));', 'return show(strpos("abc", "a", 4));'),
  C('str_replace', 'return show(str_replace(Str("l"), Str("L"), Str("hello"))) + show(str_replace(Str(""), Str("x"), Str("ab"))) + show(str_replace(Str("aa"), Str("b"), Str("aaaaa"))) + show(str_replace(Str("x"), Str(""), Str("xaxbx")));',
    'return show(str_replace("l", "L", "hello")) . show(str_replace("", "x", "ab")) . show(str_replace("aa", "b", "aaaaa")) . show(str_replace("x", "", "xaxbx"));'),
  C('cat', 'return cat(Str("a"), Str("bc"), str_of((int64_t)5), str_of(1.5));', 'return "a" . "bc" . 5 . 1.5;'),
];

function numberFormatTables(): Table[] {
  const r = rng(4242);
  const vals = [0, -0.4, 0.5, 1.005, 1234567.891, -1234.567, 1e15, 123456789012345680, 0.000001, -0.5, 2.5, 1.45, 999.995];
  for (let i = 0; i < 60; i++) vals.push((r() - 0.5) * 10 ** Math.floor(r() * 12));
  const items = vals.flatMap((v) => [0, 2, 3, -1].map((dec) => ({ d: dbl(v), dec })));
  const labels = vals.flatMap((v) => [0, 2, 3, -1].map((dec) => `${v} ${dec}`));
  return [
    { name: 'number_format', cppType: 'std::pair<double, int64_t>', cppItems: items.map((x) => `{${x.d.cpp}, ${x.dec}}`), cppBody: 'number_format(x.first, x.second)',
      phpItems: items.map((x) => `[${x.d.php}, ${x.dec}]`), phpBody: 'number_format($x[0], $x[1])', labels },
    { name: 'number_format seps', cppType: 'std::pair<double, int64_t>', cppItems: items.map((x) => `{${x.d.cpp}, ${x.dec}}`), cppBody: 'number_format(x.first, x.second, Str(","), Str("."))',
      phpItems: items.map((x) => `[${x.d.php}, ${x.dec}]`), phpBody: 'number_format($x[0], $x[1], ",", ".")', labels },
  ];
}

function sprintfTable(): Table {
  const r = rng(777);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const args: { cpp: string; php: string }[] = [
    { cpp: 'Val((int64_t)42)', php: '42' }, { cpp: 'Val((int64_t)-7)', php: '-7' }, { cpp: 'Val((int64_t)0)', php: '0' }, { cpp: 'Val(INT64_MIN)', php: 'PHP_INT_MIN' },
    { cpp: 'Val(3.14159)', php: '3.14159' }, { cpp: 'Val(-2.5)', php: '-2.5' }, { cpp: 'Val(1e20)', php: '1e20' }, { cpp: 'Val(0.000012345)', php: '0.000012345' }, { cpp: 'Val(-0.0)', php: '-0.0' },
    { cpp: 'Val(INFINITY)', php: 'INF' }, { cpp: 'Val(-INFINITY)', php: '-INF' }, { cpp: 'Val(NAN)', php: 'NAN' }, { cpp: 'Val("abc")', php: '"abc"' }, { cpp: 'Val("12.5xyz")', php: '"12.5xyz"' },
    { cpp: 'Val(true)', php: 'true' }, { cpp: 'Val()', php: 'null' }, { cpp: 'Val(1.5)', php: '1.5' }, { cpp: 'Val(255.9)', php: '255.9' },
  ];
  const convs = ['d', 'u', 'f', 'F', 'e', 'E', 'g', 'G', 's', 'x', 'X', 'o', 'b', 'c'];
  const cpp: string[] = [], php: string[] = [], labels: string[] = [];
  for (let i = 0; i < 600; i++) {
    let spec = '%';
    if (r() < 0.15) spec += `${1 + Math.floor(r() * 2)}$`;
    const flags = ['-', '+', '0', ' ', "'*", "'x"];
    for (let k = 0; k < 2; k++) if (r() < 0.3) spec += pick(flags);
    if (r() < 0.5) spec += String(Math.floor(r() * 14));
    if (r() < 0.5) spec += `.${r() < 0.2 ? '' : String(Math.floor(r() * 12))}`;
    spec += pick(convs);
    const fmt = `<${spec}|${r() < 0.3 ? '%%' : ''}${r() < 0.3 ? '%s' : ''}>`;
    const a1 = pick(args), a2 = pick(args);
    const f = lit(fmt);
    cpp.push(`{${f.cpp}, ${args.indexOf(a1)}, ${args.indexOf(a2)}}`);
    php.push(`[${f.php}, ${a1.php}, ${a2.php}]`);
    labels.push(`${fmt} ${a1.php} ${a2.php}`);
  }
  const argv = `static const std::vector<Val> argv = {${args.map((a) => a.cpp).join(', ')}};`;
  return { name: 'sprintf', cppType: 'std::tuple<Lit, int, int>', cppItems: cpp, cppBody: `${argv} Val tmp[] = {argv[std::get<1>(x)], argv[std::get<2>(x)]}; return pv::sprintf(S(std::get<0>(x)), tmp, 2);`,
    phpItems: php, phpBody: 'return sprintf($x[0], $x[1], $x[2]);', labels };
}

// %.Nf through the exact 128-bit path (and glibc beyond it): ties to even, huge and tiny values.
function fixedTable(): Table {
  const r = rng(9090);
  const vals = [0, 0.5, 1.5, 2.5, 0.125, 0.375, 1.0005, 0.35, 9.2233720368547748e18, 9.2233720368547758e18, 1e300, 5e-324, 2.2250738585072014e-308, 123456.789, 0.1 + 0.2];
  const b = Buffer.alloc(8);
  for (let i = 0; i < 150; i++) {
    b.writeUInt32BE(Math.floor(r() * 2 ** 32), 0);
    b.writeUInt32BE(Math.floor(r() * 2 ** 32), 4);
    const v = Math.abs(b.readDoubleBE(0));
    if (Number.isFinite(v)) vals.push(v);
    vals.push(Math.floor(r() * 1e6) / 8, (r() * 10 ** Math.floor(r() * 24 - 8)));
  }
  const items = vals.flatMap((v, i) => [i % 20, (i * 7) % 5, 4].map((p) => ({ d: dbl(v), p })));
  return { name: 'fixed %.Nf', cppType: 'std::pair<double, int>', cppItems: items.map((x) => `{${x.d.cpp}, ${x.p}}`),
    cppBody: 'Val tmp[] = {Val(x.first), Val(-x.first)}; Str p = str_of((int64_t)x.second); return pv::sprintf(Str("%.") + p + "f|%." + p + "F", tmp, 2) + "|" + number_format(x.first, x.second);',
    phpItems: items.map((x) => `[${x.d.php}, ${x.p}]`), phpBody: 'return sprintf("%." . $x[1] . "f|%." . $x[1] . "F", $x[0], -$x[0]) . "|" . number_format($x[0], $x[1]);', labels: items.map((x) => `${x.d.php} ${x.p}`) };
}

function sprintfErrorCases(): Case[] {
  const cases: Case[] = [];
  cases.push(C('sprintf too few args deopts', 'Val tmp[] = {Val(1)}; return pv::sprintf(Str("%d %d"), tmp, 1);', 'return sprintf("%d %d", 1);'));
  cases.push(C('sprintf unknown specifier deopts', 'Val tmp[] = {Val(1)}; return pv::sprintf(Str("%y"), tmp, 1);', 'return sprintf("%y", 1);'));
  cases.push(C('sprintf trailing % deopts', 'Val tmp[] = {Val(1)}; return pv::sprintf(Str("%d%"), tmp, 1);', 'return sprintf("%d%", 1);'));
  cases.push(C('sprintf argnum 0 deopts', 'Val tmp[] = {Val(1)}; return pv::sprintf(Str("%0$s"), tmp, 1);', 'return sprintf(\'%0$s\', 1);'));
  cases.push(C('sprintf array arg deopts', 'Val tmp[] = {Val(Array<Val>())}; return pv::sprintf(Str("%s"), tmp, 1);', 'return sprintf("%s", []);'));
  cases.push(C('sprintf precision > 53 deopts', 'Val tmp[] = {Val(1.5)}; return pv::sprintf(Str("%.60f"), tmp, 1);', 'return sprintf("%.60f", 1.5);'));
  return cases;
}

describe('string runtime', () => {
  it('numeric strings, conversions, comparisons, number_format and sprintf match php -n', async () => {
    const tables = [...numericTables(), ...numberFormatTables(), sprintfTable(), fixedTable()];
    expect(await compareTables(CPP_PRELUDE + CPP_SHOW, PHP_PRELUDE + PHP_SHOW, tables)).toEqual([]);
  });
  it('builtins and their DEOPTs match php -n', async () => {
    expect(await compareCases(CPP_PRELUDE + CPP_SHOW, PHP_PRELUDE + PHP_SHOW, [...BUILTINS, ...sprintfErrorCases()])).toEqual([]);
  });
});
