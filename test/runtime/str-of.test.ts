// Runtime v4 conversions to string: str_of(int/float/bool/num) and repr_of(float) against php -n, over fixed and seeded random values.
import { describe, expect, it } from 'vitest';
import { CPP_PRELUDE, PHP_PRELUDE, compareCases, compareTables, dbl, rng, type Case } from '../fixtures/runtime/cpp-vs-php.ts';

const FIXED_DOUBLES = [
  0.1 + 0.2, 1e15, 1e14, 1e16, 123456789012345678, 123456789012345, 123456789012355, 99999999999999.5, 1.5e-5, 0.0001, 0.00001, 0.001234, -0.0, 0.0,
  Infinity, -Infinity, NaN, 1e100, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 100000, 1e-5, 0.5, -0.5, 1 / 3, 2 / 3, -1 / 3, 3.0, -3.0, 1.0,
  1e21, 1e22, 1e-7, 123.456, 0.1, 0.7, 1.1, 9007199254740993, 9007199254740992, 4.35, 2.5, 1e13, 99999999999999, 999999999999999, 0.30000000000000004,
  12345678.9, 1.23456789012345e-10, -1.5e300, 7e-10, 100, 1e2, 9.999999999999999e14, 9.9999999999999e14, 99999999999999.99, 0.000099999999999999,
];

function doubles(): number[] {
  const r = rng(20261121);
  const out = [...FIXED_DOUBLES];
  const buf = Buffer.alloc(8);
  for (let i = 0; i < 300; i++) {
    // Random bit patterns (any exponent) and random "human" decimals.
    buf.writeUInt32BE(Math.floor(r() * 2 ** 32), 0);
    buf.writeUInt32BE(Math.floor(r() * 2 ** 32), 4);
    out.push(buf.readDoubleBE(0));
    out.push(Number((r() * 10 ** Math.floor(r() * 30 - 10)).toPrecision(1 + Math.floor(r() * 17))));
    out.push(Math.round(r() * 1e6) / 100);
  }
  return out;
}

const INTS = ['0', '1', '-1', '42', '-9223372036854775807-1', '9223372036854775807', '1000000', '-987654321'];

describe('str_of / repr_of', () => {
  it('formats floats like echo (precision=14) and var_export (serialize_precision=-1)', async () => {
    const ds = doubles().map(dbl);
    const labels = doubles().map(String);
    const bad = await compareTables(CPP_PRELUDE, PHP_PRELUDE, [
      { name: 'str_of', cppType: 'double', cppItems: ds.map((d) => d.cpp), cppBody: 'str_of(x)', phpItems: ds.map((d) => d.php), phpBody: '(string)$x', labels },
      { name: 'repr_of', cppType: 'double', cppItems: ds.map((d) => d.cpp), cppBody: 'repr_of(x)', phpItems: ds.map((d) => d.php), phpBody: 'var_export($x, true)', labels },
    ]);
    expect(ds.length).toBeGreaterThan(900);
    expect(bad).toEqual([]);
  });

  it('formats ints, bools and nums', async () => {
    const cases: Case[] = INTS.map((v) => ({ name: `int ${v}`, cpp: `str_of((int64_t)(${v}LL))`, php: `${v}` }));
    cases.push({ name: 'true', cpp: 'str_of(true)', php: 'true' }, { name: 'false', cpp: 'str_of(false)', php: 'false' });
    cases.push({ name: 'num int', cpp: 'str_of(div_i(6, 3))', php: '6 / 3' }, { name: 'num float', cpp: 'str_of(div_i(7, 3))', php: '7 / 3' });
    cases.push({ name: 'concat', cpp: 'cat(str_of((int64_t)1), Str("-"), str_of(0.5), str_of(true))', php: '1 . "-" . 0.5 . true' });
    expect(await compareCases(CPP_PRELUDE, PHP_PRELUDE, cases)).toEqual([]);
  });
});
