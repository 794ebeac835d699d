// `polyvirt difftest`: generated programs under php -n and under polyvirt, compared; divergences reduced and saved.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatCoverage, formatDeclines, parseFamilyWeights, runDifftest, validateGenerated } from '../difftest/index.ts';
import { extensionPath, EXTENSION_PATH } from './ext-path.ts';

interface Flags {
  seed: string;
  count: string;
  first: string;
  jobs: string;
  batch: string;
  dir: string;
  php: string;
  reduce: string;
  save: boolean;
  saveDir: string;
  coverage: boolean;
  keep: boolean;
  families?: string;
  phpOnly?: boolean;
}

const int = (s: string, name: string): number => {
  const n = Number.parseInt(s, 10);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${s}'`);
  return n;
};

export function register(command: Command): void {
  command
    .option('--seed <n>', 'generator seed', '1')
    .option('--count <n>', 'programs to generate', '200')
    .option('--first <n>', 'index of the first program (resume or split a range)', '0')
    .option('--jobs <n>', 'batches checked in parallel', '2')
    .option('--batch <n>', 'programs compiled together (one g++ run)', '100')
    .option('--dir <path>', 'working directory', '.polyvirt/difftest')
    .option('--php <binary>', 'php-cli', 'php')
    .option('--reduce <n>', 'findings to reduce to small programs', '5')
    .option('--no-save', 'do not save reduced findings as regression tests')
    .option('--save-dir <path>', 'where reduced findings are saved', 'test/difftest/regressions/open')
    .option('--no-coverage', 'do not print per-construct coverage')
    .option('--keep', 'keep generated programs on disk')
    .option('--families <weights>', 'generator family weights, e.g. scalar=0,string=2 (families: scalar string array output global static const mixed byref)')
    .option('--php-only', 'check the generator alone: each program runs twice under php -n (valid, terminating, deterministic)')
    .action(async (flags: Flags) => {
      const generate = flags.families ? { families: parseFamilyWeights(flags.families) } : undefined;
      if (flags.phpOnly) {
        const v = await validateGenerated({
          seed: int(flags.seed, 'seed'),
          first: int(flags.first, 'first'),
          count: int(flags.count, 'count'),
          jobs: Math.max(1, int(flags.jobs, 'jobs')),
          workDir: flags.dir,
          php: flags.php,
          generate,
        });
        process.stdout.write(`${v.programs} programs under php -n: ${v.invalid.length} invalid; largest output ${v.maxOutput} bytes, slowest run ${v.slowestMs} ms\n`);
        for (const i of v.invalid) process.stdout.write(`${i.program}: ${i.problem}\n`);
        if (v.invalid.length > 0) process.exitCode = 1;
        return;
      }
      const extension = extensionPath();
      if (!extension) throw new Error(`the extension is not built (${EXTENSION_PATH} is missing): run npm run setup`);
      const s = await runDifftest({
        seed: int(flags.seed, 'seed'),
        count: int(flags.count, 'count'),
        first: int(flags.first, 'first'),
        jobs: Math.max(1, int(flags.jobs, 'jobs')),
        batchSize: Math.max(1, int(flags.batch, 'batch')),
        workDir: flags.dir,
        php: flags.php,
        extension,
        reduce: int(flags.reduce, 'reduce'),
        saveDir: flags.save ? resolve(flags.saveDir) : undefined,
        keepFiles: flags.keep,
        generate,
      });
      const out = process.stdout;
      if (flags.coverage) {
        out.write('\nPer-construct coverage (functions / driver calls generated, how many got a kernel, how many ran natively)\n' + formatCoverage(s.coverage));
        if (s.declineReasons.size > 0) out.write(`\nDeclined functions (stay interpreted; not findings): ${s.declinedFunctions}\n` + formatDeclines(s.declineReasons));
      }
      out.write(`\nseed ${s.seed}, programs ${s.first}..${s.first + s.count - 1} (${s.count}) in ${(s.ms / 1000).toFixed(1)} s\n`);
      out.write(`functions: ${s.functions}, compiled to kernels: ${s.compiledFunctions}, declined: ${s.declinedFunctions}\n`);
      out.write(`driver calls: ${s.driverCalls}, of which ran native: ${s.callsNative}; native kernel calls: ${s.nativeCalls}, deopts: ${s.deopts}\n`);
      const kinds = Object.entries(s.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
      out.write(`findings: ${s.findings.length}${kinds ? ` (${kinds})` : ''}\n`);
      for (const r of s.reduced) {
        out.write(`\n--- ${r.kind} in ${r.original}, reduced to ${r.lines} line(s)${r.savedAs ? ` -> ${r.savedAs}` : ''}\n${r.detail.split('\n')[0]}\n${r.text}\n`);
      }
      if (s.findings.length > 0) process.exitCode = 1;
    });
}
