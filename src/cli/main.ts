// The `polyvirt` command line (commander): serve, ext-path, db list/show, demo, bench.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { openStore } from '../sigdb/store-registry.ts';
import type { SignatureStore } from '../sigdb/types.ts';
import { formatRegionTable, formatSignature, listRegions, showSignature } from './db.ts';
import { EXTENSION_PATH, extensionPath } from './ext-path.ts';
import { serve } from './serve.ts';

const DEFAULT_STORE = './.polyvirt/polyvirt.db';

/** Contract of src/cli/demo.ts and src/cli/bench.ts: add options and an action to the given command. */
interface CommandModule {
  register?: (command: Command) => void;
}

async function withStore<T>(path: string, fn: (store: SignatureStore) => Promise<T>): Promise<T> {
  const store = await openStore({ kind: 'sqlite', location: path, mustExist: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

// demo.ts / bench.ts are written separately; the CLI works (and says so) while they do not exist yet.
async function registerOptional(program: Command, name: string, file: string, description: string): Promise<void> {
  const command = program.command(name).description(description);
  const url = new URL(file, import.meta.url);
  let mod: CommandModule | undefined;
  if (existsSync(url)) mod = (await import(url.href)) as CommandModule;
  if (mod?.register) mod.register(command);
  else {
    command.allowUnknownOption().action(() => {
      throw new Error(`"${name}" is not available in this build (${url.pathname} has no register())`);
    });
  }
}

export async function buildProgram(): Promise<Command> {
  const program = new Command('polyvirt')
    .description('JIT specializer for PHP 8.2: profiles in, verified native kernels out')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the service: receive profiles, specialize hot functions, deploy kernels')
    .option('--socket <path>', 'unix socket to listen on ("" for none)', '/tmp/polyvirt.sock')
    .option('--socket-mode <octal>', 'file mode of the unix socket', '600')
    .option('--tcp <host:port>', 'also listen on TCP (insecure)')
    .option('--store <file>', 'SQLite signature store', DEFAULT_STORE)
    .option('--cache-dir <dir>', 'compiled artifact cache', './.polyvirt/artifacts')
    .option('--log-level <level>', 'debug | info | warn | error', 'info')
    .option('--php <binary>', 'php-cli used for verification', 'php')
    .action(async (flags) => serve(flags));

  program
    .command('ext-path')
    .description('print the absolute path of the built PHP extension')
    .action(() => {
      const path = extensionPath();
      if (!path) throw new Error(`the extension is not built (${EXTENSION_PATH} is missing): run npm run build`);
      process.stdout.write(path + '\n');
    });

  const db = program.command('db').description('inspect the signature store').option('--store <file>', 'SQLite signature store', DEFAULT_STORE);
  db.command('list')
    .description('regions, their calls, signature ids and status')
    .option('--app <app>', 'only this application')
    .option('--json', 'machine-readable output')
    .action(async (flags: { app?: string; json?: boolean }) => {
      const rows = await withStore(db.opts<{ store: string }>().store, (s) => listRegions(s, flags.app));
      if (flags.json) {
        const out = rows.map((r) => ({
          app: r.app,
          region: r.region,
          calls: r.calls,
          signatureId: r.signatureId,
          status: r.decision?.status ?? 'pending',
          reason: r.decision?.reason ?? '',
          stage: r.decision?.stage ?? '',
          ...(r.decision?.deploymentId ? { deploymentId: r.decision.deploymentId } : {}),
        }));
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else process.stdout.write(formatRegionTable(rows));
    });
  db.command('show <signature-id>')
    .description('one signature: profile summary, decision, deployment and its counters')
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: { json?: boolean }) => {
      const d = await withStore(db.opts<{ store: string }>().store, (s) => showSignature(s, id));
      if (!d) throw new Error(`no signature ${id}`);
      process.stdout.write(flags.json ? JSON.stringify(d, null, 2) + '\n' : formatSignature(d));
    });

  await registerOptional(program, 'demo', './demo.ts', 'run the demo: PHP programs with and without polyvirt');
  await registerOptional(program, 'bench', './bench.ts', 'run the benchmarks');
  await registerOptional(program, 'difftest', './difftest.ts', 'compare generated PHP programs under php -n and polyvirt');
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    const program = await buildProgram();
    await program.parseAsync([...argv]);
  } catch (e) {
    process.stderr.write(`polyvirt: error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
