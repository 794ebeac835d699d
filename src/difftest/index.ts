// Difftest stage entry: differential testing of polyvirt against php -n (runDifftest) and its parts.
export { runDifftest, reduceFinding, normalizeDetail } from './run-difftest.ts';
export type { DifftestOptions, DifftestSummary, Reduced, FoundProgram } from './run-difftest.ts';
export { checkPrograms, compareRuns } from './check-programs.ts';
export type { CheckContext, Finding, FindingKind, ProgramResult } from './check-programs.ts';
export { compileBatch } from './compile-programs.ts';
export { generateProgram, parseFamilyWeights, FAMILIES, DEFAULT_FAMILY_WEIGHTS } from './generate-program.ts';
export type { Family, GenerateOptions } from './generate-program.ts';
export { EVERYDAY_FAMILIES } from './generate-everyday.ts';
export { validateGenerated, programProblem } from './validate-generated.ts';
export type { ValidateOptions, ValidateSummary } from './validate-generated.ts';
export { printProgram, findFunctions, findClasses } from './program.ts';
export type { Program, FnDef, Stmt, DriverCall, ClassDef, ClassText } from './program.ts';
export { reduceProgram, renameProgram } from './reduce-program.ts';
export { formatCoverage, formatDeclines, functionTags } from './coverage.ts';
export { loadPhpCases, parseTypes, parseTypeLines, typesLine, groupByDistinctNames, compileInputOf, normalizeOutput } from './php-cases.ts';
export { checkCases } from './check-cases.ts';
