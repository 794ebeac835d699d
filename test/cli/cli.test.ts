import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { openStore } from '../../src/sigdb/index.ts';
import { sig } from '../sigdb/store-conformance.ts';

const BIN = fileURLToPath(new URL('../../bin/polyvirt.mjs', import.meta.url));
const EXT = fileURLToPath(new URL('../../php-ext/modules/polyvirt.so', import.meta.url));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pv-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function seedStore(path: string): Promise<void> {
  const store = await openStore({ location: path });
  await store.putSignature(sig('s1', { app: 'a', regionKey: '/a.php::::fib', calls: 1234 }));
  await store.putSignature(sig('s2', { app: 'a', regionKey: '/a.php::::evil', calls: 99 }));
  await store.putSignature(sig('s3', { app: 'b', regionKey: '/b.php::::f', calls: 5 }));
  await store.putSignature(sig('s4', { app: 'a', regionKey: '/a.php::::cold', calls: 3 }));
  const bytes = Buffer.from('so');
  await store.commitDeployment({
    id: 'dep1', signatureId: 's1', app: 'a', artifact: bytes, artifactSha256: createHash('sha256').update(bytes).digest('hex'),
    kernels: [{ regionKey: '/a.php::::fib', sourceSha256: 'ab'.repeat(32), guardTypes: [4] }],
  });
  await store.setDecision({ signatureId: 's2', status: 'declined', stage: 'frontend', reason: "unsupported construct 'eval'" });
  await store.setDecision({ signatureId: 's4', status: 'pending', stage: 'cost', reason: 'not worth it yet' });
  await store.close();
}

describe('polyvirt CLI', { timeout: 60_000 }, () => {
  it('ext-path prints the built extension, or fails clearly when it is not built', () => {
    const r = cli('ext-path');
    if (existsSync(EXT)) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(EXT + '\n');
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/extension is not built/);
    }
  });

  it('db list --json shows regions, calls, signatures and status', async () => {
    const store = join(dir, 'pv.db');
    await seedStore(store);
    const r = cli('db', 'list', '--store', store, '--app', 'a', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { app: 'a', region: '/a.php::::cold', calls: 3, signatureId: 's4', status: 'pending', reason: 'not worth it yet', stage: 'cost' },
      { app: 'a', region: '/a.php::::evil', calls: 99, signatureId: 's2', status: 'declined', reason: "unsupported construct 'eval'", stage: 'frontend' },
      { app: 'a', region: '/a.php::::fib', calls: 1234, signatureId: 's1', status: 'deployed', reason: '', stage: 'deploy', deploymentId: 'dep1' },
    ]);
    const all = cli('db', '--store', store, 'list', '--json');
    expect(JSON.parse(all.stdout)).toHaveLength(4);
    const table = cli('db', 'list', '--store', store);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^APP\s+REGION\s+CALLS\s+SIGNATURE\s+STATUS\n/);
    expect(table.stdout).toContain("declined(frontend: unsupported construct 'eval')");
    expect(table.stdout).toContain('pending(not worth it yet)');
  });

  it('db show prints one signature with its deployment', async () => {
    const store = join(dir, 'pv.db');
    await seedStore(store);
    const j = cli('db', 'show', 's1', '--store', store, '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ signature: { id: 's1', calls: 1234 }, status: 'deployed', deployment: { id: 'dep1', status: 'active' } });
    const t = cli('db', 'show', 's1', '--store', store);
    expect(t.stdout).toMatch(/deployment dep1 \(active\)/);
    const missing = cli('db', 'show', 'nope', '--store', store);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no signature nope/);
  });

  it('db list fails on a store that does not exist (and does not create it)', () => {
    const path = join(dir, 'none.db');
    const r = cli('db', 'list', '--store', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no store at/);
    expect(existsSync(path)).toBe(false);
  });

  it('serve logs JSON lines and shuts down gracefully on SIGTERM', async () => {
    const socket = join(dir, 'pv.sock');
    const child = spawn(process.execPath, [BIN, 'serve', '--socket', socket, '--store', join(dir, 's.db'), '--cache-dir', join(dir, 'a')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const ready = new Promise<void>((done) =>
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (err.includes('polyvirt service ready')) done();
      }),
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await ready;
    expect(existsSync(socket)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
    const lines = err.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) {
      expect(typeof l['time']).toBe('string');
      expect(['debug', 'info', 'warn', 'error']).toContain(l['level']);
      expect(typeof l['msg']).toBe('string');
    }
    expect(lines.find((l) => l['msg'] === 'polyvirt service ready')).toMatchObject({ socket });
    expect(lines.at(-1)!['msg']).toBe('stopped');
  });

  it('rejects a bad log level', () => {
    const r = cli('serve', '--socket', join(dir, 'x.sock'), '--store', join(dir, 's.db'), '--log-level', 'loud');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--log-level/);
  });
});
