// `polyvirt demo`: profile the demo programs, let the service specialize them, run them native, print what happened.
import { resolve } from 'node:path';
import { openSession } from './session.ts';
import { PHP_BASE_ARGS, runCommand } from './run-php.ts';
import { WORKLOADS } from './workloads.ts';
import { formatTable } from './format-table.ts';

export interface DemoOptions {
  readonly dir?: string;
  readonly php?: string;
}

export interface DemoRow {
  readonly program: string;
  readonly region: string;
  readonly calls: number;
  readonly signatureId: string;
  readonly plan: string;
  readonly native: boolean;
}

export interface DemoProgramResult {
  readonly program: string;
  readonly plainMs: number;
  readonly polyvirtMs: number;
  readonly identical: boolean;
  readonly rows: readonly DemoRow[];
}

/** Runs the demo and returns its results; `runDemo` prints them. */
export async function collectDemo(options: DemoOptions = {}): Promise<DemoProgramResult[]> {
  const php = options.php ?? 'php';
  const session = await openSession({ dir: resolve(options.dir ?? '.polyvirt/demo'), php });
  const results: DemoProgramResult[] = [];
  try {
    for (const w of WORKLOADS) {
      const app = `demo-${w.name}`;
      const plain = await runCommand(php, [...PHP_BASE_ARGS, w.php, ...w.demoArgs]);
      const profiled = await session.runWithPolyvirt(app, w.php, w.demoArgs);
      // A batch program's hot function is its first call: let it fetch what the profiling run taught.
      const warm = await session.runWithPolyvirt(app, w.php, w.demoArgs, { startup_sync_ms: 2000 });
      const identical =
        plain.exitCode === 0 &&
        [profiled, warm].every((r) => r.stdout === plain.stdout && r.stderr === plain.stderr && r.exitCode === plain.exitCode);

      const store = session.service.store;
      const deployments = await store.listDeployments({ app });
      const rows: DemoRow[] = [];
      for (const sig of await store.listSignatures({ app })) {
        const decision = await store.getDecision(sig.id);
        const deployment = deployments.find((d) => d.id === decision?.deploymentId);
        const counters = deployment?.counters[sig.regionKey];
        rows.push({
          program: w.name,
          region: regionLabel(sig.regionKey),
          calls: sig.calls,
          signatureId: sig.id.slice(0, 12),
          plan: !decision
            ? 'pending'
            : decision.status === 'deployed'
              ? 'specialized'
              : `${decision.status}: ${decision.reason}`,
          native: (counters?.nativeCalls ?? 0) > 0,
        });
      }
      results.push({ program: w.name, plainMs: plain.ms, polyvirtMs: warm.ms, identical, rows });
    }
  } finally {
    await session.close();
  }
  return results;
}

export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const results = await collectDemo(options);
  const table: string[][] = [];
  for (const r of results) {
    r.rows.forEach((row, i) => {
      const first = i === 0;
      table.push([
        first ? r.program : '',
        row.region,
        String(row.calls),
        row.signatureId,
        row.plan,
        row.native ? 'yes' : 'no',
        first ? `${r.plainMs.toFixed(0)} ms` : '',
        first ? `${r.polyvirtMs.toFixed(0)} ms` : '',
        first ? `${(r.plainMs / r.polyvirtMs).toFixed(1)}x` : '',
        first ? (r.identical ? 'yes' : 'NO') : '',
      ]);
    });
  }
  process.stdout.write(
    formatTable(['program', 'region', 'calls', 'signature', 'plan', 'native', 'php -n', 'polyvirt', 'speedup', 'identical'], table),
  );
  process.stdout.write('\nTimes are whole-process wall clock of one run each; polyvirt = second (warm) run.\n');
  if (results.some((r) => !r.identical)) {
    process.exitCode = 1;
    process.stderr.write('demo: output differed from php -n — this is a bug, please report it\n');
  }
}

/** "file::Class::function" → "function" or "Class::function" (the file is implied by the program). */
function regionLabel(key: string): string {
  const parts = key.split('::');
  const fn = parts.pop() ?? key;
  const cls = parts.pop() ?? '';
  return cls ? `${cls}::${fn}` : fn;
}

export function register(command: import('commander').Command): void {
  command
    .option('--dir <path>', 'working directory for the demo store and artifacts', '.polyvirt/demo')
    .option('--php <binary>', 'php-cli to run the programs with', 'php')
    .action(async (opts: { dir: string; php: string }) => runDemo({ dir: opts.dir, php: opts.php }));
}
