// Runs hand-written cases (corpus, regressions) under polyvirt with their kernels preloaded and compares with the stored php -n output.
import { join } from 'node:path';
import { checkPrograms, type CheckContext, type ProgramResult } from './check-programs.ts';
import { groupByDistinctNames, type PhpCase } from './php-cases.ts';

export interface CaseResult {
  readonly name: string;
  readonly expected?: string;
  readonly result: ProgramResult;
}

/** Cases are compiled in groups of distinct function names (kernels bind by name), one g++ run per group. */
export async function checkCases(cases: readonly PhpCase[], ctx: CheckContext, dirName: string): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  const groups = groupByDistinctNames(cases);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const results = await checkPrograms(
      group.map((c) => ({ name: c.name, functions: [], driver: [], text: c.text, file: c.file })),
      ctx,
      join(dirName, `group-${g}`),
    );
    results.forEach((result, i) => out.push({ name: group[i]!.name, expected: group[i]!.expected, result }));
  }
  return out;
}
