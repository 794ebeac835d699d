// Difftest stage entry: differential testing of polyvirt against php -n (runDifftest) and its parts.
export { runDifftest, reduceFinding, normalizeDetail } from './run-difftest.ts';
export type { DifftestOptions, DifftestSummary, Reduced, FoundProgram } from './run-difftest.ts';
export { checkPrograms, compareRuns } from './check-programs.ts';
export type { CheckContext, Finding, FindingKind, ProgramResult } from './check-programs.ts';
export { compileBatch } from './compile-programs.ts';
export { generateProgram } from './generate-program.ts';
export { printProgram, findFunctions } from './program.ts';
export type { Program, FnDef, Stmt, DriverCall } from './program.ts';
export { reduceProgram, renameProgram } from './reduce-program.ts';
export { formatCoverage } from './coverage.ts';
export { loadPhpCases, parseTypes, groupByDistinctNames, compileInputOf, normalizeOutput } from './php-cases.ts';
export { checkCases } from './check-cases.ts';
