// Ingest of world hints: decoded through the real wire encoding, validated, joined per region source version.
import { describe, expect, it } from 'vitest';
import { ProfileAggregator } from '../../src/ingest/aggregate-profiles.ts';
import { loadPolyvirtProto, type WireClientMessage } from '../../src/ingest/proto.ts';
import type { WorldHint } from '../../src/ingest/types.ts';
import { checkBatch, LIMITS, type RegionDelta } from '../../src/ingest/validate-message.ts';
import { joinWorldHints } from '../../src/ingest/world-hints.ts';
import { batch, region } from './wire-client.ts';

const connect = loadPolyvirtProto().service.Connect!;
const FN = 'function gen($max) {\n    global $LAST;\n    return $max * ($LAST = ($LAST * IA + IC) % IM) / IM;\n}';

function check(world: object[], text = FN): ReturnType<typeof checkBatch> {
  const r = region({ name: 'gen', source: { lineStart: 3, lineEnd: 6, text } }) as Record<string, unknown>;
  const source = { ...(r.source as object), world };
  const wire = connect.requestSerialize(batch(1, [{ ...r, source }]));
  return checkBatch((connect.requestDeserialize(wire) as WireClientMessage).batch!);
}

function regionOf(r: ReturnType<typeof checkBatch>): RegionDelta {
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  return r.value.regions[0]!;
}

function reason(r: ReturnType<typeof checkBatch>): string {
  if (r.ok) throw new Error('expected a rejection');
  return r.reason;
}

describe('world hints on the wire', () => {
  it('decodes constants (plain, namespaced, class constants) and globals; false is reported as bool (3)', () => {
    const d = regionOf(
      check([
        { kind: 'CONSTANT', name: 'IM', type: 4 },
        { kind: 'CONSTANT', name: 'App\\Util\\RATE', type: 5 },
        { kind: 'CONSTANT', name: 'Cfg::DEBUG', type: 2 },
        { kind: 'GLOBAL', name: 'LAST', type: 4 },
        // Any $GLOBALS key is a global's name.
        { kind: 'GLOBAL', name: 'a b', type: 6 },
        // A constant holding STDERR: a resource (9), reported, never specialized on.
        { kind: 'CONSTANT', name: 'OUT', type: 9 },
        { kind: 'GLOBAL', name: 'unset_yet', type: 0 },
      ]),
    );
    expect(d.source!.world).toEqual([
      { kind: 'constant', name: 'IM', type: 4 },
      { kind: 'constant', name: 'App\\Util\\RATE', type: 5 },
      { kind: 'constant', name: 'Cfg::DEBUG', type: 3 },
      { kind: 'global', name: 'LAST', type: 4 },
      { kind: 'global', name: 'a b', type: 6 },
      { kind: 'constant', name: 'OUT', type: 9 },
      { kind: 'global', name: 'unset_yet', type: 0 },
    ]);
  });

  it('a resource (9) is a reported type for arguments too, not garbage; 10 (reference) never is', () => {
    const types = (t: number) => {
      const wire = connect.requestSerialize(batch(1, [region({ argTypes: [{ types: [t], count: 3 }] })]));
      return checkBatch((connect.requestDeserialize(wire) as WireClientMessage).batch!);
    };
    expect(regionOf(types(9)).argTypes).toEqual([{ types: [9], count: 3 }]);
    expect(reason(types(10))).toBe('regions[0].arg_types[0]: type code 10 out of range');
  });

  it('a source without hints has no world', () => {
    expect(regionOf(check([])).source!.world).toBeUndefined();
  });

  it('rejects unknown kinds and type codes, bad constant names, duplicates and too many hints, naming the field', () => {
    expect(reason(check([{ kind: 7, name: 'IM', type: 4 }]))).toBe('regions[0].source.world[0].kind: unknown kind 7');
    expect(reason(check([{ kind: 'CONSTANT', name: 'IM', type: 10 }]))).toBe('regions[0].source.world[0].type: type code 10 out of range');
    expect(reason(check([{ kind: 'CONSTANT', name: 'A::B::C', type: 4 }]))).toMatch(/world\[0\]\.name: "A::B::C" is not a PHP constant name/);
    expect(reason(check([{ kind: 'CONSTANT', name: '1X', type: 4 }]))).toMatch(/is not a PHP constant name/);
    expect(reason(check([{ kind: 'CONSTANT', name: '\\IM', type: 4 }]))).toMatch(/is not a PHP constant name/);
    expect(reason(check([{ kind: 'GLOBAL', name: '', type: 4 }]))).toBe('regions[0].source.world[0].name: missing');
    expect(reason(check([{ kind: 'GLOBAL', name: 'a\nb', type: 4 }]))).toMatch(/world\[0\]\.name: contains control characters/);
    expect(reason(check([{ kind: 'GLOBAL', name: 'g'.repeat(LIMITS.nameBytes + 1), type: 4 }]))).toMatch(/longer than 256 bytes/);
    expect(reason(check([{ kind: 'GLOBAL', name: 'x', type: 4 }, { kind: 'GLOBAL', name: 'x', type: 5 }]))).toBe('regions[0].source.world[1]: global x sent twice');
    // The same name as a constant and as a global are two hints.
    expect(check([{ kind: 'GLOBAL', name: 'x', type: 4 }, { kind: 'CONSTANT', name: 'x', type: 4 }]).ok).toBe(true);
    const many = Array.from({ length: LIMITS.worldHintsPerSource + 1 }, (_, i) => ({ kind: 'GLOBAL', name: `g${i}`, type: 4 }));
    expect(reason(check(many))).toBe('regions[0].source.world: too many hints (65, limit 64)');
    expect(check(many.slice(0, LIMITS.worldHintsPerSource)).ok).toBe(true);
  });
});

describe('world hints across processes', () => {
  const hint = (kind: WorldHint['kind'], name: string, type: number): WorldHint => ({ kind, name, type });

  it('joinWorldHints: agreeing reports stay, disagreeing ones (or undefined once) say nothing', () => {
    expect(
      joinWorldHints(
        [hint('constant', 'IM', 4), hint('global', 'g', 4), hint('global', 'h', 0)],
        undefined,
        [hint('constant', 'IM', 4), hint('global', 'g', 5), hint('global', 'h', 6), hint('constant', 'g', 6)],
        [hint('global', 'g', 4)],
      ),
    ).toEqual([hint('constant', 'IM', 4), hint('global', 'g', 0), hint('global', 'h', 0), hint('constant', 'g', 6)]);
  });

  it('the aggregator joins hints of one source version and starts over with a new one', () => {
    const agg = new ProfileAggregator();
    const world = (list: object[], text = FN) => regionOf(check(list, text));
    agg.apply('a', [world([{ kind: 'CONSTANT', name: 'IM', type: 4 }, { kind: 'GLOBAL', name: 'LAST', type: 4 }])]);
    // A second process: LAST is a float there, IA named too; a later batch without source keeps the hints.
    agg.apply('a', [world([{ kind: 'GLOBAL', name: 'LAST', type: 5 }, { kind: 'CONSTANT', name: 'IA', type: 4 }])]);
    agg.apply('a', [{ ...world([]), source: undefined }]);
    const key = '/app/fib.php::::gen';
    expect(agg.get('a', key)!.source!.world).toEqual([
      { kind: 'constant', name: 'IM', type: 4 },
      { kind: 'global', name: 'LAST', type: 0 },
      { kind: 'constant', name: 'IA', type: 4 },
    ]);
    // The file was edited: the new version's hints only.
    agg.apply('a', [world([{ kind: 'CONSTANT', name: 'IM', type: 5 }], `${FN}\n`)]);
    expect(agg.get('a', key)!.source!.world).toEqual([{ kind: 'constant', name: 'IM', type: 5 }]);
  });
});
