// Checks the generator alone under php -n: every program is valid PHP 8.2, terminates quickly, and prints the same twice.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runPlain, type PhpRun, type RunSettings } from './run-program.ts';
import { pool } from './check-programs.ts';
import { generateProgram, type GenerateOptions } from './generate-program.ts';
import { printProgram } from './program.ts';

export interface ValidateOptions {
  readonly seed: number;
  readonly first?: number;
  readonly count: number;
  readonly jobs: number;
  readonly workDir: string;
  readonly php: string;
  readonly generate?: GenerateOptions;
  /** A run slower than this is a problem: programs must stay cheap (default 5 s). */
  readonly timeoutMs?: number;
  /** More output than this is a problem: outputs are compared and stored (default 512 KiB). */
  readonly maxOutput?: number;
}

export interface InvalidProgram {
  readonly program: string;
  readonly problem: string;
}

export interface ValidateSummary {
  readonly programs: number;
  readonly invalid: readonly InvalidProgram[];
  /** Largest stdout seen, in bytes, and the slowest run in ms: how far from the limits the generator stays. */
  readonly maxOutput: number;
  readonly slowestMs: number;
}

/**
 * What makes a generated program unusable: a parse or compile-time error, an uncaught fatal
 * error (the driver catches every Throwable, so nothing should escape), a timeout, a crash, too
 * much output, or a second run that prints something else (the program is not deterministic).
 */
export function programProblem(a: PhpRun, b: PhpRun, maxOutput: number): string | undefined {
  if (a.timedOut) return 'timed out';
  const fatal = /^(?:PHP )?(Parse error|Fatal error): .*$/m.exec(a.stdout);
  if (fatal) return fatal[0];
  if (a.exitCode !== 0) return `exit ${a.exitCode ?? a.signal}`;
  if (a.stdout.length > maxOutput) return `output of ${a.stdout.length} bytes`;
  if (a.stdout !== b.stdout) return 'two runs printed different output';
  return undefined;
}

export async function validateGenerated(o: ValidateOptions): Promise<ValidateSummary> {
  const dir = resolve(o.workDir, `validate-${o.seed}-${o.first ?? 0}`);
  mkdirSync(dir, { recursive: true });
  const settings: RunSettings = { php: o.php, timeoutMs: o.timeoutMs ?? 5_000 };
  const indexes = Array.from({ length: o.count }, (_, k) => (o.first ?? 0) + k);
  let maxOutput = 0;
  let slowestMs = 0;
  const invalid: InvalidProgram[] = [];
  await pool(indexes, o.jobs, async (i) => {
    const p = generateProgram(o.seed, i, o.generate);
    const file = join(dir, `${p.name}.php`);
    writeFileSync(file, printProgram(p).text);
    const started = Date.now();
    const a = await runPlain(file, settings);
    slowestMs = Math.max(slowestMs, Date.now() - started);
    const b = await runPlain(file, settings);
    maxOutput = Math.max(maxOutput, a.stdout.length);
    const problem = programProblem(a, b, o.maxOutput ?? 512 * 1024);
    if (problem) invalid.push({ program: p.name, problem });
    else rmSync(file);
  });
  if (invalid.length === 0) rmSync(dir, { recursive: true, force: true });
  return { programs: o.count, invalid, maxOutput, slowestMs };
}
