import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeclined } from '../../src/core/declined.ts';
import { emitCpp } from '../../src/codegen/index.ts';
import { strLiteral } from '../../src/codegen/cpp-literals.ts';
import type { CppUnit } from '../../src/codegen/types.ts';
import type { IrModule } from '../../src/frontend/types.ts';
import { runPasses, verifyIr } from '../../src/passes/index.ts';
import { arraysModule, byRefModule, greetModule, mixedModule, worldModule } from './value-modules.ts';
import { fn, loc, mod, ret } from './ir-builders.ts';

const templates = fileURLToPath(new URL('../../cpp-templates', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'polyvirt-codegen-'));

function unitOf(ir: IrModule): CppUnit {
  verifyIr(ir);
  const u = emitCpp(runPasses(ir, { verify: true }));
  if (isDeclined(u)) throw new Error(u.reason);
  return u;
}

/** g++ must accept the unit as the compile stage builds it (syntax and types, against the real headers). */
function gxxAccepts(u: CppUnit, name: string): void {
  const file = join(work, `${name}.cpp`);
  writeFileSync(file, u.cpp);
  try {
    execFileSync('g++', ['-std=c++17', '-fsyntax-only', '-Wall', '-Wno-unused-function', '-Wno-unused-variable', '-I', templates, file], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`g++ rejected ${name}:\n${String((err as { stderr?: Buffer }).stderr ?? err).slice(0, 4000)}\n${u.cpp}`);
  }
}

describe('emitCpp for ABI 2 values', () => {
  it('spells PHP byte strings with every byte escaped and an explicit length (NUL bytes survive)', () => {
    expect(strLiteral('a\0"b')).toBe('pv::Str("\\x61\\x00\\x22\\x62", 4)');
    expect(strLiteral('\xff')).toBe('pv::Str("\\xff", 1)');
    expect(strLiteral('')).toBe('pv::Str()');
  });

  it('strings: DEOPT throws, the entry converts the argument and the result, .= appends, echo goes through the context', () => {
    const u = unitOf(greetModule());
    expect(u.cpp).toContain('#define PV_DEOPT_THROWS 1\n#include "polyvirt/abi.h"');
    expect(u.cpp).toContain('static pv::Str f0_greet(const char *pv_sl, pv::Ctx &cx, const pv::Str &v_name_0)');
    expect(u.cpp).toContain('v_s_1 += pv::Str("\\x21\\x0a", 2);');
    expect(u.cpp).toContain('pv::echo(cx, pv::strlen_(v_s_1));');
    expect(u.cpp).toContain('pv::Str a0 = pv::from_host<pv::Str>(cx, &args[0]);');
    expect(u.cpp).toMatch(/pv::commit_output\(cx\);\n {4}pv::to_host\(cx, r, ret\);/);
    expect(u.cpp).toContain('} catch (const pv::Deopt &) {');
    expect(u.kernels[0]).toMatchObject({ byRef: [false], effects: true });
    expect(u.cpp).toContain('1u, {6}, PV_KERNEL_EFFECTS, k0}');
    gxxAccepts(u, 'greet');
  });

  it('arrays: foreach over the value snapshot, nested writes through lval_mut, guarded unset, isset without warnings', () => {
    const u = unitOf(arraysModule());
    expect(u.cpp).toContain('for (auto it0 = v_a_0.iter(); it0.valid(); it0.next()) {');
    expect(u.cpp).toContain('v_c_5.lval_mut(int64_t(0LL)).append(int64_t(5LL));');
    expect(u.cpp).toContain('v_c_5.lval_mut(int64_t(1LL)).set(pv::Str("\\x79", 1), int64_t(6LL));');
    expect(u.cpp).toContain('if (v_c_5.exists(int64_t(0LL))) {\n    v_c_5.at_mut(int64_t(0LL)).unset(int64_t(0LL));');
    expect(u.cpp).toContain('v_b_4.set(pv::Str("\\x78", 1), int64_t(8LL));');
    expect(u.kernels[0]).toMatchObject({ paramTypes: ['array'], effects: true });
    gxxAccepts(u, 'arrays');
  });

  it('world slots: loaded on first use with a guard, written slots committed in first-write order before the output', () => {
    const u = unitOf(worldModule());
    expect(u.world).toHaveLength(3);
    expect(u.cpp).toContain('struct Cx : pv::Ctx {');
    expect(u.cpp).toContain('static int64_t f0_tick(const char *pv_sl, Cx &cx)');
    expect(u.cpp).toContain('pv::post_add_i(w0_mut(cx), int64_t(1));');
    expect(u.cpp).toContain('cx.host->constant_get(cx.host->ctx, "\\x4c\\x49\\x4d\\x49\\x54", 5u, &v);');
    // A static PHP has not initialized yet (the host reports null, the initializer is 0): PHP runs first.
    expect(u.cpp).toMatch(/static_get\([^;]*;\n {4}if \(PV_UNLIKELY\(\(v.type_info & 0xffu\) == PV_NULL/);
    expect(u.cpp).toMatch(/commit_world\(cx\);\n {4}pv::commit_output\(cx\);\n {4}pv::put_i\(ret, r\);/);
    expect(u.kernels[0]!.effects).toBe(true);
    gxxAccepts(u, 'world');
  });

  it('by-reference parameters are C++ references, written back with arg_set, guards carry PV_GUARD_BYREF', () => {
    const u = unitOf(byRefModule());
    // No output, no world slot: no context parameter.
    expect(u.cpp).toContain('static void f0_bump(const char *pv_sl, int64_t &v_x_0, pv::Str &v_log_1)');
    expect(u.cpp).toContain('f1_helper(pv_sl, v_x_0);');
    expect(u.cpp).toContain('host->arg_set(host->ctx, 0u, &v);');
    expect(u.cpp).toContain('host->arg_set(host->ctx, 1u, &v);');
    expect(u.cpp).toContain('2u, {132, 134}, PV_KERNEL_EFFECTS, k0}');
    expect(u.kernels[0]).toMatchObject({ byRef: [true, true], effects: true });
    gxxAccepts(u, 'byref');
  });

  it('mixed values and string builtins go through the runtime overloads; > is < with swapped operands', () => {
    const u = unitOf(mixedModule());
    expect(u.cpp).toContain('pv::add(v_m_0, pv::Val(int64_t(1LL)))');
    expect(u.cpp).toContain('pv::as_int(v_r_1)');
    expect(u.cpp).toContain('(pv::cmp(v_m_0, v_r_1) < 0)');
    expect(u.cpp).toContain('pv::sort(v_parts_2)');
    expect(u.cpp).toContain('pv::Val a0 = pv::from_host<pv::Val>(cx, &args[0]);');
    gxxAccepts(u, 'mixed');
  });

  it('declines what it cannot emit exactly instead of guessing', () => {
    const bad = mod([
      fn({
        name: 'bad',
        paramTypes: ['string'],
        locals: [{ name: 's', type: 'string', isParam: true }],
        returnType: 'string',
        body: [ret({ k: 'builtin', type: 'string', name: 'trim', opType: 'string', args: [loc(0, 'string'), loc(0, 'string')] })],
      }),
    ]);
    const u = emitCpp(bad);
    expect(isDeclined(u) && u.reason).toMatch(/trim with a character list/);
  });
});
