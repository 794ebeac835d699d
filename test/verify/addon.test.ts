// The native addon: loading artifacts, marshaling values exactly, the recording host table.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelModule } from '../../src/verify/addon.ts';
import { buildAddon, compileKernel, DIV, FIB, ID, int, float, PHP_INT_MAX, PHP_INT_MIN, TWICE } from './kernel-fixtures.ts';

let fibSo = '';
let idSo = '';
let divSo = '';
let twiceSo = '';
let badAbiSo = '';
let badStatusSo = '';

beforeAll(() => {
  buildAddon();
  fibSo = compileKernel('fib', FIB);
  idSo = compileKernel('identity', ID);
  divSo = compileKernel('intdiv', DIV);
  twiceSo = compileKernel('echo-twice', TWICE);
  badAbiSo = compileKernel('fib', FIB, ['-DPV_TEST_ABI_VERSION=1']);
  badStatusSo = compileKernel('bad-status', FIB);
}, 120_000);

describe('loadKernelModule', () => {
  it('exposes the module and kernel descriptors', () => {
    const m = loadKernelModule(fibSo);
    expect(m.abiVersion).toBe(2);
    expect(m.phpVersionId).toBe(80200);
    expect(m.kernels).toHaveLength(1);
    expect(m.kernels[0]).toMatchObject({ functionName: 'fib', arity: 1, guard: [4], flags: 1 });
    expect(m.kernels[0]!.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    m.close();
  });

  it('rejects an artifact built for another ABI version with a clear error', () => {
    expect(() => loadKernelModule(badAbiSo)).toThrow(/kernel ABI version 1 but the verifier implements ABI version 2/);
  });

  it('rejects a file that is not a shared object', () => {
    expect(() => loadKernelModule('/nonexistent/kernel.so')).toThrow(/cannot load kernel artifact/);
  });

  it('refuses calls after close', () => {
    const m = loadKernelModule(fibSo);
    m.close();
    expect(() => m.call(0, [int(1n)])).toThrow(/closed/);
  });
});

describe('KernelModule.call', () => {
  it('computes natively and reports the time it took', () => {
    const m = loadKernelModule(fibSo);
    const r = m.call(0, [int(20n)]);
    expect(r.status).toBe('ok');
    expect(r.value).toEqual(int(6765n));
    expect(r.nativeNs).toBeGreaterThan(0);
    m.close();
  });

  it('round-trips PHP_INT_MIN and PHP_INT_MAX exactly', () => {
    const m = loadKernelModule(idSo);
    for (const v of [PHP_INT_MIN, PHP_INT_MAX, 0n, -1n, 1n << 53n, (1n << 53n) + 1n]) {
      expect(m.call(0, [int(v)]).value).toEqual(int(v));
    }
    m.close();
  });

  it('rejects ints beyond 64 bits and arguments that fail the guard', () => {
    const m = loadKernelModule(idSo);
    expect(() => m.call(0, [int(PHP_INT_MAX + 1n)])).toThrow(/does not fit 64 bits/);
    expect(() => m.call(0, [float(1)])).toThrow(/does not pass its guard/);
    expect(() => m.call(0, [])).toThrow(/takes 1 arguments, got 0/);
    m.close();
  });

  it('records exactly one exception on PV_THROW', () => {
    const m = loadKernelModule(divSo);
    const r = m.call(0, [int(1n), int(0n)]);
    expect(r).toMatchObject({ status: 'throw', error: { errorClass: 3, message: 'Division by zero', line: 3 } });
    expect(r.output.length).toBe(0);
    m.close();
  });

  it('treats PV_THROW without a recorded exception as an ABI violation', () => {
    const m = loadKernelModule(badStatusSo);
    expect(() => m.call(0, [int(1n)])).toThrow(/violated the kernel ABI: returned PV_THROW with 0 exceptions/);
    m.close();
  });

  it('returns the output journal on PV_OK and discards it on DEOPT', () => {
    const m = loadKernelModule(twiceSo);
    const ok = m.call(0, [int(-21n)]);
    expect(ok.value).toEqual(int(-42n));
    expect(ok.output.toString()).toBe('-21');
    const deopt = m.call(0, [int(PHP_INT_MAX)]);
    expect(deopt.status).toBe('deopt');
    expect(deopt.output.length).toBe(0);
    m.close();
  });

  it('gives deep native recursion a stack limit, so it DEOPTs instead of crashing', () => {
    const m = loadKernelModule(fibSo);
    expect(m.call(0, [int(100_000_000n)]).status).toBe('deopt');
    m.close();
  });
});
