import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { startService } from '../../src/deploy/service.ts';
import type { Service, ServiceOptions } from '../../src/deploy/service.ts';
import { loadRealStages } from '../../src/deploy/stages.ts';
import type { Stages } from '../../src/deploy/stages.ts';
import type { RegionStatusEvent } from '../../src/deploy/deployer.ts';
import type { CppUnit } from '../../src/codegen/types.ts';
import { isDeclined } from '../../src/core/declined.ts';
import { createLogger } from '../../src/deploy/logger.ts';
import { batch, connectClient, hello, intValue, region, sha256 } from '../ingest/wire-client.ts';

const FIB = 'function fib($n) {\n    return $n < 2 ? $n : fib($n - 1) + fib($n - 2);\n}\n';
const FIB_KEY = '/app/fib.php::::fib';

function fibRegion(calls = 1_000_000): object {
  return region({
    calls,
    argTypes: [{ types: [4], count: calls }],
    returnTypes: [{ types: [4], count: calls }],
    samples: [[intValue(0)], [intValue(1)], [intValue(10)], [intValue(20)]],
    callers: [{ caller: FIB_KEY, count: calls - 1 }],
    source: { text: FIB, lineStart: 3, lineEnd: 5 },
  });
}

let dir: string;
let service: Service | undefined;
let units: CppUnit[];

/** The real stages, with every generated unit recorded so tests can inspect the C++. */
async function recordingStages(): Promise<Stages> {
  const real = await loadRealStages();
  return {
    ...real,
    emitCpp: async (ir) => {
      const u = await real.emitCpp(ir);
      if (!isDeclined(u)) units.push(u);
      return u;
    },
  };
}

async function start(o: Partial<ServiceOptions> = {}): Promise<Service> {
  service = await startService({
    socket: join(dir, 'pv.sock'),
    store: join(dir, 'store.db'),
    cacheDir: join(dir, 'artifacts'),
    logLevel: 'error',
    stages: await recordingStages(),
    ...o,
  });
  return service;
}

function statusOf(s: Service, region: string, status: string): Promise<RegionStatusEvent> {
  return new Promise((done) => {
    const on = (ev: RegionStatusEvent): void => {
      if (ev.region === region && ev.status === status) {
        s.events.off('region-status', on);
        done(ev);
      }
    };
    s.events.on('region-status', on);
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pv-deploy-'));
  units = [];
});

afterEach(async () => {
  await service?.close();
  service = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('service: profile in, deployment out (real compiler and verifier)', { timeout: 120_000 }, () => {
  it('deploys fib to the stream, stores it, and sends it again on the next Hello', async () => {
    const s = await start();
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    // Nothing stored yet for the app: the Hello is answered by the end-of-sync marker alone.
    expect(((await c.next()) as { body: string }).body).toBe('synced');
    c.write(batch(1, [fibRegion()]));
    const msg = (await c.next()) as { body: string; deployment: Record<string, unknown> };
    expect(msg.body).toBe('deployment');
    const d = msg.deployment as { deployment_id: string; signature_id: string; artifact: Buffer; artifact_sha256: string; kernels: unknown[] };
    expect(createHash('sha256').update(d.artifact).digest('hex')).toBe(d.artifact_sha256);
    expect(d.artifact.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(d.kernels).toEqual([{ region_key: FIB_KEY, source_sha256: sha256(FIB), guard_types: [4] }]);

    await s.whenIdle();
    const decision = await s.store.getDecision(d.signature_id);
    expect(decision).toMatchObject({ status: 'deployed', deploymentId: d.deployment_id });
    const dep = (await s.store.getDeployment(d.deployment_id))!;
    expect(dep.artifactSha256).toBe(d.artifact_sha256);

    // The extension reports installing it; counters add up.
    c.write({ outcome: { deployment_id: d.deployment_id, installed: true, error: '', kernels: [{ region_key: FIB_KEY, native_calls: '5', guard_failures: '1', deopts: '0', throws: '0' }] } });
    await once(s.events, 'outcome');
    expect((await s.store.getDeployment(d.deployment_id))!.counters[FIB_KEY]).toEqual({ nativeCalls: 5, guardFailures: 1, deopts: 0, throws: 0 });

    // A second process of the same app gets the artifact at once; another app and an old ABI do not.
    const c2 = connectClient(`unix:${s.address.socket}`);
    c2.write(hello('app', { pid: 2 }));
    const again = (await c2.next()) as { deployment: { deployment_id: string } };
    expect(again.deployment.deployment_id).toBe(d.deployment_id);
    expect(((await c2.next()) as { body: string }).body).toBe('synced');
    const other = connectClient(`unix:${s.address.socket}`);
    other.write(hello('other-app'));
    const oldAbi = connectClient(`unix:${s.address.socket}`);
    oldAbi.write(hello('app', { abi_version: 0 }));
    await s.whenIdle();

    // The same profile again (same signature) is not recompiled.
    const compiled = units.length;
    c.write(batch(2, [fibRegion(10)]));
    await once(s.events, 'batch');
    await s.whenIdle();
    expect(units.length).toBe(compiled);

    // Revert goes out to the app's streams.
    expect(await s.revert(d.deployment_id, 'test')).toBe(true);
    const rev = (await c.next()) as { body: string; revert: { deployment_id: string } };
    expect(rev.body).toBe('revert');
    expect(rev.revert.deployment_id).toBe(d.deployment_id);
    // Both only learn that there is nothing for them.
    expect(((await other.next()) as { body: string }).body).toBe('synced');
    expect(((await oldAbi.next()) as { body: string }).body).toBe('synced');
    expect(other.received).toHaveLength(1);
    expect(oldAbi.received).toHaveLength(1);
    for (const x of [c, c2, other, oldAbi]) x.close();

    // Everything survives a restart: a new service on the same store no longer deploys the reverted
    // artifact, and tells a new process to drop it from its local cache.
    await s.close();
    const s2 = await start();
    const c3 = connectClient(`unix:${s2.address.socket}`);
    c3.write(hello('app'));
    await once(s2.events, 'stream-open');
    await s2.whenIdle();
    const afterRestart = (await c3.next()) as { body: string; revert?: { deployment_id: string } };
    expect(afterRestart.body).toBe('revert');
    expect(afterRestart.revert?.deployment_id).toBe(d.deployment_id);
    expect(c3.received.filter((m) => (m as { body: string }).body === 'deployment')).toEqual([]);
    c3.close();
  });

  it('declines a hostile source and never pastes its text into C++', async () => {
    const MARK = 'PV_HOSTILE_MARK';
    // Declined by the frontend (eval), and a variant that is accepted but carries the marker in
    // a comment and a name: neither may appear in generated C++.
    const evil = `function evil($n) {\n    eval("${MARK}(); system('id');");\n    return $n;\n}\n`;
    const sneaky = `function sneaky_${MARK}($n) { /* */ #include "/etc/passwd" ${MARK} */\n    return $n + 1; // ${MARK} "); abort(); //\n}\n`;
    const s = await start();
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    const evilDeclined = statusOf(s, '/app/evil.php::::evil', 'declined');
    c.write(
      batch(1, [
        region({ file: '/app/evil.php', name: 'evil', calls: 100_000, argTypes: [{ types: [4], count: 100_000 }], samples: [[intValue(1)]], source: { text: evil, lineStart: 1, lineEnd: 4 } }),
        region({ file: '/app/s.php', name: `sneaky_${MARK}`, calls: 100_000, argTypes: [{ types: [4], count: 100_000 }], samples: [[intValue(1)], [intValue(-5)]], source: { text: sneaky, lineStart: 1, lineEnd: 3 } }),
      ]),
    );
    const ev = await evilDeclined;
    expect(ev.stage).not.toBe('deploy');
    expect(ev.reason).not.toMatch(/internal error/);
    await s.whenIdle();
    const rows = await s.store.listSignatures({ app: "app" });
    const decisions = await Promise.all(rows.map((r) => s.store.getDecision(r.id)));
    expect(decisions.map((d) => d?.status).sort()).toEqual(['declined', 'deployed']);
    // The sneaky one compiled, so there is generated C++ to inspect.
    expect(units).toHaveLength(1);
    expect(rows).toHaveLength(2);
    for (const u of units) expect(u.cpp).not.toContain(MARK);
    for (const f of readdirSync(join(dir, 'artifacts'), { recursive: true }) as string[]) {
      const p = join(dir, 'artifacts', f);
      if (statSync(p).isFile()) expect(readFileSync(p).includes(MARK)).toBe(false);
    }
    c.close();
  });

  it('compiles a hot callee into its caller\'s module and does not compile it again alone', async () => {
    const SUM = 'function sum_sq($n) {\n    $s = 0;\n    for ($i = 0; $i < $n; $i++) {\n        $s += sq($i);\n    }\n    return $s;\n}\n';
    const SQ = 'function sq($x) {\n    return $x * $x;\n}\n';
    const s = await start();
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    const sqCovered = statusOf(s, '/app/m.php::::sq', 'deployed');
    c.write(
      batch(1, [
        region({ file: '/app/m.php', name: 'sq', calls: 1_000_000, argTypes: [{ types: [4], count: 1_000_000 }], samples: [[intValue(3)]], callers: [{ caller: '/app/m.php::::sum_sq', count: 1_000_000 }], source: { text: SQ, lineStart: 9, lineEnd: 11 } }),
        region({ file: '/app/m.php', name: 'sum_sq', calls: 100, timedCalls: 100, timeNs: 2_000_000_000, argTypes: [{ types: [4], count: 100 }], samples: [[intValue(10)], [intValue(1000)]], callers: [{ caller: '/app/main.php::::', count: 100 }], source: { text: SUM, lineStart: 1, lineEnd: 7 } }),
      ]),
    );
    expect(((await c.next()) as { body: string }).body).toBe('synced');
    const msg = (await c.next()) as { deployment: { deployment_id: string; kernels: { region_key: string }[] } };
    expect(msg.deployment.kernels.map((k) => k.region_key)).toEqual(['/app/m.php::::sum_sq', '/app/m.php::::sq']);
    const ev = await sqCovered;
    expect(ev.reason).toBe(`covered by deployment ${msg.deployment.deployment_id}`);
    await s.whenIdle();
    expect(units).toHaveLength(1);
    expect(c.received.map((m) => m.body)).toEqual(['synced', 'deployment']);
    c.close();
  });

  it('keeps a caller pending until its callee\'s source arrives, then specializes both', async () => {
    const SUM = 'function sum_sq($n) {\n    $s = 0;\n    for ($i = 0; $i < $n; $i++) {\n        $s += sq($i);\n    }\n    return $s;\n}\n';
    const SQ = 'function sq($x) {\n    return $x * $x;\n}\n';
    const s = await start();
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    expect(((await c.next()) as { body: string }).body).toBe('synced');
    const sqCalls = { file: '/app/m.php', name: 'sq', calls: 1_000_000, argTypes: [{ types: [4], count: 1_000_000 }], samples: [[intValue(3)]], callers: [{ caller: '/app/m.php::::sum_sq', count: 1_000_000 }] };
    const waiting = statusOf(s, '/app/m.php::::sum_sq', 'pending');
    c.write(
      batch(1, [
        region({ file: '/app/m.php', name: 'sum_sq', calls: 100, timedCalls: 100, timeNs: 2_000_000_000, argTypes: [{ types: [4], count: 100 }], samples: [[intValue(10)]], callers: [{ caller: '/app/main.php::::', count: 100 }], source: { text: SUM, lineStart: 1, lineEnd: 7 } }),
        region(sqCalls),
      ]),
    );
    // sq has no source yet: sum_sq cannot be compiled, but is not given up on either.
    let ev = await waiting;
    while (!/waiting for the source of \/app\/m\.php::::sq/.test(ev.reason)) ev = await statusOf(s, '/app/m.php::::sum_sq', 'pending');
    await s.whenIdle();
    expect(c.received.filter((m) => m.body === 'deployment')).toEqual([]);
    // sq's source arrives (the extension sends it because its caller is hot): now both compile.
    c.write(batch(2, [region({ ...sqCalls, calls: 10, argTypes: [{ types: [4], count: 10 }], source: { text: SQ, lineStart: 9, lineEnd: 11 } })]));
    const msg = (await c.next()) as { deployment: { kernels: { region_key: string }[] } };
    expect(msg.deployment.kernels.map((k) => k.region_key)).toEqual(['/app/m.php::::sum_sq', '/app/m.php::::sq']);
    c.close();
  });

  it('waits until a region is worth it, then specializes it', async () => {
    const s = await start();
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    const pending = statusOf(s, FIB_KEY, 'pending');
    c.write(batch(1, [fibRegion(100)]));
    expect((await pending).reason).toMatch(/^not worth it yet/);
    await s.whenIdle();
    expect(units).toEqual([]);
    const deployed = statusOf(s, FIB_KEY, 'deployed');
    c.write(batch(2, [fibRegion(100_000)]));
    await deployed;
    expect(units).toHaveLength(1);
    c.close();
  });
});

describe('service: failures are decisions, not crashes', { timeout: 60_000 }, () => {
  it('stores an exception in a stage as declined with its stage and keeps serving', async () => {
    const real = await loadRealStages();
    const lines: string[] = [];
    const s = await start({
      logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
      stages: {
        ...real,
        runPasses: () => {
          throw new Error('pass exploded');
        },
      },
    });
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    const declined = statusOf(s, FIB_KEY, 'declined');
    c.write(batch(1, [fibRegion()]));
    const ev = await declined;
    expect(ev.stage).toBe('passes');
    expect(ev.reason).toMatch(/^internal error: .*pass exploded/);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 'error');
    expect(logged).toMatchObject({ msg: 'internal error in specialize pipeline', region: FIB_KEY, step: 'passes', app: 'app' });
    await s.whenIdle();
    // Still serving: a new batch for another app is accepted.
    c.write(batch(2, [region({ file: '/app/x.php', name: 'x' })]));
    await once(s.events, 'batch');
    expect(s.profiles.get('app', '/app/x.php::::x')).toBeDefined();
    c.close();
  });

  it('tells a process to drop a cached kernel whose deployment it does not know', async () => {
    const s = await start();
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    await once(s.events, 'stream-open');
    expect(((await c.next()) as { body: string }).body).toBe('synced');
    c.write({ outcome: { deployment_id: 'from-a-wiped-store', installed: true, error: '', kernels: [] } });
    const msg = (await c.next()) as { body: string; revert?: { deployment_id: string; reason: string } };
    expect(msg.body).toBe('revert');
    expect(msg.revert?.deployment_id).toBe('from-a-wiped-store');
    c.close();
  });

  it('records plan declines (methods of namespaced classes) with their reason', async () => {
    const s = await start();
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    const key = '/app/k.php::App\\K::run';
    const declined = statusOf(s, key, 'declined');
    c.write(batch(1, [region({ key, file: '/app/k.php', className: 'App\\K', name: 'run', calls: 100_000, argTypes: [{ types: [4], count: 100_000 }], source: { text: FIB, lineStart: 1, lineEnd: 3 } })]));
    expect(await declined).toMatchObject({ stage: 'plan', reason: 'methods of namespaced classes not supported yet' });
    c.close();
  });

  it('abandons a job still running at shutdown and leaves it pending', async () => {
    const real = await loadRealStages();
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const s = await start({
      closeTimeoutMs: 50,
      stages: { ...real, buildIr: () => { entered(); return new Promise(() => {}); } },
    });
    const c = connectClient(`unix:${s.address.socket}`);
    c.write(hello('app'));
    c.write(batch(1, [fibRegion()]));
    await inside;
    const [sig] = await s.store.listSignatures();
    expect((await s.store.getDecision(sig!.id))!.status).toBe('compiling');
    await s.close();
    const s2 = await start();
    expect(await s2.store.getDecision(sig!.id)).toMatchObject({ status: 'pending', reason: 'abandoned at shutdown' });
    c.close();
  });
});
