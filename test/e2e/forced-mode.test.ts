// Force mode end to end: real PHP + extension with polyvirt.force=1 + in-process service; every eligible function runs native from its first (or, calling another, second) call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../src/cli/session.ts';
import type { Session } from '../../src/cli/session.ts';
import { PHP_BASE_ARGS, polyvirtArgs, runCommand } from '../../src/cli/run-php.ts';
import type { RunResult } from '../../src/cli/run-php.ts';
import { IngestServer } from '../../src/ingest/ingest-server.ts';

// Each function is called a handful of times: never hot by the normal thresholds. Snapshots of
// polyvirt_status() go to stderr so stdout stays comparable with php -n.
const PROGRAM = `<?php
function snap($label)
{
    if (function_exists('polyvirt_status')) {
        $s = polyvirt_status();
        fwrite(STDERR, json_encode(['label' => $label, 'kernels' => $s['kernels'], 'forced' => $s['forced'] ?? null, 'errors' => $s['errors']]) . "\\n");
    }
}

function add($a, $b)
{
    return $a + $b;
}

function sq($x)
{
    return $x * $x;
}

function sumsq($n)
{
    $s = 0;
    for ($i = 1; $i <= $n; $i++) {
        $s += sq($i);
    }
    return $s;
}

function ratio($a, $b)
{
    return intdiv($a, $b);
}

function greet($name)
{
    $hello = fn($who) => "hello " . $who; // closures stay in PHP
    return $hello($name);
}

var_dump(add(1, 2));
snap('add#1');
var_dump(add(PHP_INT_MAX, 1));
var_dump(add(1.5, 2));
var_dump(add(-7, 3));
var_dump(sumsq(10));
snap('sumsq#1');
var_dump(sumsq(20));
snap('sumsq#2');
var_dump(ratio(7, 2));
try {
    var_dump(ratio(1, 0));
} catch (DivisionByZeroError $e) {
    echo get_class($e), ': ', $e->getMessage(), ' at line ', $e->getLine(), "\\n";
}
var_dump(ratio(PHP_INT_MIN, 3));
var_dump(greet("x"));
var_dump(greet("y"));
snap('end');
`;

interface Snap {
  label: string;
  kernels: Record<string, { native_calls: number; guard_failures: number; deopts: number; throws: number }>;
  forced: Record<string, string> | null;
  errors: string[];
}

function snaps(stderr: string): Map<string, Snap> {
  const out = new Map<string, Snap>();
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    const s = JSON.parse(line) as Snap;
    out.set(s.label, s);
  }
  return out;
}

function forcedByName(s: Snap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, what] of Object.entries(s?.forced ?? {})) out[key.split('::').pop()!] = what;
  return out;
}

let dir: string;
let file: string;
let session: Session;
let expected: RunResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'polyvirt-forced-'));
  mkdirSync(join(dir, 'php'));
  file = join(dir, 'php', 'forced.php');
  writeFileSync(file, PROGRAM);
  session = await openSession({ dir: join(dir, 'session'), logLevel: 'error' });
  expected = await runCommand('php', [...PHP_BASE_ARGS, file]);
  expect(expected.exitCode).toBe(0);
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('polyvirt.force=1 with a service', () => {
  it('runs eligible functions native from their first call, with output identical to php -n', async () => {
    const r = await session.runWithPolyvirt('forced', file, [], { force: 1 });
    expect(r.stdout).toBe(expected.stdout);
    expect(r.exitCode).toBe(expected.exitCode);
    const s = snaps(r.stderr);

    // A leaf function: specialized before its very first call ran.
    expect(s.get('add#1')?.kernels.add?.native_calls).toBe(1);
    // A caller is declined while its callee is unseen, asked again once it was: native from call 2.
    expect(s.get('sumsq#1')?.kernels.sq?.native_calls).toBeGreaterThan(0);
    expect(s.get('sumsq#2')?.kernels.sumsq?.native_calls).toBe(1);

    const end = s.get('end')!;
    expect(end.errors).toEqual([]);
    expect(end.kernels.add).toMatchObject({ native_calls: 2, guard_failures: 1, deopts: 1 }); // float arg; overflow
    expect(end.kernels.ratio?.native_calls).toBeGreaterThan(0);
    expect(end.kernels.ratio?.deopts).toBeGreaterThan(0); // division by zero is PHP's own
    const forced = forcedByName(end);
    for (const name of ['add', 'sq', 'sumsq', 'ratio']) expect(forced[name]).toMatch(/^deployed dep-/);
    expect(end.kernels.greet).toBeUndefined();
    expect(end.kernels.snap).toBeUndefined();
  }, 180_000);

  it('declines an ineligible function (a closure) and still gives the right output', async () => {
    const r = await session.runWithPolyvirt('forced-decline', file, [], { force: 1 });
    expect(r.stdout).toBe(expected.stdout);
    const forced = forcedByName(snaps(r.stderr).get('end'));
    expect(forced.greet).toMatch(/^declined: frontend: in greet\(\): unsupported/);
    const sigs = await session.service.store.listSignatures({ app: 'forced-decline' });
    const greet = sigs.find((g) => g.regionKey.endsWith('::greet'));
    expect(greet).toBeDefined();
    expect((await session.service.store.getDecision(greet!.id))?.status).toBe('declined');
  }, 180_000);

  it('reuses stored decisions in the next process: nothing is compiled again', async () => {
    await session.runWithPolyvirt('forced-again', file, [], { force: 1 });
    let deployments = 0;
    const count = (): void => void deployments++;
    session.service.events.on('deployment', count);
    try {
      const r = await session.runWithPolyvirt('forced-again', file, [], { force: 1 });
      expect(r.stdout).toBe(expected.stdout);
      const s = snaps(r.stderr);
      expect(s.get('add#1')?.kernels.add?.native_calls).toBe(1);
      expect(s.get('sumsq#1')?.kernels.sumsq?.native_calls).toBe(1);
      expect(deployments).toBe(0);
    } finally {
      session.service.events.off('deployment', count);
    }
  }, 180_000);
});

describe('polyvirt.force=1 without a working service', () => {
  it('gives identical output and returns from its waits when the service is absent', async () => {
    const r = await runCommand('php', [
      ...PHP_BASE_ARGS,
      ...polyvirtArgs(session.extension, {
        service: `unix:${join(dir, 'absent.sock')}`,
        force: 1,
        cache_dir: join(dir, 'absent-cache'),
      }),
      file,
    ]);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.exitCode).toBe(expected.exitCode);
    const end = snaps(r.stderr).get('end')!;
    expect(Object.keys(end.kernels)).toEqual([]);
    expect(Object.values(forcedByName(end))).toEqual(expect.arrayContaining(['unavailable']));
    expect(new Set(Object.values(forcedByName(end)))).toEqual(new Set(['unavailable']));
  }, 60_000);

  it('is answered at once by a server that cannot specialize', async () => {
    const sock = join(dir, 'plain.sock');
    const plain = new IngestServer({ socket: sock }, { onHello: (s) => void s.send({ synced: {} }) });
    await plain.listen();
    try {
      const r = await runCommand('php', [
        ...PHP_BASE_ARGS,
        ...polyvirtArgs(session.extension, { service: `unix:${sock}`, force: 1, cache_dir: join(dir, 'plain-cache') }),
        file,
      ]);
      expect(r.stdout).toBe(expected.stdout);
      const forced = forcedByName(snaps(r.stderr).get('end'));
      expect(forced.add).toBe('declined: this service does not specialize');
    } finally {
      await plain.close();
    }
  }, 60_000);

  it('gives identical output when the service never answers (each wait is bounded)', async () => {
    const sock = join(dir, 'mute.sock');
    const mute = new IngestServer(
      { socket: sock },
      { onHello: (s) => void s.send({ synced: {} }), onSpecialize: () => {} }, // never answers
    );
    await mute.listen();
    try {
      const r = await runCommand('php', [
        ...PHP_BASE_ARGS,
        ...polyvirtArgs(session.extension, {
          service: `unix:${sock}`,
          force: 1,
          force_timeout_ms: 300,
          cache_dir: join(dir, 'mute-cache'),
        }),
        file,
      ]);
      expect(r.stdout).toBe(expected.stdout);
      expect(r.exitCode).toBe(expected.exitCode);
      const end = snaps(r.stderr).get('end')!;
      expect(Object.keys(end.kernels)).toEqual([]);
      const forced = forcedByName(end);
      for (const name of ['add', 'sq', 'sumsq', 'ratio', 'greet']) expect(forced[name]).toBe('timeout');
      expect(end.errors.some((e) => e.includes('force mode: no answer for'))).toBe(true);
    } finally {
      await mute.close();
    }
  }, 60_000);
});
