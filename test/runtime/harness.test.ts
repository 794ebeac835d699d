// The C++-vs-PHP harness itself: it must report a wrong value, a missing DEOPT and an unexpected DEOPT.
import { describe, expect, it } from 'vitest';
import { CPP_PRELUDE, PHP_PRELUDE, compareCases } from '../fixtures/runtime/cpp-vs-php.ts';

describe('cpp-vs-php harness', () => {
  it('reports each kind of mismatch and accepts agreement', async () => {
    const bad = await compareCases(CPP_PRELUDE, PHP_PRELUDE, [
      { name: 'agree', cpp: 'str_of((int64_t)7)', php: '7' },
      { name: 'wrong value', cpp: 'Str("a")', php: '"b"' },
      { name: 'missing deopt', cpp: 'Str("1")', php: 'intdiv(1, 0)' },
      { name: 'unexpected deopt', cpp: 'str_of(add_i(INT64_MAX, 1))', php: '"x"' },
      { name: 'allowed deopt', cpp: 'str_of(add_i(INT64_MAX, 1))', php: '"x"', deoptOk: true },
      { name: 'deopt where php warns', cpp: 'str_offset(Str("a"), 5)', php: '"a"[5]' },
    ]);
    expect(bad.map((b) => b.name)).toEqual(['wrong value', 'missing deopt', 'unexpected deopt']);
  });
});

describe('cpp-vs-php tables', () => {
  it('report per-item mismatches and accept agreement', async () => {
    const { compareTables } = await import('../fixtures/runtime/cpp-vs-php.ts');
    const bad = await compareTables(CPP_PRELUDE, PHP_PRELUDE, [
      { name: 't', cppType: 'int64_t', cppItems: ['1', '2', '3', 'INT64_MAX'], cppBody: 'x == 2 ? Str("two") : str_of(add_i(x, 0) == INT64_MAX ? add_i(x, 1) : x)', phpItems: ['1', '2', '4', 'PHP_INT_MAX'], phpBody: '$x == 2 ? "zwei" : ($x == PHP_INT_MAX ? intdiv(1, 0) : (string)$x)' },
    ]);
    expect(bad.map((b) => b.name)).toEqual(['t #1 2', 't #2 4']);
  });
});
