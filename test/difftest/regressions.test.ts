import { describe, it, expect, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { checkCases, loadPhpCases, normalizeOutput } from '../../src/difftest/index.ts';
import type { CaseResult } from '../../src/difftest/check-cases.ts';
import { checkContext } from './harness.ts';

// regressions/: reduced divergences that are fixed and must stay fixed.
// regressions/open/: reduced divergences not fixed yet. They are asserted to still differ, so the
// fix turns this red on purpose: then move the file (and its .expect) up into regressions/.
const FIXED = loadPhpCases(fileURLToPath(new URL('./regressions', import.meta.url)));
const OPEN = loadPhpCases(fileURLToPath(new URL('./regressions/open', import.meta.url)));
let results: Map<string, CaseResult>;

const differs = (r: CaseResult): boolean =>
  r.result.findings.length > 0 || normalizeOutput(r.result.polyvirt!.stdout, r.result.file) !== r.expected;

describe('difftest regressions', () => {
  beforeAll(async () => {
    const list = await checkCases([...FIXED, ...OPEN], checkContext(), 'regressions');
    results = new Map(list.map((r) => [r.name, r]));
  }, 300_000);

  it('has regression cases to run', () => {
    expect(FIXED.length + OPEN.length).toBeGreaterThan(0);
  });

  it.each(FIXED.map((c) => [c.name]))('fixed: %s agrees with php -n', (name) => {
    const r = results.get(name)!;
    expect(r.result.findings).toEqual([]);
    expect(normalizeOutput(r.result.polyvirt!.stdout, r.result.file)).toBe(r.expected);
  });

  it.each(OPEN.map((c) => [c.name]))('open: %s still differs (move it to regressions/ once fixed)', (name) => {
    const r = results.get(name)!;
    expect(normalizeOutput(r.result.plain!.stdout, r.result.file)).toBe(r.expected);
    expect(differs(r)).toBe(true);
  });
});
