// `polyvirt bench`: the benchmark programs side by side — php -n, both OPcache JIT modes, polyvirt warm, hand-written C++ where there is one.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { openSession } from './session.ts';
import type { Session } from './session.ts';
import { PHP_BASE_ARGS, jitArgs, median, polyvirtArgs, runCommand } from './run-php.ts';
import type { RunResult } from './run-php.ts';
import { WORKLOADS } from './workloads.ts';
import type { Workload } from './workloads.ts';
import { formatTable } from './format-table.ts';

export interface BenchOptions {
  readonly reps: number;
  readonly only?: readonly string[];
  readonly dir: string;
  readonly php: string;
  readonly overhead: boolean;
}

type Mode = 'php -n' | 'JIT tracing' | 'JIT function' | 'polyvirt' | 'C++';
const MODES: readonly Mode[] = ['php -n', 'JIT tracing', 'JIT function', 'polyvirt', 'C++'];

interface Measured {
  readonly workload: string;
  readonly set: Workload['set'];
  readonly hasCpp: boolean;
  /** Kernels (region keys) that answered calls natively during the measured runs, and decline reasons seen. */
  native: string[];
  declines: string[];
  /** Whole-process wall time. */
  readonly ms: Record<Mode, number[]>;
  /** Time of the workload call alone, as the program measured it (hrtime / steady_clock). */
  readonly computeMs: Record<Mode, number[]>;
  identical: boolean;
}

const emptyByMode = (): Record<Mode, number[]> => Object.fromEntries(MODES.map((k) => [k, []])) as unknown as Record<Mode, number[]>;

const SMALL_CALLS = fileURLToPath(new URL('../../test/php/bench/small-calls.php', import.meta.url));

export async function runBench(options: BenchOptions): Promise<void> {
  // The programs report their compute time on stderr when this is set (stdout stays comparable).
  process.env.POLYVIRT_BENCH_TIMING = '1';
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const workloads = WORKLOADS.filter((w) => !options.only || options.only.includes(w.name) || options.only.includes(w.set));
  const binaries = new Map<string, string>();
  for (const w of workloads) if (w.cpp) binaries.set(w.name, await buildReference(w, w.cpp, dir));

  const session = await openSession({ dir: join(dir, 'service'), php: options.php });
  const results: Measured[] = [];
  try {
    for (const w of workloads) {
      log(`${w.name}: profiling run`);
      const app = `bench-${w.name}`;
      await session.runWithPolyvirt(app, w.php, w.benchArgs);
      const deployed = await session.service.store.listDeployments({ app, status: 'active' });
      if (deployed.length === 0) log(`${w.name}: WARNING no deployment — polyvirt column runs the interpreter`);
      const m = await measure(w, app, session, binaries.get(w.name), options);
      await collectNative(m, app, session);
      results.push(m);
    }
  } finally {
    await session.close();
  }
  printResults(results);
  if (options.overhead) await measureOverhead(session.extension, options);
}

async function measure(w: Workload, app: string, session: Session, cppBinary: string | undefined, options: BenchOptions): Promise<Measured> {
  const m: Measured = { workload: w.name, set: w.set, hasCpp: cppBinary !== undefined, native: [], declines: [], ms: emptyByMode(), computeMs: emptyByMode(), identical: true };
  const modes = MODES.filter((k) => k !== 'C++' || cppBinary !== undefined);
  let reference: string | undefined;
  for (let rep = 0; rep < options.reps; rep++) {
    // Interleave the modes in every repetition so machine noise hits them alike.
    for (const mode of modes) {
      const r = await runMode(mode, w, app, session, cppBinary, options.php);
      if (r.exitCode !== 0) throw new Error(`${w.name} under ${mode} exited with ${r.exitCode}: ${r.stderr.slice(0, 400)}`);
      reference ??= r.stdout;
      if (r.stdout !== reference) {
        m.identical = false;
        log(`${w.name}: output under ${mode} differs: ${JSON.stringify(r.stdout)} vs ${JSON.stringify(reference)}`);
      }
      m.ms[mode].push(r.ms);
      const compute = /compute_ms=([0-9.eE+-]+)/.exec(r.stderr);
      if (!compute) throw new Error(`${w.name} under ${mode} did not report compute_ms: ${r.stderr.slice(0, 400)}`);
      m.computeMs[mode].push(Number(compute[1]));
    }
    log(`${w.name}: rep ${rep + 1}/${options.reps} ${modes.map((k) => `${k} ${m.ms[k].at(-1)!.toFixed(0)}`).join(', ')}`);
  }
  return m;
}

/** Which kernels answered natively in the warm runs, and why the others were declined. */
async function collectNative(m: Measured, app: string, session: Session): Promise<void> {
  const store = session.service.store;
  for (const d of await store.listDeployments({ app })) {
    for (const [region, c] of Object.entries(d.counters)) if (c.nativeCalls > 0 && !m.native.includes(region)) m.native.push(region);
  }
  for (const sig of await store.listSignatures({ app })) {
    const decision = await store.getDecision(sig.id);
    // "Not hot enough" (the cost stage) is not a finding; everything else says why a region stayed in PHP.
    if (decision?.status === 'declined' && decision.stage !== 'cost') m.declines.push(`${sig.regionKey.split('::').pop()}: ${decision.reason}`);
  }
}

function runMode(mode: Mode, w: Workload, app: string, session: Session, cppBinary: string | undefined, php: string): Promise<RunResult> {
  switch (mode) {
    case 'php -n':
      return runCommand(php, [...PHP_BASE_ARGS, w.php, ...w.benchArgs]);
    case 'JIT tracing':
      return runCommand(php, [...PHP_BASE_ARGS, ...jitArgs('tracing'), w.php, ...w.benchArgs]);
    case 'JIT function':
      return runCommand(php, [...PHP_BASE_ARGS, ...jitArgs('function'), w.php, ...w.benchArgs]);
    case 'polyvirt':
      return session.runWithPolyvirt(app, w.php, w.benchArgs, { startup_sync_ms: 2000 });
    case 'C++':
      if (!cppBinary) throw new Error(`${w.name} has no C++ reference`);
      return runCommand(cppBinary, w.benchArgs);
  }
}

function printResults(results: readonly Measured[]): void {
  printTable('Median whole-process wall time in ms (includes PHP start-up)', results, (m) => m.ms);
  printTable('Median compute time in ms (the workload call alone, timed inside the program)', results, (m) => m.computeMs);
  for (const set of ['scalar', 'everyday'] as const) {
    const inSet = results.filter((m) => m.set === set);
    if (inSet.length === 0) continue;
    const ratio = (m: Measured, mode: Mode): number => median(m.ms[mode]) / median(m.ms.polyvirt);
    const vsJit = geomean(inSet.map((m) => Math.min(ratio(m, 'JIT tracing'), ratio(m, 'JIT function'))));
    const vsPhp = geomean(inSet.map((m) => ratio(m, 'php -n')));
    const slower = inSet.filter((m) => ratio(m, 'php -n') < 1).map((m) => m.workload);
    process.stdout.write(
      `\n${set} set (${inSet.length} programs, whole process): geomean ${vsPhp.toFixed(2)}x vs php -n, ${vsJit.toFixed(2)}x vs the better JIT mode; ` +
        `slower than php -n: ${slower.length === 0 ? 'none' : slower.join(', ')}\n`,
    );
  }
  process.stdout.write('\nKernels that answered natively in the measured runs\n');
  process.stdout.write(
    formatTable(
      ['workload', 'native kernels', 'declined regions'],
      results.map((m) => [m.workload, m.native.map((k) => k.split('::').pop()).join(' ') || 'NONE', m.declines.join('; ') || '-']),
    ),
  );
}

function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

function printTable(title: string, results: readonly Measured[], times: (m: Measured) => Record<Mode, number[]>): void {
  const rows = results.map((m) => {
    const med = (k: Mode): number => median(times(m)[k]);
    const bestJit = Math.min(med('JIT tracing'), med('JIT function'));
    return [
      m.workload,
      ...MODES.map((k) => (k === 'C++' && !m.hasCpp ? '-' : med(k).toFixed(1))),
      `${(med('php -n') / med('polyvirt')).toFixed(1)}x`,
      `${(bestJit / med('polyvirt')).toFixed(1)}x`,
      m.hasCpp ? `${(med('polyvirt') / med('C++')).toFixed(2)}` : '-',
      m.identical ? 'yes' : 'NO',
    ];
  });
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(
    formatTable(['workload', ...MODES, 'speedup vs php -n', 'vs best JIT', 'polyvirt / C++', 'identical'], rows),
  );
}

async function measureOverhead(extension: string, options: BenchOptions): Promise<void> {
  const args = ['10000000'];
  const variants: Record<string, string[]> = {
    'php -n': [...PHP_BASE_ARGS],
    'polyvirt loaded, service absent': [...PHP_BASE_ARGS, ...polyvirtArgs(extension, { service: 'unix:/nonexistent/polyvirt.sock' })],
    'polyvirt loaded, service disabled': [...PHP_BASE_ARGS, ...polyvirtArgs(extension, { service: '' })],
  };
  const ms: Record<string, number[]> = {};
  // Small differences: more repetitions than the workloads get.
  for (let rep = 0; rep < Math.max(3 * options.reps, 15); rep++) {
    for (const [name, phpArgs] of Object.entries(variants)) {
      const r = await runCommand(options.php, [...phpArgs, SMALL_CALLS, ...args]);
      if (r.exitCode !== 0 || r.stdout !== '10000000\n') throw new Error(`small-calls under "${name}" failed: ${r.stdout}${r.stderr}`);
      (ms[name] ??= []).push(r.ms);
    }
  }
  const base = median(ms['php -n']!);
  process.stdout.write('\nExtension cost with nothing installed (10^7 small calls)\n');
  process.stdout.write(
    formatTable(
      ['variant', 'median ms', 'overhead vs php -n'],
      Object.entries(ms).map(([name, v]) => [name, median(v).toFixed(0), `${((median(v) / base - 1) * 100).toFixed(1)} %`]),
    ),
  );
}

async function buildReference(w: Workload, cpp: string, dir: string): Promise<string> {
  const out = join(dir, `reference-${w.name}`);
  const r = await runCommand('g++', ['-O2', '-o', out, cpp]);
  if (r.exitCode !== 0) throw new Error(`building the C++ reference for ${w.name} failed:\n${r.stderr}`);
  return out;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function register(command: Command): void {
  command
    .option('--reps <n>', 'repetitions per mode (medians are reported)', '5')
    .option('--only <names>', 'comma-separated workloads (fib,ackermann,mandelbrot,nestedloop,ary,…) or a set: scalar, everyday')
    .option('--no-overhead', 'skip the extension-overhead measurement')
    .option('--dir <path>', 'working directory', '.polyvirt/bench')
    .option('--php <binary>', 'php-cli', 'php')
    .action(async (opts: { reps: string; only?: string; overhead: boolean; dir: string; php: string }) =>
      runBench({
        reps: Math.max(1, Number.parseInt(opts.reps, 10) || 5),
        only: opts.only?.split(',').map((s) => s.trim()),
        dir: opts.dir,
        php: opts.php,
        overhead: opts.overhead,
      }),
    );
}
