import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeclined } from '../../src/core/declined.ts';
import { compileUnit } from '../../src/compile/index.ts';
import type { CppUnit } from '../../src/codegen/types.ts';
import { runKernels, int } from '../fixtures/compiler/kernel-harness.ts';

const GOOD = `#include "polyvirt/abi.h"
#include "polyvirt/runtime.h"
namespace {
uint32_t k0(const pv_host *, const pv_value *args, uint32_t, pv_value *ret) { pv::put_i(ret, args[0].value.lval + 1); return PV_OK; }
const pv_kernel_desc kKernels[] = {{"\\x66", "\\x30", 1u, {4}, PV_KERNEL_PURE, k0}};
const pv_module_desc kModule = {PV_ABI_VERSION, 80200u, 1u, kKernels};
}
extern "C" __attribute__((visibility("default"))) const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
`;

const unit = (cpp: string): CppUnit => ({ rootKey: 'test::f', cpp, kernels: [{ regionKey: 'test::f', lcName: 'f', sourceSha256: '0', paramTypes: ['int'], byRef: [false], effects: false }], world: [] });

describe('compileUnit', () => {
  it('compiles a unit into a loadable shared object named by its content key', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pv-cc-'));
    const a = await compileUnit(unit(GOOD), { cacheDir });
    if (isDeclined(a)) throw new Error(a.reason);
    expect(a.path.startsWith(cacheDir)).toBe(true);
    expect(a.path).toMatch(/[0-9a-f]{64}\.so$/);
    expect(a.sha256).toBe(createHash('sha256').update(readFileSync(a.path)).digest('hex'));
    expect(runKernels(a.path, [{ kernel: 0, args: [int(41)] }])).toEqual(['ok i 42']);
  }, 60_000);

  it('reuses the cached object, and rebuilds it when its bytes no longer match the sidecar', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pv-cc-'));
    const a = await compileUnit(unit(GOOD), { cacheDir });
    if (isDeclined(a)) throw new Error(a.reason);
    const b = await compileUnit(unit(GOOD), { cacheDir });
    if (isDeclined(b)) throw new Error(b.reason);
    expect(b.path).toBe(a.path);
    expect(b.sha256).toBe(a.sha256);
    writeFileSync(a.path, 'corrupted');
    const c = await compileUnit(unit(GOOD), { cacheDir });
    if (isDeclined(c)) throw new Error(c.reason);
    expect(c.sha256).toBe(a.sha256);
    expect(createHash('sha256').update(readFileSync(c.path)).digest('hex')).toBe(a.sha256);
  }, 60_000);

  it('declines bad C++ with the first compiler errors instead of throwing', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pv-cc-'));
    const r = await compileUnit(unit('int main( { return nope; }'), { cacheDir });
    expect(isDeclined(r)).toBe(true);
    if (!isDeclined(r)) return;
    expect(r.stage).toBe('compile');
    expect(r.reason).toMatch(/g\+\+ failed: .*error/);
  }, 60_000);

  it('declines when the compiler is missing', async () => {
    const r = await compileUnit(unit(GOOD), { cacheDir: mkdtempSync(join(tmpdir(), 'pv-cc-')), gxx: '/nonexistent/g++' });
    expect(isDeclined(r) && r.reason).toMatch(/not usable/);
  });

  it('kills the compiler at the timeout and declines', async () => {
    // Constant evaluation of nested loops keeps g++ busy for many seconds.
    const slow = 'constexpr long f() { long s = 0; for (long i = 0; i < 200000; i++) for (long j = 0; j < 200000; j++) s += i ^ j; return s; }\nconstexpr long x = f();\n';
    const r = await compileUnit(unit(slow), { cacheDir: mkdtempSync(join(tmpdir(), 'pv-cc-')), timeoutMs: 300 });
    expect(isDeclined(r) && r.reason).toMatch(/timed out after 300 ms/);
  }, 60_000);
});
