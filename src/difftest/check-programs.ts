// Compiles a set of programs together, runs each under php -n and polyvirt, and reports what differs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrModule } from '../frontend/types.ts';
import { compileBatch, instantiatesClasses, type CompileInput, type CompiledBatch } from './compile-programs.ts';
import { compileInputOf, parseTypeLines } from './php-cases.ts';
import { printProgram, type PrintedProgram, type Program } from './program.ts';
import { parsePolyvirtReport, runPlain, runPolyvirt, type PhpRun, type PolyvirtReport, type RunSettings } from './run-program.ts';

export type FindingKind = 'divergence' | 'pipeline-error' | 'compile-error' | 'kernel-refused' | 'timeout';

export interface Finding {
  readonly kind: FindingKind;
  readonly detail: string;
}

export interface CheckContext {
  readonly workDir: string;
  readonly cacheDir: string;
  readonly php: string;
  readonly extension: string;
  readonly timeoutMs: number;
  /** Parallel PHP processes within one check. */
  readonly jobs: number;
  readonly mutateIr?: (ir: IrModule) => IrModule;
}

export interface ProgramResult {
  readonly program: Program;
  readonly printed: PrintedProgram;
  readonly file: string;
  /** lcNames of this program's functions that got a kernel. */
  readonly compiled: ReadonlySet<string>;
  readonly declined: ReadonlyMap<string, string>;
  readonly findings: readonly Finding[];
  readonly plain?: PhpRun;
  readonly polyvirt?: PhpRun;
  readonly report?: PolyvirtReport;
  /** Driver calls that entered a kernel and finished natively, summed. */
  readonly nativeCalls: number;
}

export function inputOf(p: Program, printed: PrintedProgram, file: string): CompileInput {
  if (p.text !== undefined) {
    const lines = parseTypeLines(p.text);
    const types = new Map([...lines].map(([k, v]) => [k, v.types]));
    const byRef = new Map([...lines].map(([k, v]) => [k, v.byRef]));
    const classes = new Map([...lines].map(([k, v]) => [k, v.classes]));
    return compileInputOf({ name: p.name, file, text: p.text, types, byRef, classes });
  }
  // Methods get their own kernel only when the driver calls them (planned); the rest are compiled into their callers.
  const byName = new Map(p.functions.map((f) => [f.name, f]));
  const functions = printed.functions.flatMap((source) => {
    const f = byName.get(source.name);
    if (!f || (f.className !== undefined && !f.planned)) return [];
    const method = f.className !== undefined ? { className: f.className, isStatic: f.isStatic === true } : {};
    return [{ source, paramTypes: f.paramTypes, byRef: f.byRef, ...method, ...(f.paramClasses ? { paramClasses: f.paramClasses } : {}) }];
  });
  return { program: p.name, file, functions, classes: printed.classes };
}

/** Runs `fn` over `items` with at most `jobs` in flight, keeping order. */
export async function pool<T, R>(items: readonly T[], jobs: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return out;
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: php -n ${JSON.stringify(la[i] ?? '<end>')} vs polyvirt ${JSON.stringify(lb[i] ?? '<end>')}`;
  }
  return 'outputs differ';
}

/** Compares the two runs; undefined when they agree. */
export function compareRuns(plain: PhpRun, pv: PhpRun): Finding | undefined {
  if (plain.timedOut || pv.timedOut) {
    if (plain.timedOut && pv.timedOut) return { kind: 'timeout', detail: 'both runs timed out' };
    return { kind: 'divergence', detail: plain.timedOut ? 'php -n timed out, polyvirt finished' : 'polyvirt timed out, php -n finished' };
  }
  if (plain.stdout !== pv.stdout) return { kind: 'divergence', detail: firstDifference(plain.stdout, pv.stdout) };
  if (plain.exitCode !== pv.exitCode || plain.signal !== pv.signal) {
    return { kind: 'divergence', detail: `exit ${plain.exitCode ?? plain.signal} under php -n, ${pv.exitCode ?? pv.signal} under polyvirt` };
  }
  return undefined;
}

interface Compiled {
  readonly artifacts: Map<string, string | undefined>;
  readonly batch: CompiledBatch[];
  readonly compileErrors: Map<string, string>;
  readonly pipelineErrors: Map<string, string>;
}

/**
 * One g++ run for all; if it fails, the set is split in halves and each half compiled again,
 * down to single programs, so a failure lands on the program that causes it while the others
 * keep one artifact per surviving half (a few bad programs cost O(log n) g++ runs, not n).
 */
async function compileAll(inputs: readonly CompileInput[], ctx: CheckContext): Promise<Compiled> {
  const artifacts = new Map<string, string | undefined>();
  const compileErrors = new Map<string, string>();
  const pipelineErrors = new Map<string, string>();
  const all: CompiledBatch[] = [];
  const gxxFailed = (b: CompiledBatch): boolean => b.errors.some((e) => !/: pipeline threw: /.test(e));
  const group = async (list: readonly CompileInput[]): Promise<void> => {
    const b = await compileBatch(list, { cacheDir: ctx.cacheDir, mutateIr: ctx.mutateIr });
    if (gxxFailed(b) && list.length > 1) {
      const half = Math.ceil(list.length / 2);
      await group(list.slice(0, half));
      await group(list.slice(half));
      return;
    }
    for (const e of b.errors) {
      const m = /^([^:]+): pipeline threw: (.*)$/s.exec(e);
      if (m) pipelineErrors.set(m[1]!, m[2]!);
      else compileErrors.set(list[0]!.program, e);
    }
    for (const i of list) artifacts.set(i.program, b.artifact);
    all.push(b);
  };
  // A kernel entry DEOPTs unless every class its module instantiates is declared, and each
  // program declares only its own classes: a program whose kernels create objects gets a module of its own.
  const own = new Set(inputs.filter(instantiatesClasses));
  const shared = inputs.filter((i) => !own.has(i));
  if (shared.length > 0) await group(shared);
  for (const i of own) await group([i]);
  return { artifacts, batch: all, compileErrors, pipelineErrors };
}

export async function checkPrograms(programs: readonly Program[], ctx: CheckContext, dirName: string): Promise<ProgramResult[]> {
  const dir = join(ctx.workDir, dirName);
  mkdirSync(dir, { recursive: true });
  const staged = programs.map((program) => {
    const printed = printProgram(program);
    const file = program.file ?? join(dir, `${program.name}.php`);
    if (!program.file) writeFileSync(file, printed.text);
    return { program, printed, file, input: inputOf(program, printed, file) };
  });
  const compiled = await compileAll(staged.map((s) => s.input), ctx);
  const compiledNames = new Set<string>();
  const declined = new Map<string, string>();
  for (const b of compiled.batch) {
    for (const n of b.compiled) compiledNames.add(n);
    for (const [k, v] of b.declined) declined.set(k, v);
  }
  const settings: RunSettings = { php: ctx.php, extension: ctx.extension, timeoutMs: ctx.timeoutMs, cacheDir: join(ctx.workDir, 'ext-cache') };
  return pool(staged, ctx.jobs, async (s) => {
    const names = s.input.functions.map((f) => f.source.name.toLowerCase());
    const findings: Finding[] = [];
    const pe = compiled.pipelineErrors.get(s.program.name);
    if (pe) findings.push({ kind: 'pipeline-error', detail: pe });
    const ce = compiled.compileErrors.get(s.program.name);
    if (ce) findings.push({ kind: 'compile-error', detail: ce });
    const artifact = compiled.artifacts.get(s.program.name);
    const plain = await runPlain(s.file, settings);
    const polyvirt = await runPolyvirt(s.file, artifact ? [artifact] : [], settings);
    const diff = compareRuns(plain, polyvirt);
    if (diff) findings.push(diff);
    const report = parsePolyvirtReport(polyvirt.stderr);
    const mine = report.errors.filter((e) => names.some((n) => e.includes(n)));
    if (mine.length > 0) findings.push({ kind: 'kernel-refused', detail: mine.join('; ') });
    let nativeCalls = 0;
    for (const n of report.nativeByCall.values()) nativeCalls += n;
    return {
      program: s.program,
      printed: s.printed,
      file: s.file,
      compiled: new Set(names.filter((n) => compiledNames.has(n))),
      declined: new Map(names.filter((n) => declined.has(n)).map((n) => [n, declined.get(n)!])),
      findings,
      plain,
      polyvirt,
      report,
      nativeCalls,
    };
  });
}
