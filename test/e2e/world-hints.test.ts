// End to end through the real extension: the types of heapsort's constants and global reach the service, and its modules verify natively.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../src/cli/session.ts';
import type { Session } from '../../src/cli/session.ts';
import { PHP_BASE_ARGS, runCommand } from '../../src/cli/run-php.ts';
import { WORKLOADS } from '../../src/cli/workloads.ts';

let session: Session;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'polyvirt-world-hints-'));
  session = await openSession({ dir, logLevel: 'error' });
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Decision reason per function name of the app's signatures. */
async function reasons(app: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const sig of await session.service.store.listSignatures({ app })) {
    const d = await session.service.store.getDecision(sig.id);
    out.set(sig.regionKey.split('::').pop()!, `${d?.status}: ${d?.reason}`);
  }
  return out;
}

const nativeCount = (reason: string | undefined): number => Number(/verified on \d+ inputs \((\d+) native\)/.exec(reason ?? '')?.[1] ?? -1);

describe('world hints, end to end', () => {
  it("heapsort: IM, IA, IC and $LAST arrive as ints, and their kernels are verified on native answers", async () => {
    const heapsort = WORKLOADS.find((w) => w.name === 'heapsort')!;
    const args = ['50000'];
    const app = 'world-hints-heapsort';
    const expected = await runCommand('php', [...PHP_BASE_ARGS, heapsort.php, ...args]);
    expect(expected.exitCode).toBe(0);
    const profiled = await session.runWithPolyvirt(app, heapsort.php, args);
    expect(profiled.stdout).toBe(expected.stdout);

    const genProfile = session.service.profiles.profiles(app).find((p) => p.functionName === 'gen_random');
    expect(genProfile?.source?.world).toEqual(
      expect.arrayContaining([
        { kind: 'global', name: 'LAST', type: 4 },
        { kind: 'constant', name: 'IA', type: 4 },
        { kind: 'constant', name: 'IC', type: 4 },
        { kind: 'constant', name: 'IM', type: 4 },
      ]),
    );

    const warm = await session.runWithPolyvirt(app, heapsort.php, args, { startup_sync_ms: 5000 });
    expect(warm.stdout).toBe(expected.stdout);
    expect(warm.exitCode).toBe(0);
    const r = await reasons(app);
    // Typed int slots are seeded with ints: the kernels answer instead of DEOPTing on every seed.
    // heapsort's module holds gen_random; gen_random alone is verified on its own unless that
    // module was deployed first (then it is covered by it).
    expect(r.get('heapsort')).toMatch(/^deployed: verified on/);
    expect(nativeCount(r.get('heapsort'))).toBeGreaterThan(0);
    const gen = r.get('gen_random') ?? '';
    if (!/^deployed: covered by deployment/.test(gen)) expect(nativeCount(gen)).toBeGreaterThan(0);
  }, 180_000);
});
