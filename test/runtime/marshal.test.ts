// Runtime v4 marshalling and commit: host values ↔ native values through a C++ test pv_host, the output journal, DEOPT in both modes.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CXX_FLAGS } from '../../src/compile/index.ts';
import { CPP_PRELUDE, PHP_PRELUDE, compareCases, type Case } from '../fixtures/runtime/cpp-vs-php.ts';
import { CPP_SHOW, PHP_SHOW } from '../fixtures/runtime/show.ts';
import { CPP_TEST_HOST } from '../fixtures/runtime/test-host.ts';

const run = promisify(execFile);
// PHP side of a case that must DEOPT natively: anything that throws.
const MUST_DEOPT = 'return intdiv(1, 0);';
const C = (name: string, cpp: string, php: string): Case => ({ name, cpp, php });

const MIXED = 'pv_value a = hv_arr(); hv_seti(a, 5, hv_str("a")); hv_sets(a, "x", hv_dbl(1.5)); pv_value in = hv_arr(); hv_seti(in, 0, hv_type(PV_TRUE)); hv_seti(in, 1, hv_type(PV_NULL)); hv_seti(a, 6, in); hv_seti(a, -2, hv_int(7));';
const MIXED_PHP = '[5 => "a", "x" => 1.5, 6 => [true, null], -2 => 7]';
const FLAT = 'pv_value a = hv_arr(); hv_seti(a, 5, hv_str("a")); hv_sets(a, "x", hv_dbl(1.5)); hv_seti(a, 6, hv_type(PV_NULL)); hv_seti(a, -2, hv_int(7));';
const FLAT_PHP = '[5 => "a", "x" => 1.5, 6 => null, -2 => 7]';

const CASES: Case[] = [
  C('from_host Val array', `${MIXED} Ctx cx(&test_host); return show(from_host<Val>(cx, &a));`, `return show(${MIXED_PHP});`),
  C('nested host array handed back (next free key unknown)', `${MIXED} Ctx cx(&test_host); Array<Val> x = from_host<Array<Val>>(cx, &a); h_release(nullptr, &a); Array<Val> fresh; for (auto it = x.iter(); it.valid(); it.next()) fresh.set(it.key(), it.value()); check_to_host(fresh); return show(fresh);`, MUST_DEOPT),
  C('round trip through the host', `int live0 = host_live; ${FLAT} Ctx cx(&test_host); Array<Val> x = from_host<Array<Val>>(cx, &a); x.set(Str("x"), Val("y")); Array<Val> fresh; for (auto it = x.iter(); it.valid(); it.next()) fresh.set(it.key(), it.value()); check_to_host(fresh); pv_value out; to_host(cx, fresh, &out); Str r = show(from_host<Val>(cx, &out)); h_release(nullptr, &out); h_release(nullptr, &a); return r + show((int64_t)(host_live - live0));`,
    `$a = ${FLAT_PHP}; $a["x"] = "y"; return show($a) . show(0);`),
  C('typed scalars', 'Ctx cx(&test_host); pv_value s = hv_str(Str("h\\0i", 3)); Str r = show(from_host<int64_t>(cx, &(const pv_value &)hv_int(-3))) + show(from_host<double>(cx, &(const pv_value &)hv_dbl(2.5))) + show(from_host_widen(cx, &(const pv_value &)hv_int(4))) + show(from_host<bool>(cx, &(const pv_value &)hv_type(PV_FALSE))) + show(from_host<Str>(cx, &s)) + show(from_host<num>(cx, &(const pv_value &)hv_int(9))); h_release(nullptr, &s); return r;',
    'return show(-3) . show(2.5) . show(4.0) . show(false) . show("h\\0i") . show(9);'),
  C('typed array', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_int(1)); hv_seti(a, 1, hv_int(2)); Ctx cx(&test_host); Array<int64_t> x = from_host<Array<int64_t>>(cx, &a); x.set((int64_t)0, 5); h_release(nullptr, &a); return show(x);', 'return show([5, 2]);'),
  C('int guard on a float', 'Ctx cx(&test_host); return show(from_host<int64_t>(cx, &(const pv_value &)hv_dbl(1.0)));', MUST_DEOPT),
  C('typed array with a misfit element', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_int(1)); hv_seti(a, 1, hv_str("2")); Ctx cx(&test_host); struct G { pv_value &a; ~G() { h_release(nullptr, &a); } } g{a}; return show(from_host<Array<int64_t>>(cx, &a));', MUST_DEOPT),
  C('reference inside an array', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_type(PV_REFERENCE)); Ctx cx(&test_host); return show(from_host<Val>(cx, &a));', MUST_DEOPT),
  C('append to a host array (next free key unknown)', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_int(1)); Ctx cx(&test_host); Array<int64_t> x = from_host<Array<int64_t>>(cx, &a); h_release(nullptr, &a); x.append(2); return show(x);', MUST_DEOPT),
  C('host array handed back unchanged', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_int(1)); Ctx cx(&test_host); Array<int64_t> x = from_host<Array<int64_t>>(cx, &a); h_release(nullptr, &a); check_to_host(x); return show(x);', MUST_DEOPT),
  C('array whose next free key the host cannot rebuild', 'Array<int64_t> x = range(0, 3); x.unset((int64_t)3); check_to_host(x); return show(x);', MUST_DEOPT),
  C('fresh arrays are representable', 'Array<Val> x; x.set((int64_t)-5, Val(1)); x.append(Val(2)); x.set(Str("k"), Val(to_val(range(1, 2)))); check_to_host(x); Ctx cx(&test_host); pv_value out; to_host(cx, x, &out); Str r = show(from_host<Val>(cx, &out)); h_release(nullptr, &out); return r;',
    '$x = [-5 => 1]; $x[] = 2; $x["k"] = range(1, 2); return show($x);'),
  // Hosts with array_next_free / array_set_next_free: the next free key crosses the boundary.
  C('append to a host array after its last key was unset', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_int(1)); hv_seti(a, 1, hv_int(2)); hv_seti(a, 5, hv_int(3)); ((HArr *)a.value.ptr)->nf = 10; Ctx cx(&test_host_nf); Array<int64_t> x = from_host<Array<int64_t>>(cx, &a); h_release(nullptr, &a); x.append(4); Array<Val> y; { pv_value e = hv_arr(); ((HArr *)e.value.ptr)->nf = 3; y = from_host<Array<Val>>(cx, &e); h_release(nullptr, &e); } y.append(Val(1)); return show(x) + show(y);',
    '$a = [1, 2, 5 => 3, 9 => 0]; unset($a[9]); $a[] = 4; $y = [0, 1, 2]; unset($y[0], $y[1], $y[2]); $y[] = 1; return show($a) . show($y);'),
  C('appending to a host array still deopts without the callbacks', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_int(1)); Ctx cx(&test_host); Array<int64_t> x = from_host<Array<int64_t>>(cx, &a); h_release(nullptr, &a); x.append(2); return show(x);', MUST_DEOPT),
  C('next free key handed back to the host', 'Array<int64_t> x = range(0, 3); x.unset((int64_t)3); Ctx cx(&test_host_nf); check_to_host(cx, x); Array<Array<int64_t>> n; n.append(x); check_to_host(cx, n); pv_value out; to_host(cx, n, &out); Array<Array<int64_t>> back = from_host<Array<Array<int64_t>>>(cx, &out); h_release(nullptr, &out); back.at_mut((int64_t)0).append(9); pv_value o2; to_host(cx, x, &o2); int64_t nf = h_array_next_free(nullptr, &o2); h_release(nullptr, &o2); return show(back) + show(nf);',
    '$x = range(0, 3); unset($x[3]); $n = [$x]; $n[0][] = 9; return show($n) . show(4);'),
  C('unknown next free key is not representable even with the callbacks', 'pv_value a = hv_arr(); hv_seti(a, 0, hv_int(1)); Ctx c0(&test_host); Array<int64_t> x = from_host<Array<int64_t>>(c0, &a); h_release(nullptr, &a); x.unset((int64_t)0); Ctx cx(&test_host_nf); check_to_host(cx, x); return show(x);', MUST_DEOPT),
  C('globals: read, missing, commit', 'host_globals.clear(); Ctx cx(&test_host); global_set(cx, "g", 1, Str("v1")); Str r = show(global_get<Str>(cx, "g", 1)); global_set(cx, "g", 1, (int64_t)3); r += show(global_get<int64_t>(cx, "g", 1)); try { global_get<int64_t>(cx, "nope", 4); r += "no deopt"; } catch (const Deopt &) { r += "|deopt"; } return r;',
    'return show("v1") . show(3) . "|deopt";'),
  C('output journal and commit', 'host_out.clear(); Ctx cx(&test_host); echo(cx, Str("a")); echo(cx, (int64_t)-5); echo(cx, 0.1 + 0.2); echo(cx, true); echo(cx, false); echo(cx, num::of_dbl(1e15)); echo(cx, Val(2.5)); Val args[] = {Val(7), Val("x")}; int64_t n = pv::printf(cx, Str("[%03d|%s]"), args, 2); Str before = host_out; commit_output(cx); return show(before) + show(n) + show(host_out);',
    'ob_start(); echo "a", -5, 0.1 + 0.2, true, false, 1e15, 2.5; $n = printf("[%03d|%s]", 7, "x"); $o = ob_get_clean(); return show("") . show($n) . show($o);'),
];

// A throw-mode kernel entry: output before a DEOPT must never reach the host.
const ENTRY = `
static int64_t body(pv::Ctx &cx, int64_t x) { pv::echo(cx, pv::Str("partial")); return pv::add_i(x, 1); }
static uint32_t k0(const pv_host *host, const pv_value *args, uint32_t, pv_value *ret) {
  PV_DEOPT_LANDING();
  try {
    pv::Ctx cx(host);
    int64_t r = body(cx, args[0].value.lval);
    pv::commit_output(cx);
    pv::put_i(ret, r);
    return PV_OK;
  } catch (const pv::Deopt &) { return PV_DEOPT; }
}
`;
const ENTRY_CASES: Case[] = [
  C('entry succeeds and commits', 'host_out.clear(); pv_value a = hv_int(41), r; uint32_t st = k0(&test_host, &a, 1, &r); return show((int64_t)st) + show(r.value.lval) + show(host_out);', 'return show(0) . show(42) . show("partial");'),
  C('entry deopts and commits nothing', 'host_out.clear(); pv_value a = hv_int(INT64_MAX), r; uint32_t st = k0(&test_host, &a, 1, &r); return show((int64_t)st) + show(host_out);', 'return show(1) . show("");'),
];

describe('marshal and commit', () => {
  it('host values round-trip and DEOPT where they do not fit', async () => {
    const bad = await compareCases(CPP_PRELUDE + CPP_SHOW + CPP_TEST_HOST + ENTRY, PHP_PRELUDE + PHP_SHOW, [...CASES, ...ENTRY_CASES]);
    expect(bad).toEqual([]);
  });

  it('scalar modules keep the setjmp/longjmp DEOPT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-longjmp-'));
    const src = join(dir, 'k.cpp');
    writeFileSync(src, `#include "polyvirt/runtime.h"
#include <cstdio>
static int64_t f(const char *limit, int64_t x) { PV_CHECK_STACK(limit); return pv::mul_i(x, x); }
static uint32_t k0(const pv_host *host, const pv_value *args, uint32_t, pv_value *ret) {
  PV_DEOPT_LANDING();
  pv::put_i(ret, f(host->stack_limit, args[0].value.lval));
  return PV_OK;
}
int main() {
  pv_host h{}; h.stack_limit = nullptr;
  pv_value a, r; a.value.lval = 3; a.type_info = PV_LONG;
  uint32_t s1 = k0(&h, &a, 1, &r); long long v = r.value.lval;
  a.value.lval = 1ll << 40; uint32_t s2 = k0(&h, &a, 1, &r);
  std::printf("%u %lld %u %u\\n", s1, v, s2, PV_RUNTIME_VERSION);
}
`);
    const exe = join(dir, 'k');
    const flags = CXX_FLAGS.filter((f) => f !== '-shared' && f !== '-fPIC');
    await run('g++', [...flags, '-I', resolve(import.meta.dirname, '../../cpp-templates'), '-o', exe, src]);
    const { stdout } = await run(exe, []);
    expect(stdout.trim()).toBe('0 9 1 4');
  });
});
