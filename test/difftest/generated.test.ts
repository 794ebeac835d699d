import { describe, it, expect } from 'vitest';
import { formatCoverage, generateProgram, printProgram, runDifftest } from '../../src/difftest/index.ts';
import { checkContext } from './harness.ts';

describe('program generator', () => {
  it('is deterministic per (seed, index) and names functions per program', () => {
    const a = printProgram(generateProgram(7, 3)).text;
    expect(printProgram(generateProgram(7, 3)).text).toBe(a);
    expect(printProgram(generateProgram(7, 4)).text).not.toBe(a);
    expect(a).toMatch(/function p7_3_f0\(/);
  });
});

describe('fixed-budget generated run (seed 1000, programs 0..299)', () => {
  it('finds no difference between php -n and polyvirt, and reaches native code', async () => {
    const ctx = checkContext();
    const s = await runDifftest({ seed: 1000, count: 300, jobs: 2, workDir: ctx.workDir, php: ctx.php, extension: ctx.extension, reduce: 0, log: () => {} });
    const report = s.findings.map((f) => `${f.kind} in ${f.program.name}: ${f.detail}`);
    expect(s.nativeCalls).toBeGreaterThan(0);
    expect(s.callsNative).toBeGreaterThan(s.driverCalls * 0.2);
    expect(formatCoverage(s.coverage)).toMatch(/edge:int-max/);
    expect(report).toEqual([]);
  }, 600_000);
});
