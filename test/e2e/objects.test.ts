// End to end on objects: a hot instance method becomes a method kernel the warm run answers natively, with php -n's exact output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSession } from '../../src/cli/session.ts';
import type { Session } from '../../src/cli/session.ts';
import { PHP_BASE_ARGS, runCommand } from '../../src/cli/run-php.ts';

const php = (name: string): string => fileURLToPath(new URL(`./php/${name}`, import.meta.url));

let session: Session;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'polyvirt-objects-'));
  session = await openSession({ dir, logLevel: 'error' });
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Counters = Record<string, { native_calls: number; guard_failures: number; deopts: number }>;

/** The program prints polyvirt_status()['kernels'] as one JSON line on stderr. */
function kernelCounters(stderr: string): Counters {
  const line = stderr.split('\n').find((l) => l.startsWith('{'));
  return line ? (JSON.parse(line) as Counters) : {};
}

describe('method kernels', () => {
  it('answers a hot method natively with $this, writes its properties back, and leaves subclasses, float properties and overflow to PHP', async () => {
    const file = php('method-kernel.php');
    const app = 'e2e-method-kernel';
    const expected = await runCommand('php', [...PHP_BASE_ARGS, file]);
    expect(expected.exitCode).toBe(0);

    const profiled = await session.runWithPolyvirt(app, file, []);
    expect(profiled.stdout).toBe(expected.stdout);
    const deployments = await session.service.store.listDeployments({ app });
    const kernels = deployments.flatMap((d) => d.kernels.map((k) => k.regionKey));
    expect(kernels.some((k) => k.endsWith('::Counter::add'))).toBe(true);

    const warm = await session.runWithPolyvirt(app, file, [], { startup_sync_ms: 5000 });
    expect(warm.stdout).toBe(expected.stdout);
    expect(warm.exitCode).toBe(0);
    const add = kernelCounters(warm.stderr)['counter::add'];
    if (!add) expect.fail(`counter::add was not installed; stderr: ${warm.stderr}`);
    // The warm-up loop and $d's calls run natively; $d->add() after `$d->scale = 2.5` and
    // PHP_INT_MAX + 3 DEOPT; SubCounter fails the exact-class receiver guard. DownCounter::add is
    // another method, so the kernel never sees it.
    expect(add.native_calls).toBeGreaterThanOrEqual(5002);
    expect(add.guard_failures).toBeGreaterThanOrEqual(1);
    expect(add.deopts).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it('answers a method whose receiver holds objects (recorded one level deep), sharing and replacing them as PHP does', async () => {
    const file = php('method-nested.php');
    const app = 'e2e-method-nested';
    const expected = await runCommand('php', [...PHP_BASE_ARGS, file]);
    expect(expected.exitCode).toBe(0);
    const profiled = await session.runWithPolyvirt(app, file, []);
    expect(profiled.stdout).toBe(expected.stdout);
    const warm = await session.runWithPolyvirt(app, file, [], { startup_sync_ms: 5000 });
    expect(warm.stdout).toBe(expected.stdout);
    expect(warm.exitCode).toBe(0);
    const push = kernelCounters(warm.stderr)['particle::push'];
    if (!push) expect.fail(`particle::push was not installed; stderr: ${warm.stderr}`);
    // The warm-up loop, $q's first push and the aliased $r run natively; `$q->mass = 0` DEOPTs
    // (an int where floats were seen) and PHP throws DivisionByZeroError itself.
    expect(push.native_calls).toBeGreaterThanOrEqual(3002);
    expect(push.deopts).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
