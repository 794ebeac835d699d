// End to end: real PHP + extension + in-process service + g++ + verifier; native results must equal php -n.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
  dir = mkdtempSync(join(tmpdir(), 'polyvirt-e2e-'));
  session = await openSession({ dir, logLevel: 'error' });
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function plain(file: string, args: string[] = []) {
  return runCommand('php', [...PHP_BASE_ARGS, file, ...args]);
}

async function kernelCounters(stderr: string): Promise<Record<string, { native_calls: number; guard_failures: number; deopts: number }>> {
  const line = stderr.split('\n').find((l) => l.startsWith('{'));
  return line ? JSON.parse(line) : {};
}

describe('profile → specialize → native', () => {
  it('specializes hot scalar functions and falls back exactly on overflow, guard misses and division by zero', async () => {
    const file = php('edges.php');
    const expected = await plain(file);
    const profiled = await session.runWithPolyvirt('e2e-edges', file, []);
    expect(profiled.stdout).toBe(expected.stdout);

    const deployments = await session.service.store.listDeployments({ app: 'e2e-edges' });
    const regions = deployments.flatMap((d) => d.kernels.map((k) => k.regionKey.split('::').pop()));
    expect(regions).toEqual(expect.arrayContaining(['add', 'ratio']));

    const warm = await session.runWithPolyvirt('e2e-edges', file, []);
    expect(warm.stdout).toBe(expected.stdout);
    expect(warm.exitCode).toBe(expected.exitCode);
    const counters = await kernelCounters(warm.stderr);
    expect(counters.add?.native_calls).toBeGreaterThan(0);
    expect(counters.add?.guard_failures).toBeGreaterThan(0); // add(1.5, 2) and add(2, true)
    expect(counters.add?.deopts).toBeGreaterThan(0); // PHP_INT_MAX + 1
    expect(counters.ratio?.deopts).toBeGreaterThan(0); // intdiv by zero, PHP_INT_MIN / -1
  }, 120_000);

  it('with a start-up sync, runs a program whose only call is hot natively from its first call', async () => {
    const file = php('one-call.php');
    const expected = await plain(file);
    await session.runWithPolyvirt('e2e-one-call', file, []);
    expect((await session.service.store.listDeployments({ app: 'e2e-one-call' })).length).toBe(1);
    const warm = await session.runWithPolyvirt('e2e-one-call', file, [], { startup_sync_ms: 5000 });
    expect(warm.stdout).toBe(expected.stdout);
    expect((await kernelCounters(warm.stderr)).basel?.native_calls).toBe(1);
    // And the next run needs no sync: the local artifact cache installs it before the script runs.
    const cached = await session.runWithPolyvirt('e2e-one-call', file, []);
    expect(cached.stdout).toBe(expected.stdout);
    expect((await kernelCounters(cached.stderr)).basel?.native_calls).toBe(1);
  }, 120_000);

  it('keeps 1,000,000-level recursion behaving as plain PHP with a kernel installed', async () => {
    const file = php('deep.php');
    const expected = await plain(file);
    expect(expected.stdout).toContain('1000000');
    await session.runWithPolyvirt('e2e-deep', file, []);
    expect((await session.service.store.listDeployments({ app: 'e2e-deep' })).length).toBeGreaterThan(0);
    const warm = await session.runWithPolyvirt('e2e-deep', file, []);
    expect(warm.stdout).toBe(expected.stdout);
    expect(warm.exitCode).toBe(0);
  }, 120_000);

  it('specializes a hostile source and no text of it reaches generated C++', async () => {
    const file = php('hostile.php');
    const expected = await plain(file);
    const profiled = await session.runWithPolyvirt('e2e-hostile', file, []);
    expect(profiled.stdout).toBe(expected.stdout);
    const warm = await session.runWithPolyvirt('e2e-hostile', file, []);
    expect(warm.stdout).toBe(expected.stdout);

    const sigs = await session.service.store.listSignatures({ app: 'e2e-hostile' });
    const decisions = await Promise.all(sigs.map((s) => session.service.store.getDecision(s.id)));
    const byRegion = new Map(sigs.map((s, i) => [s.regionKey.split('::').pop(), decisions[i]]));
    // Both are specialized (strings are supported); their comments never reach C++ and the string
    // literal does only as escaped bytes.
    expect(byRegion.get('evil')?.status).toBe('deployed');
    expect(byRegion.get('evil_str')?.status).toBe('deployed');

    const cppTexts = listFiles(join(dir, 'artifacts'))
      .filter((f) => /\.(cc|cpp)$/.test(f))
      .map((f) => readFileSync(f, 'utf8'));
    expect(cppTexts.some((t) => t.includes('evil_str'))).toBe(true);
    for (const text of cppTexts) {
      for (const needle of ['system', 'pwned', 'abort', 'int main', '#include <cstdlib>']) expect(text).not.toContain(needle);
    }
  }, 120_000);
});

describe('without a working service', () => {
  it('gives identical output when the service is absent', async () => {
    const file = php('edges.php');
    const expected = await plain(file);
    const r = await runCommand('php', [
      ...PHP_BASE_ARGS, '-d', `extension=${session.extension}`, '-d', 'polyvirt.service=unix:/nonexistent/polyvirt.sock', file,
    ]);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.exitCode).toBe(expected.exitCode);
  }, 60_000);

  it('lets PHP finish normally when the service is killed mid-run', async () => {
    const file = php('long-running.php');
    const expected = await plain(file, ['30']);
    const sock = join(dir, 'killed.sock');
    const serviceProc = await import('node:child_process').then(({ spawn }) =>
      spawn(process.execPath, [fileURLToPath(new URL('../../bin/polyvirt.mjs', import.meta.url)), 'serve', '--socket', sock,
        '--store', join(dir, 'killed.db'), '--cache-dir', join(dir, 'killed-artifacts'), '--log-level', 'error'], { stdio: 'ignore' }),
    );
    await waitForFile(sock, 15_000);
    const run = runCommand('php', [
      ...PHP_BASE_ARGS, '-d', `extension=${session.extension}`, '-d', `polyvirt.service=unix:${sock}`,
      '-d', `polyvirt.cache_dir=${join(dir, 'killed-cache')}`, file, '30',
    ]);
    await new Promise((r) => setTimeout(r, 600));
    serviceProc.kill('SIGKILL');
    const r = await run;
    expect(r.stdout).toBe(expected.stdout);
    expect(r.exitCode).toBe(0);
  }, 60_000);
});

function listFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const { existsSync } = await import('node:fs');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
