// The difftest driver: generate programs, check them in batches, reduce and save what differs, count coverage.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IrModule } from '../frontend/types.ts';
import { checkPrograms, pool, type CheckContext, type FindingKind, type ProgramResult } from './check-programs.ts';
import { addCoverage, type Coverage } from './coverage.ts';
import { generateProgram, type GenerateOptions } from './generate-program.ts';
import { expectPath, typesLine } from './php-cases.ts';
import { printProgram, type Program } from './program.ts';
import { reduceProgram, renameProgram, type ReduceStats } from './reduce-program.ts';

export interface DifftestOptions {
  readonly seed: number;
  readonly count: number;
  /** Index of the first program (a run covers first .. first+count-1). */
  readonly first?: number;
  readonly jobs: number;
  readonly batchSize?: number;
  readonly workDir: string;
  readonly php: string;
  readonly extension: string;
  readonly timeoutMs?: number;
  /** How many findings to reduce (the rest are listed). */
  readonly reduce?: number;
  /** Where reduced findings are saved as regression tests; undefined: not saved. */
  readonly saveDir?: string;
  readonly mutateIr?: (ir: IrModule) => IrModule;
  readonly log?: (line: string) => void;
  /** Keep the generated files (default: each batch's directory is removed once checked). */
  readonly keepFiles?: boolean;
  /** Family weights and sizes for the generator (default: every family, scalar code weighted most). */
  readonly generate?: GenerateOptions;
}

export interface FoundProgram {
  readonly program: Program;
  readonly kind: FindingKind;
  readonly detail: string;
}

export interface Reduced {
  readonly kind: FindingKind;
  readonly detail: string;
  readonly original: string;
  readonly text: string;
  /** Lines of the reduced program's functions and driver calls (without the printing helper). */
  readonly lines: number;
  readonly stats: ReduceStats;
  readonly savedAs?: string;
  readonly expected: string;
}

export interface DifftestSummary {
  readonly seed: number;
  readonly first: number;
  readonly count: number;
  readonly functions: number;
  readonly compiledFunctions: number;
  readonly driverCalls: number;
  /** Driver calls during which at least one kernel call finished natively. */
  readonly callsNative: number;
  /** Kernel calls that finished natively (entries from PHP; direct calls between kernels not counted). */
  readonly nativeCalls: number;
  readonly deopts: number;
  readonly findings: readonly FoundProgram[];
  readonly byKind: Readonly<Record<string, number>>;
  readonly reduced: readonly Reduced[];
  readonly coverage: Coverage;
  /** Functions the pipeline declined (they stay interpreted: not findings), by normalized reason. */
  readonly declinedFunctions: number;
  readonly declineReasons: ReadonlyMap<string, number>;
  readonly ms: number;
}

const REDUCE_KINDS: readonly FindingKind[] = ['divergence', 'pipeline-error', 'compile-error'];

/** A finding's message without program names, paths and line numbers: equal for the same bug. */
export function normalizeDetail(detail: string): string {
  return detail
    .replace(/p\d+_\d+(?:_r\d+_\d+)*_f(\d+)/g, 'F')
    .replace(/p\d+_\d+(?:_r\d+_\d+)*_(?:C\d+|Box)/gi, 'CLS')
    .replace(/\/[^\s:]*\.php/g, 'FILE')
    .replace(/line \d+/g, 'line N')
    .replace(/unit\.cpp:\d+:\d+/g, 'unit.cpp');
}

export async function runDifftest(o: DifftestOptions): Promise<DifftestSummary> {
  const started = Date.now();
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const first = o.first ?? 0;
  const batchSize = o.batchSize ?? 100;
  const workDir = resolve(o.workDir);
  mkdirSync(workDir, { recursive: true });
  const ctx: CheckContext = {
    workDir,
    cacheDir: join(workDir, 'artifacts'),
    php: o.php,
    extension: o.extension,
    timeoutMs: o.timeoutMs ?? 30_000,
    jobs: 1,
    mutateIr: o.mutateIr,
  };
  const batches: number[][] = [];
  for (let i = first; i < first + o.count; i += batchSize) {
    batches.push(Array.from({ length: Math.min(batchSize, first + o.count - i) }, (_, k) => i + k));
  }
  const coverage: Coverage = new Map();
  const declineReasons = new Map<string, number>();
  const findings: FoundProgram[] = [];
  const totals = { functions: 0, compiled: 0, calls: 0, callsNative: 0, native: 0, deopts: 0, done: 0 };
  await pool(batches, o.jobs, async (indexes, b) => {
    const programs = indexes.map((i) => generateProgram(o.seed, i, o.generate));
    const dir = `batch-${o.seed}-${indexes[0]}`;
    const results = await checkPrograms(programs, ctx, dir);
    for (const r of results) account(r);
    if (!o.keepFiles) rmSync(join(workDir, dir), { recursive: true, force: true });
    totals.done += indexes.length;
    log(`[difftest] batch ${b + 1}/${batches.length}: ${totals.done}/${o.count} programs, ${findings.length} finding(s), ${totals.callsNative}/${totals.calls} calls native`);
  });

  function account(r: ProgramResult): void {
    addCoverage(coverage, r);
    // Units that may get a kernel: functions and the methods the driver calls (the others are compiled into their callers).
    totals.functions += r.program.functions.filter((f) => f.className === undefined || f.planned).length;
    totals.compiled += r.compiled.size;
    for (const reason of r.declined.values()) {
      const key = normalizeDetail(reason).replace(/\b(?:line|at) \d+(?::\d+)?/g, 'N').replace(/\$[A-Za-z_]\w*/g, '$x');
      declineReasons.set(key, (declineReasons.get(key) ?? 0) + 1);
    }
    totals.calls += r.program.driver.length;
    for (const n of r.report?.nativeByCall.values() ?? []) {
      totals.native += n;
      if (n > 0) totals.callsNative++;
    }
    for (const d of r.report?.deoptsByCall.values() ?? []) totals.deopts += d;
    for (const f of r.findings) {
      if (f.kind === 'timeout') continue;
      findings.push({ program: r.program, kind: f.kind, detail: f.detail });
      log(`[difftest] ${f.kind} in ${r.program.name}: ${f.detail.split('\n')[0]}`);
    }
  }

  // Same kind and message: reduce one of them.
  const byKind: Record<string, number> = {};
  for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  const seen = new Set<string>();
  const toReduce = findings
    .filter((f) => REDUCE_KINDS.includes(f.kind))
    .sort((a, b) => REDUCE_KINDS.indexOf(a.kind) - REDUCE_KINDS.indexOf(b.kind))
    .filter((f) => {
      const key = f.kind === 'divergence' ? `${f.program.name}` : `${f.kind}:${normalizeDetail(f.detail)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, o.reduce ?? 5);
  const reduced: Reduced[] = [];
  for (const f of toReduce) {
    log(`[difftest] reducing ${f.kind} in ${f.program.name}`);
    const r = await reduceFinding(f, { ...ctx, jobs: o.jobs, timeoutMs: Math.min(ctx.timeoutMs, 10_000) }, o.saveDir);
    log(`[difftest] reduced ${f.program.name} to ${r.lines} line(s) in ${r.stats.rounds} rounds${r.savedAs ? `: ${r.savedAs}` : ''}`);
    reduced.push(r);
  }
  if (!o.keepFiles) rmSync(join(workDir, 'reduce'), { recursive: true, force: true });
  return {
    seed: o.seed,
    first,
    count: o.count,
    functions: totals.functions,
    compiledFunctions: totals.compiled,
    driverCalls: totals.calls,
    callsNative: totals.callsNative,
    nativeCalls: totals.native,
    deopts: totals.deopts,
    findings,
    byKind,
    reduced,
    coverage,
    declinedFunctions: totals.functions - totals.compiled,
    declineReasons,
    ms: Date.now() - started,
  };
}

let reduceCounter = 0;

export async function reduceFinding(f: FoundProgram, ctx: CheckContext, saveDir?: string): Promise<Reduced> {
  const want = normalizeDetail(f.detail);
  const interesting = async (candidates: readonly Program[]): Promise<boolean[]> => {
    const results = await checkPrograms(candidates, ctx, join('reduce', `r${reduceCounter++}`));
    // A candidate that hangs (the reducer removed what ended a loop) is never the bug we look for.
    return results.map((r) =>
      !r.plain?.timedOut &&
      r.findings.some((x) => x.kind === f.kind && (f.kind === 'divergence' || normalizeDetail(x.detail) === want)),
    );
  };
  const { program, stats } = await reduceProgram(f.program, interesting);
  // Check the result once more under its final name, and take its php -n output as the expectation.
  const finalName = f.program.name;
  const named = renameProgram(program, finalName);
  const types = named.functions.filter((fn) => fn.className === undefined || fn.planned).map((fn) => typesLine(fn.name, fn.paramTypes, fn.byRef, fn.paramClasses));
  const commented: Program = { ...named, text: undefined };
  const header = [`// difftest regression: ${f.kind} found by program ${f.program.name}`, `// ${normalizeDetail(f.detail).split('\n')[0]}`, ...types];
  const text = withHeader(printProgram(commented).text, header);
  const check = await checkPrograms([{ ...named, text }], ctx, join('reduce', `final-${reduceCounter++}`));
  const expected = check[0]?.plain?.stdout ?? '';
  const lines = named.functions.reduce((s, fn) => s + 2 + countLines(fn.body), 0) + named.driver.length;
  let savedAs: string | undefined;
  if (saveDir) {
    mkdirSync(saveDir, { recursive: true });
    savedAs = join(saveDir, `${f.kind}-${finalName}.php`);
    writeFileSync(savedAs, text);
    writeFileSync(expectPath(savedAs), expected, 'latin1');
  }
  return { kind: f.kind, detail: f.detail, original: f.program.name, text, lines, stats, savedAs, expected };
}

function countLines(list: Program['functions'][number]['body']): number {
  let n = 0;
  for (const s of list) n += s.kind === 'line' ? 1 : 1 + countLines(s.body) + (s.alt ? 1 + countLines(s.alt) : 0) + (s.tail ? 1 : 0);
  return n;
}

/** Inserts comment lines right after `<?php` (the function spans are recomputed from the text). */
function withHeader(text: string, header: readonly string[]): string {
  const lines = text.split('\n');
  return [lines[0]!, ...header, ...lines.slice(1)].join('\n');
}
