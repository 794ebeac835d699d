import { describe, it, expect } from 'vitest';
import { FAMILIES, formatCoverage, functionTags, generateProgram, printProgram, runDifftest } from '../../src/difftest/index.ts';
import { checkContext } from './harness.ts';

const SEED = 1000;
const COUNT = 400;

/** Tags every CI run must generate at least once: each family, and the driver's new kinds of call. */
const REQUIRED_TAGS = [
  ...FAMILIES.map((f) => `family:${f}`),
  'call:ob',
  'call:byref',
  'call:global-set',
  'call:string-arg',
  'call:array-arg',
  'call:array-return',
  'byref:array',
  'byref:string',
  'byref:int',
  'global:GLOBALS-read',
  'global:write',
  'global:unset',
  'global:set-other-type',
  'static:array',
  'mixed:int-then-string',
  'out:print',
  'arr:foreach-modify',
  'static:count',
  'const:class',
  'arr:foreach-key',
  'arr:nested-write',
  'arr:copy-on-write',
  'key:missing',
  'key:string-int',
  'key:float-fraction',
  'str:offset-negative',
  'out:printf',
  'out:echo-float',
  'float-print:0.1+0.2',
  'float-print:-0.0',
  'float-print:1e15',
  'builtin:sprintf',
  'builtin:number_format',
  'edge:str-empty',
  'edge:str-zero',
  'edge:str-numeric',
  'edge:str-leading-space',
  'edge:arr-empty',
  // The object family: every construct at least once.
  'obj:new',
  'obj:new-subclass',
  'obj:ctor-plain',
  'obj:ctor-promoted',
  'obj:parent-ctor',
  'obj:prop-read',
  'obj:prop-write',
  'obj:prop-compound',
  'obj:prop-incdec',
  'obj:array-prop',
  'obj:method-call',
  'obj:method-loop',
  'obj:return-this',
  'obj:chain',
  'obj:static-call',
  'obj:static-method',
  'obj:class-const',
  'obj:self-const',
  'obj:override',
  'obj:parent-call',
  'obj:identity',
  'obj:alias',
  'obj:instanceof',
  'obj:return-object',
  'obj:param',
  'obj:param-typed',
  'obj:uninit-read',
  'obj:untyped-prop',
  'obj:coerce-float-to-int',
  'obj:coerce-type-error',
  'call:method',
  'call:static-method',
  'call:subclass-receiver',
  'call:object-arg',
  'mixed:array-of-objects',
];

describe('program generator', () => {
  it('is deterministic per (seed, index) and names functions per program', () => {
    const a = printProgram(generateProgram(7, 3)).text;
    expect(printProgram(generateProgram(7, 3)).text).toBe(a);
    expect(printProgram(generateProgram(7, 4)).text).not.toBe(a);
    expect(a).toMatch(/function p7_3_f0\(/);
  });

  it(`generates every required construct within the CI budget (seed ${SEED}, ${COUNT} programs)`, () => {
    const seen = new Set<string>();
    for (let i = 0; i < COUNT; i++) {
      const p = generateProgram(SEED, i);
      for (const f of p.functions) for (const t of functionTags(f)) seen.add(t);
      for (const c of p.driver) for (const t of c.tags) seen.add(t);
    }
    expect(REQUIRED_TAGS.filter((t) => !seen.has(t))).toEqual([]);
  });
});

describe(`fixed-budget generated run (seed ${SEED}, programs 0..${COUNT - 1})`, () => {
  it('finds no difference between php -n and polyvirt, reaches native code, and covers every family', async () => {
    const ctx = checkContext();
    const s = await runDifftest({ seed: SEED, count: COUNT, jobs: 2, workDir: ctx.workDir, php: ctx.php, extension: ctx.extension, reduce: 0, log: () => {} });
    const report = s.findings.map((f) => `${f.kind} in ${f.program.name}: ${f.detail}`);
    expect(s.nativeCalls).toBeGreaterThan(0);
    // About 30 % on 2026-11-21 with the everyday families half supported.
    expect(s.callsNative).toBeGreaterThan(s.driverCalls * 0.2);
    const table = formatCoverage(s.coverage);
    expect(table).toMatch(/edge:int-max/);
    for (const t of REQUIRED_TAGS) expect(s.coverage.get(t)?.generated ?? 0, t).toBeGreaterThan(0);
    // Declined functions are counted, never reported as findings.
    expect(s.compiledFunctions + s.declinedFunctions).toBe(s.functions);
    expect(report).toEqual([]);
  }, 600_000);
});
