// End to end on the everyday benchmark programs: profiled once, then every program's hot function answers natively, output identical to php -n.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../src/cli/session.ts';
import type { Session } from '../../src/cli/session.ts';
import { PHP_BASE_ARGS, runCommand } from '../../src/cli/run-php.ts';
import { WORKLOADS } from '../../src/cli/workloads.ts';

/**
 * Sizes of 50–100 ms under an idle php -n: above the service's 20 ms "worth specializing" bar even on a
 * fast machine, still quick in CI. And the function expected to answer natively.
 */
const CASES: Record<string, { readonly args: readonly string[]; readonly hot: string }> = {
  nestedloop: { args: ['14'], hot: 'nestedloop' },
  ary: { args: ['100000', '5'], hot: 'ary' },
  ary3: { args: ['5000', '1000'], hot: 'ary3' },
  hash1: { args: ['20000', '15'], hot: 'hash1' },
  hash2: { args: ['3000', '700'], hot: 'hash2' },
  heapsort: { args: ['50000'], hot: 'heapsort' },
  matrix: { args: ['60', '30'], hot: 'matrix' },
  sieve: { args: ['200'], hot: 'sieve' },
  strcat: { args: ['100000', '6'], hot: 'strcat' },
  'mandel-print': { args: ['120', '60', '300'], hot: 'mandel_print' },
  printf: { args: ['60000'], hot: 'report' },
  recursion: { args: ['25'], hot: 'recursion' },
  objects: { args: ['8000', '3'], hot: 'objects' },
  methods: { args: ['80', '2'], hot: 'row' },
};

let session: Session;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'polyvirt-everyday-'));
  session = await openSession({ dir, logLevel: 'error' });
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function nativeCalls(app: string, fn: string): Promise<number> {
  let n = 0;
  for (const d of await session.service.store.listDeployments({ app })) {
    for (const [region, c] of Object.entries(d.counters)) if (region.endsWith(`::${fn}`)) n += c.nativeCalls;
  }
  return n;
}

async function waitForDeployment(app: string, fn: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const deployments = await session.service.store.listDeployments({ app, status: 'active' });
    if (deployments.some((d) => d.kernels.some((k) => k.regionKey.endsWith(`::${fn}`)))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function declines(app: string): Promise<string[]> {
  const out: string[] = [];
  for (const sig of await session.service.store.listSignatures({ app })) {
    const d = await session.service.store.getDecision(sig.id);
    // Everything but the deployed ones, "not worth it yet" included: what a failure needs to say.
    if (d && d.status !== 'deployed') out.push(`${sig.regionKey.split('::').pop()}: ${d.status} (${d.stage}) ${d.reason}`);
  }
  return out;
}

describe('everyday programs', () => {
  const everyday = WORKLOADS.filter((w) => w.set === 'everyday');

  it('has a case for every everyday workload', () => {
    expect(everyday.map((w) => w.name).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const w of everyday) {
    it(`${w.name}: the warm run answers ${CASES[w.name]?.hot}() natively with php -n's exact output`, async () => {
      const c = CASES[w.name]!;
      const app = `everyday-${w.name}`;
      const expected = await runCommand('php', [...PHP_BASE_ARGS, w.php, ...c.args]);
      expect(expected.exitCode).toBe(0);
      // These programs last tens of ms: on a busy machine the transport may come up after the
      // script ends, so the profiled run may wait longer than the default 200 ms for its last batch.
      // The start-up sync makes the profiling window open before the program's first line even on a loaded
      // machine (the stream is up first); the shutdown flush lets the last batch arrive.
      const profiled = await session.runWithPolyvirt(app, w.php, c.args, { startup_sync_ms: 5000, shutdown_flush_ms: 3000 });
      expect(profiled.stdout).toBe(expected.stdout);
      // On a loaded machine the profile can reach the service after the run returned: wait (bounded)
      // until the hot function is deployed, so the warm run is not raced against the compiler.
      await waitForDeployment(app, c.hot, 60_000);
      // The warm run's native-call counters reach the service in its last message: let it arrive.
      const warm = await session.runWithPolyvirt(app, w.php, c.args, { startup_sync_ms: 5000, shutdown_flush_ms: 3000 });
      expect(warm.stdout).toBe(expected.stdout);
      expect(warm.exitCode).toBe(0);
      const native = await nativeCalls(app, c.hot);
      if (native === 0) {
        const deployed = (await session.service.store.listDeployments({ app })).map((d) => `${d.status} ${JSON.stringify(d.counters)}`);
        expect.fail(`${c.hot}() never ran natively; not deployed: ${(await declines(app)).join(' | ') || 'nothing'}; deployments: ${deployed.join(' | ') || 'none'}`);
      }
    }, 180_000);
  }
});
