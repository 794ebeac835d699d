// verifyArtifact end to end: real kernels in a child process against real php -n.
import { beforeAll, describe, expect, it } from 'vitest';
import { isDeclined, StageError, type Declined } from '../../src/core/declined.ts';
import type { PhpValue } from '../../src/core/php-value.ts';
import { verifyArtifact } from '../../src/verify/index.ts';
import type { Verified } from '../../src/verify/types.ts';
import {
  ADD, artifactFor, buildAddon, compileKernel, DIV, FADD, FIB, float, int, PHP_INT_MAX, PHP_INT_MIN, planFor, TWICE,
  type PhpFunction,
} from './kernel-fixtures.ts';

const so: Record<string, string> = {};

beforeAll(() => {
  buildAddon();
  so.fib = compileKernel('fib', FIB);
  so.fibDeopt = compileKernel('fib-deopt', FIB);
  so.crash = compileKernel('crash', FIB);
  so.badAbi = compileKernel('fib', FIB, ['-DPV_TEST_ABI_VERSION=1']);
  so.badStatus = compileKernel('bad-status', FIB);
  so.add = compileKernel('add-no-overflow-check', ADD);
  so.div = compileKernel('intdiv', DIV);
  so.fadd = compileKernel('fadd', FADD);
  so.faddSingle = compileKernel('fadd-single', FADD);
  so.twice = compileKernel('echo-twice', TWICE);
  so.twiceNewline = compileKernel('echo-twice', TWICE_NEWLINE);
}, 120_000);

async function verify(fixture: string, fn: PhpFunction, samples: PhpValue[][], opts = {}): Promise<Verified | Declined> {
  const plan = planFor(fn, samples);
  return verifyArtifact(artifactFor(so[fixture]!, plan), plan, opts);
}

function verified(r: Verified | Declined): Verified {
  if (isDeclined(r)) throw new Error(`expected Verified, got Declined: ${r.reason}`);
  return r;
}

function declined(r: Verified | Declined): Declined {
  if (!isDeclined(r)) throw new Error(`expected Declined, got Verified (${r.compared} compared)`);
  expect(r.stage).toBe('verify');
  return r;
}

// PHP prints a newline the echo-twice kernel does not.
const TWICE_NEWLINE: PhpFunction = { ...TWICE, text: 'function twice($n) {\n    echo $n, "\\n";\n    return $n * 2;\n}' };

const ints = (...xs: bigint[]): PhpValue[][] => xs.map((x) => [int(x)]);

describe('verifyArtifact', () => {
  it('verifies a correct fib kernel on recorded and derived tuples', async () => {
    const r = verified(await verify('fib', FIB, ints(0n, 1n, 5n, 15n, 25n, -4n)));
    expect(r.extras).toBeGreaterThan(0);
    expect(r.compared).toBe(6 + r.extras!);
    expect(r.native).toBe(r.compared);
    expect(r.medianNativeNs).toBeGreaterThan(0);
  }, 60_000);

  it('declines a kernel whose int add misses the overflow check, naming the mismatch', async () => {
    const d = declined(await verify('add', ADD, [[int(2n), int(3n)], [int(PHP_INT_MAX), int(1n)]]));
    expect(d.reason).toContain('add(int(9223372036854775807), int(1))');
    expect(d.reason).toContain('kernel gave int(-9223372036854775808) but PHP gave float(');
  }, 60_000);

  it('accepts DEOPT answers without running them natively', async () => {
    const r = verified(await verify('fibDeopt', FIB, ints(3n, 10n, 11n, 18n), { extraSamples: false }));
    expect(r.compared).toBe(4);
    expect(r.native).toBe(2);
  }, 60_000);

  it('matches thrown DivisionByZeroError and ArithmeticError against PHP, line included', async () => {
    const r = verified(await verify('div', DIV, [[int(7n), int(2n)], [int(-7n), int(2n)], [int(1n), int(0n)], [int(PHP_INT_MIN), int(-1n)]]));
    expect(r.native).toBe(r.compared);
    expect(r.compared).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('declines a throwing kernel that names the wrong source line', async () => {
    // The same PHP text two lines further down: PHP now throws on line 5, the kernel says 3.
    const d = declined(await verify('div', { ...DIV, lineStart: 4 }, [[int(1n), int(0n)]], { extraSamples: false }));
    expect(d.reason).toContain('DivisionByZeroError("Division by zero") on line 3 but PHP gave DivisionByZeroError("Division by zero") on line 5');
  }, 60_000);

  it('marshals PHP_INT_MIN and PHP_INT_MAX exactly on both sides', async () => {
    const r = verified(await verify('div', DIV, [[int(PHP_INT_MIN), int(1n)], [int(PHP_INT_MAX), int(-1n)], [int(PHP_INT_MIN), int(PHP_INT_MIN)]], { extraSamples: false }));
    expect(r.compared).toBe(3);
  }, 60_000);

  it('compares floats bit-exactly: -0.0, INF, NAN, 0.1 + 0.2', async () => {
    const r = verified(await verify('fadd', FADD, [
      [float(-0), float(-0)], [float(0.1), float(0.2)], [float(Infinity), float(-Infinity)],
      [float(Infinity), float(1)], [float(1.7976931348623157e308), float(1.7976931348623157e308)], [float(Number.NaN), float(1)],
    ]));
    expect(r.native).toBe(r.compared);
  }, 60_000);

  it('declines a float kernel that rounds through single precision', async () => {
    const d = declined(await verify('faddSingle', FADD, [[float(0.1), float(0.2)]], { extraSamples: false }));
    expect(d.reason).toContain('fadd(float(0.1), float(0.2))');
    expect(d.reason).toContain('PHP gave float(0.30000000000000004)');
  }, 60_000);

  it('compares echoed output with the kernel journal', async () => {
    verified(await verify('twice', TWICE, ints(21n, -3n)));
    const d = declined(await verify('twiceNewline', TWICE_NEWLINE, ints(21n), { extraSamples: false }));
    expect(d.reason).toContain('with output "21" but PHP gave int(42) with output "21\\n"');
  }, 60_000);

  it('declines a kernel that crashes, and the verifying process survives', async () => {
    const d = declined(await verify('crash', FIB, ints(1n, 2n, 3n, 4n)));
    expect(d.reason).toMatch(/kernel crashed \(signal SIGSEGV\) on fib\(int\(3\)\)/);
    verified(await verify('fib', FIB, ints(3n), { extraSamples: false }));
  }, 60_000);

  it('declines a kernel that breaks the ABI', async () => {
    const d = declined(await verify('badStatus', FIB, ints(3n)));
    expect(d.reason).toContain('returned PV_THROW with 0 exceptions raised');
  }, 60_000);

  it('throws a clear StageError for an artifact built against another ABI version', async () => {
    const err = await verify('badAbi', FIB, ints(3n)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageError);
    expect((err as Error).message).toMatch(/step: verify.*kernel ABI version 1 but the verifier implements ABI version 2/);
  }, 60_000);

  it('throws a StageError when the kernel was generated from other source text', async () => {
    const err = await verify('fib', { ...FIB, text: FIB.text.replace('$n < 2', '$n <= 1') }, ints(3n)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageError);
    expect((err as Error).message).toContain('was generated from source');
  }, 60_000);

  it('ignores samples the guard would reject', async () => {
    const r = verified(await verify('fib', FIB, [[float(3)], [int(3n)], [int(1n), int(2n)]], { extraSamples: false }));
    expect(r.compared).toBe(1);
  }, 60_000);

  it('compares what PHP finished in time, cheapest first, and declines when nothing finished', async () => {
    // php -n needs seconds for fib(40); the kernel answers both tuples well within its own limit.
    const partial = verified(await verify('fib', FIB, ints(40n, 5n), { extraSamples: false, timeoutMs: 500, kernelTimeoutMs: 60_000 }));
    expect(partial.compared).toBe(1);
    const none = declined(await verify('fib', FIB, ints(40n), { extraSamples: false, timeoutMs: 500, kernelTimeoutMs: 60_000 }));
    expect(none.reason).toBe('verification timed out');
  }, 60_000);
});
