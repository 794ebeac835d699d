import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { startIngest } from '../../src/ingest/index.ts';
import type { IngestServer, RejectedMessage } from '../../src/ingest/index.ts';
import { arrayValue, batch, boolValue, connectClient, floatValue, hello, intValue, region, sha256, stringValue } from './wire-client.ts';

const FIB = 'function fib($n) {\n  return $n < 2 ? $n : fib($n - 1) + fib($n - 2);\n}\n';

let dir: string;
let server: IngestServer;
let address: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pv-ingest-'));
  server = await startIngest({ socket: join(dir, 'pv.sock') });
  address = `unix:${server.address.socket}`;
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function nextBatch(): Promise<unknown> {
  return once(server, 'batch');
}
function nextRejected(): Promise<RejectedMessage> {
  return once(server, 'rejected').then(([r]) => r as RejectedMessage);
}

describe('ingest server', { timeout: 20_000 }, () => {
  it('creates the socket with mode 0600 and removes it on close', async () => {
    expect(statSync(server.address.socket!).mode & 0o777).toBe(0o600);
    await server.close();
    expect(existsSync(join(dir, 'pv.sock'))).toBe(false);
  });

  it('aggregates Hello + batches per (app, region)', async () => {
    const c = connectClient(address);
    c.write(hello('app1'));
    await once(server, 'hello');
    c.write(
      batch(1, [
        region({
          calls: 100,
          timedCalls: 10,
          timeNs: 5000,
          argTypes: [{ types: [4], count: 90 }, { types: [5], count: 10 }],
          samples: [[intValue(30)], [intValue(-9223372036854775808n)], [floatValue(-0)]],
          callers: [{ caller: '/app/fib.php::::fib', count: 80 }],
          source: { text: FIB, lineStart: 3, lineEnd: 5 },
        }),
      ]),
    );
    await nextBatch();
    c.write(
      batch(2, [
        region({
          calls: 50,
          timedCalls: 5,
          timeNs: 2500,
          argTypes: [{ types: [4], count: 50 }],
          samples: [[intValue(30)], [intValue(7)]],
          callers: [{ caller: '/app/fib.php::::fib', count: 40 }, { caller: '/app/main.php::::main', count: 1 }],
        }),
        region({ name: 'flag', file: '/app/f.php', argTypes: [{ types: [2], count: 4 }, { types: [3], count: 6 }] }),
      ]),
    );
    await nextBatch();
    const p = server.aggregator.get('app1', '/app/fib.php::::fib')!;
    expect(p.calls).toBe(150);
    expect(p.timedCalls).toBe(15);
    expect(p.timeNs).toBe(7500);
    expect(p.argTypes).toEqual([{ types: [4], count: 140 }, { types: [5], count: 10 }]);
    expect(p.samples).toEqual([
      [{ kind: 'int', value: 30n }],
      [{ kind: 'int', value: -9223372036854775808n }],
      [{ kind: 'float', value: -0 }],
      [{ kind: 'int', value: 7n }],
    ]);
    expect(Object.is((p.samples[2]![0] as { value: number }).value, -0)).toBe(true);
    expect([...p.callers]).toEqual([['/app/fib.php::::fib', 120], ['/app/main.php::::main', 1]]);
    expect(p.source).toEqual({ file: '/app/fib.php', lineStart: 3, lineEnd: 5, text: FIB, sha256: sha256(FIB), classes: [] });
    // false (2) and true (3) are one type, bool.
    expect(server.aggregator.get('app1', '/app/f.php::::flag')!.argTypes).toEqual([{ types: [3], count: 10 }]);
    expect(server.aggregator.get('other', '/app/fib.php::::fib')).toBeUndefined();
    c.close();
  });

  it('keeps at most 16 distinct samples', async () => {
    const c = connectClient(address);
    c.write(hello('app1'));
    const samples = Array.from({ length: 40 }, (_, i) => [intValue(i % 20), boolValue(i % 2 === 0)]);
    c.write(batch(1, [region({ numParams: 2, argTypes: [{ types: [4, 3], count: 40 }], calls: 40, samples })]));
    await nextBatch();
    const p = server.aggregator.get('app1', '/app/fib.php::::fib')!;
    expect(p.samples).toHaveLength(16);
    expect(new Set(p.samples.map((s) => JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))).size).toBe(16);
    c.close();
  });

  it('decodes string and array samples over the wire, binary-safe, and the by-reference mask', async () => {
    const c = connectClient(address);
    c.write(hello('app1'));
    const nested = arrayValue([[3n, stringValue('x')], ['k\xff', arrayValue([[-1n, floatValue(-0)]])]]);
    c.write(batch(1, [region({ numParams: 2, byRef: true, byRefMask: 1, argTypes: [{ types: [7, 6], count: 1 }], calls: 1, samples: [[nested, stringValue('a\0b')]] })]));
    await nextBatch();
    const p = server.aggregator.get('app1', '/app/fib.php::::fib')!;
    expect(p.byRefMask).toBe(1);
    expect(p.samples).toEqual([
      [
        { kind: 'array', entries: [{ key: 3n, value: { kind: 'string', value: 'x' } }, { key: 'k\xff', value: { kind: 'array', entries: [{ key: -1n, value: { kind: 'float', value: -0 } }] } }] },
        { kind: 'string', value: 'a\0b' },
      ],
    ]);
    c.close();
  });

  it('rejects malformed batches, stores nothing of them and keeps serving the stream', async () => {
    const bad: [object, RegExp][] = [
      [region({ key: '' }), /key: missing/],
      // 9 is a resource (STDERR as an argument); references (10) are looked through, never reported.
      [region({ argTypes: [{ types: [10], count: 1 }] }), /type code 10 out of range/],
      [region({ calls: '99999999999999999999' }), /absurd count/],
      [region({ source: { text: FIB, lineStart: 3, lineEnd: 5, sha256: sha256('other') } }), /sha256 does not match/],
      [region({ source: { text: FIB, lineStart: 5, lineEnd: 3 } }), /lines out of order/],
      [region({ source: { text: FIB, lineStart: 3, lineEnd: 3 } }), /more lines than/],
      [region({ source: { text: FIB, lineStart: 3, lineEnd: 5, file: '/elsewhere.php' } }), /differs from the region's file/],
      [region({ samples: [[{}]] }), /no member set/],
      [region({ name: 'a\u0000b' }), /control characters/],
    ];
    // Fewer than the consecutive-reject limit (8) per stream, so the stream stays open.
    let c = connectClient(address);
    for (const [i, [r, why]] of bad.entries()) {
      if (i % 5 === 0) {
        c.close();
        c = connectClient(address);
        c.write(hello('app1'));
      }
      // A good region in the same batch must not be stored either: the message is rejected whole.
      c.write(batch(1, [region({ name: 'good', file: '/app/g.php' }), r]));
      const rej = await nextRejected();
      expect(rej.reason).toMatch(why);
    }
    expect(server.aggregator.profiles('app1')).toEqual([]);
    c.write(batch(2, [region({ calls: 3, argTypes: [{ types: [4], count: 3 }] })]));
    await nextBatch();
    expect(server.aggregator.get('app1', '/app/fib.php::::fib')!.calls).toBe(3);
    c.close();
  });

  it('rejects a stream whose first message is not Hello', async () => {
    const c = connectClient(address);
    c.write(batch(1, [region()]));
    const rej = await nextRejected();
    expect(rej.reason).toBe('first message must be Hello');
    const status = await c.status;
    expect(status.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(server.aggregator.apps()).toEqual([]);
    // The server still serves other streams.
    const d = connectClient(address);
    d.write(hello('app2'));
    d.write(batch(1, [region()]));
    await nextBatch();
    expect(server.aggregator.profiles('app2')).toHaveLength(1);
    d.close();
  });

  it('closes a stream after repeated garbage', async () => {
    const c = connectClient(address);
    c.write(hello('app1'));
    for (let i = 0; i < 8; i++) c.write(batch(i, [region({ key: '' })]));
    const status = await c.status;
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(status.details).toMatch(/rejected messages/);
  });

  it('accepts a large batch (2000 regions with samples)', async () => {
    const c = connectClient(address);
    c.write(hello('big'));
    const regions = Array.from({ length: 2000 }, (_, i) =>
      region({
        name: `f${i}`,
        file: `/app/f${i % 10}.php`,
        calls: i + 1,
        argTypes: [{ types: [4, 5], count: i + 1 }],
        numParams: 2,
        samples: [[intValue(i), floatValue(i / 3)]],
        source: { text: `function f${i}($a, $b) { return $a + $b; }`, lineStart: 1, lineEnd: 1 },
      }),
    );
    c.write(batch(1, regions));
    await nextBatch();
    const all = server.aggregator.profiles('big');
    expect(all).toHaveLength(2000);
    expect(all.reduce((s, p) => s + p.calls, 0)).toBe((2000 * 2001) / 2);
    c.close();
  });

  it('requires the token of an app that has one', async () => {
    await server.close();
    server = await startIngest({ socket: join(dir, 'pv.sock'), tokens: { secure: 's3cret' } });
    const c = connectClient(address);
    c.write(hello('secure', { token: 'wrong' }));
    expect((await c.status).code).toBe(grpc.status.UNAUTHENTICATED);
    const d = connectClient(address);
    d.write(hello('secure', { token: 's3cret' }));
    await once(server, 'hello');
    d.close();
  });

  it('replaces a stale socket file but refuses a live one', async () => {
    await server.close();
    const stale = join(dir, 'stale.sock');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(stale, r));
    await expect(startIngest({ socket: stale })).rejects.toThrow(/in use/);
    // Closing a net server unlinks its socket; recreate a dead one by leaving the file behind.
    blocker.close();
    server = await startIngest({ socket: stale, socketMode: 0o660 });
    expect(statSync(stale).mode & 0o777).toBe(0o660);
  });

  it('also listens on TCP', async () => {
    await server.close();
    server = await startIngest({ tcp: '127.0.0.1:0' });
    expect(server.address.tcp).toMatch(/^127\.0\.0\.1:\d+$/);
    const c = connectClient(server.address.tcp!);
    c.write(hello('tcp'));
    c.write(batch(1, [region()]));
    await nextBatch();
    expect(server.aggregator.profiles('tcp')).toHaveLength(1);
    c.close();
  });
});
