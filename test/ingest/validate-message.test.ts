// Validation of recorded string and array values and of the by-reference mask: bounded, exact, named errors.
import { describe, expect, it } from 'vitest';
import { loadPolyvirtProto, type WireClientMessage } from '../../src/ingest/proto.ts';
import { checkBatch, LIMITS } from '../../src/ingest/validate-message.ts';
import { arrayValue, batch, intValue, region, stringValue } from './wire-client.ts';

// Through the real wire encoding, so the message looks exactly as the server sees it (oneof names set).
const connect = loadPolyvirtProto().service.Connect!;

function check(samples: object[][], extra: object = {}): ReturnType<typeof checkBatch> {
  const wire = connect.requestSerialize(batch(1, [{ ...region({ numParams: 1, samples }), ...extra }]));
  const msg = connect.requestDeserialize(wire) as WireClientMessage;
  return checkBatch(msg.batch!);
}

function reason(r: ReturnType<typeof checkBatch>): string {
  if (r.ok) throw new Error('expected a rejection');
  return r.reason;
}

const nest = (depth: number): object => (depth === 0 ? intValue(1) : arrayValue([[0n, nest(depth - 1)]]));

describe('checkBatch: string and array values', () => {
  it('accepts strings up to the limit, binary-safe, and arrays nested 3 deep', () => {
    const r = check([[stringValue(Buffer.alloc(LIMITS.stringBytes, 0xff))], [nest(3)]]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      const [s, a] = r.value.regions[0]!.samples;
      expect(s![0]).toEqual({ kind: 'string', value: '\xff'.repeat(LIMITS.stringBytes) });
      expect(JSON.stringify(a![0], (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(
        '{"kind":"array","entries":[{"key":"0","value":{"kind":"array","entries":[{"key":"0","value":{"kind":"array","entries":[{"key":"0","value":{"kind":"int","value":"1"}}]}}]}}]}',
      );
    }
  });

  it('names the field of a string that is too long, an array nested too deep or too large', () => {
    expect(reason(check([[stringValue(Buffer.alloc(LIMITS.stringBytes + 1))]]))).toBe('regions[0].samples[0][0].string_value: string longer than 4096 bytes');
    expect(reason(check([[nest(4)]]))).toMatch(/^regions\[0\]\.samples\[0\]\[0\]\.array_value\.entries\[0\]\.value\.array_value\.entries\[0\]\.value\.array_value\.entries\[0\]\.value\.array_value: arrays nested deeper than 3$/);
    const big = arrayValue(Array.from({ length: 200 }, (_, i): [bigint, object] => [BigInt(i), arrayValue([[0n, intValue(i)]])]));
    expect(reason(check([[big]]))).toMatch(/more than 256 array entries in one value/);
    const keyTooLong = arrayValue([['k'.repeat(LIMITS.stringBytes + 1), intValue(1)]]);
    expect(reason(check([[keyTooLong]]))).toMatch(/entries\[0\]\.string_key: string longer than 4096 bytes/);
  });

  it('rejects keys PHP could not have: duplicates and canonical decimal strings', () => {
    expect(reason(check([[arrayValue([[1n, intValue(1)], [1n, intValue(2)]])]]))).toMatch(/entries\[1\]: duplicate key/);
    expect(reason(check([[arrayValue([['8', intValue(1)]])]]))).toMatch(/string_key: "8" would be the int key 8 in PHP/);
    expect(check([[arrayValue([['08', intValue(1)], ['-0', intValue(2)], ['1.5', intValue(3)]])]]).ok).toBe(true);
    expect(reason(check([[{ array_value: { entries: [{ value: intValue(1) }] } }]]))).toMatch(/entries\[0\]: key has no member set/);
  });

  it('checks the by-reference mask against the parameters', () => {
    const ok = check([], { by_ref_params: true, by_ref_mask: 1 });
    expect(ok.ok && ok.value.regions[0]!.byRefMask).toBe(1);
    expect(reason(check([], { by_ref_params: true, by_ref_mask: 2 }))).toMatch(/by_ref_mask 2 names parameters past num_params 1/);
    expect(reason(check([], { by_ref_params: false, by_ref_mask: 1 }))).toMatch(/by_ref_mask is set but by_ref_params is false/);
  });
});
