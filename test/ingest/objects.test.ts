// Ingest of objects: recorded object values, class sources with a region source, arg_classes, and their aggregation.
import { describe, expect, it } from 'vitest';
import { ProfileAggregator } from '../../src/ingest/aggregate-profiles.ts';
import { loadPolyvirtProto, type WireClientMessage } from '../../src/ingest/proto.ts';
import { checkBatch, LIMITS, sha256Hex, type RegionDelta } from '../../src/ingest/validate-message.ts';
import { arrayValue, batch, intValue, objectValue, region, stringValue } from './wire-client.ts';

const connect = loadPolyvirtProto().service.Connect!;
const METHOD = '    public function getX() {\n        return $this->x;\n    }';
const POINT = `class Point {\n    private $x = 1;\n${METHOD}\n}`;

function wireClass(o: { name?: string; parent?: string; text?: string; sha256?: string; lineStart?: number; lineEnd?: number } = {}): object {
  const text = o.text ?? POINT;
  return {
    name: o.name ?? 'Point',
    parent: o.parent ?? '',
    file: '/app/point.php',
    line_start: o.lineStart ?? 2,
    line_end: o.lineEnd ?? 2 + text.split('\n').length - 1,
    text,
    sha256: o.sha256 ?? sha256Hex(text),
  };
}

// A method region through the real wire encoding, with class sources and arg_classes.
function check(o: { classes?: object[]; samples?: object[][]; argClasses?: string[] } = {}): ReturnType<typeof checkBatch> {
  const r = region({ file: '/app/point.php', numParams: 1, samples: o.samples ?? [], source: { file: '/app/point.php', lineStart: 4, lineEnd: 6, text: METHOD } }) as Record<string, unknown>;
  const source = { ...(r.source as object), classes: o.classes ?? [wireClass()] };
  const wire = connect.requestSerialize(batch(1, [{ ...r, class_name: 'Point', source, arg_classes: o.argClasses ?? [] }]));
  return checkBatch((connect.requestDeserialize(wire) as WireClientMessage).batch!);
}

function reason(r: ReturnType<typeof checkBatch>): string {
  if (r.ok) throw new Error('expected a rejection');
  return r.reason;
}

function regionOf(r: ReturnType<typeof checkBatch>): RegionDelta {
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  return r.value.regions[0]!;
}

describe('class sources', () => {
  it('decodes a class source whose hash matches its text', () => {
    const d = regionOf(check({ classes: [wireClass(), wireClass({ name: 'App\\Shape', text: 'class Shape {}' })] }));
    expect(d.source!.classes).toEqual([
      { name: 'Point', parent: '', file: '/app/point.php', lineStart: 2, lineEnd: 7, text: POINT, sha256: sha256Hex(POINT) },
      expect.objectContaining({ name: 'App\\Shape', text: 'class Shape {}' }),
    ]);
  });

  it('rejects a class whose sha256 does not match, names that are not class names, duplicates and bad lines', () => {
    expect(reason(check({ classes: [wireClass({ sha256: sha256Hex('class Other {}') })] }))).toMatch(/classes\[0\]\.sha256 does not match the text of class Point/);
    expect(reason(check({ classes: [wireClass({ name: 'Po int' })] }))).toMatch(/classes\[0\]\.name: "Po int" is not a PHP class name/);
    expect(reason(check({ classes: [wireClass({ name: '\\Point' })] }))).toMatch(/is not a PHP class name/);
    expect(reason(check({ classes: [wireClass({ parent: '1x' })] }))).toMatch(/classes\[0\]\.parent: "1x" is not a PHP class name/);
    expect(reason(check({ classes: [wireClass(), wireClass({ name: 'POINT' })] }))).toMatch(/classes\[1\]: class POINT sent twice/);
    expect(reason(check({ classes: [wireClass({ parent: 'point' })] }))).toMatch(/extends itself/);
    expect(reason(check({ classes: [wireClass({ lineStart: 2, lineEnd: 3 })] }))).toMatch(/classes\[0\]\.text has more lines than 2\.\.3/);
    expect(reason(check({ classes: [wireClass({ text: '' , sha256: sha256Hex('') })] }))).toMatch(/classes\[0\]\.text: missing/);
  });

  it('bounds the number and size of class sources', () => {
    const many = Array.from({ length: LIMITS.classesPerSource + 1 }, (_, i) => wireClass({ name: `C${i}` }));
    expect(reason(check({ classes: many }))).toMatch(/too many classes/);
    const big = `class Big {\n/*${'x'.repeat(LIMITS.sourceBytes)}*/\n}`;
    expect(reason(check({ classes: [wireClass({ name: 'Big', text: big })] }))).toMatch(/classes\[0\]\.text: larger than/);
  });
});

describe('object values and arg_classes', () => {
  it('decodes an object with its properties in order', () => {
    const d = regionOf(check({ samples: [[objectValue('Point', [['x', intValue(3)], ['tag', stringValue('a')], ['list', arrayValue([[0n, intValue(1)]])]])]] }));
    expect(d.samples[0]![0]).toEqual({
      kind: 'object',
      className: 'Point',
      props: [
        { key: 'x', value: { kind: 'int', value: 3n } },
        { key: 'tag', value: { kind: 'string', value: 'a' } },
        { key: 'list', value: { kind: 'array', entries: [{ key: 0n, value: { kind: 'int', value: 1n } }] } },
      ],
    });
  });

  it('rejects bad class names, non-property keys, objects nested too deep and oversized objects', () => {
    expect(reason(check({ samples: [[objectValue('1Point', [])]] }))).toMatch(/samples\[0\]\[0\]\.object_value\.class_name: "1Point" is not a PHP class name/);
    const intKey = { object_value: { class_name: 'Point', properties: { entries: [{ int_key: '0', value: intValue(1) }] } } };
    expect(reason(check({ samples: [[intKey]] }))).toMatch(/properties\.entries\[0\]: key is not a property name/);
    expect(reason(check({ samples: [[objectValue('Point', [['a-b', intValue(1)]])]] }))).toMatch(/key is not a property name/);
    // Objects inside objects nest within the value depth, like arrays.
    const deep = (n: number): object => (n === 0 ? intValue(1) : objectValue('Point', [['p', deep(n - 1)]]));
    expect(regionOf(check({ samples: [[deep(3)]] })).samples[0]![0]).toEqual({
      kind: 'object',
      className: 'Point',
      props: [{ key: 'p', value: { kind: 'object', className: 'Point', props: [{ key: 'p', value: { kind: 'object', className: 'Point', props: [{ key: 'p', value: { kind: 'int', value: 1n } }] } }] } }],
    });
    expect(reason(check({ samples: [[deep(4)]] }))).toMatch(/nested deeper than 3/);
    const props = Array.from({ length: LIMITS.valueEntries + 1 }, (_, i): [string, object] => [`p${i}`, intValue(i)]);
    expect(reason(check({ samples: [[objectValue('Point', props)]] }))).toMatch(/more than 256 array entries/);
    // Objects inside arrays are values like any other.
    const inArray = regionOf(check({ samples: [[arrayValue([[0n, objectValue('Point', [])]])]] }));
    expect(inArray.samples[0]![0]).toEqual({ kind: 'array', entries: [{ key: 0n, value: { kind: 'object', className: 'Point', props: [] } }] });
  });

  it('accepts arg_classes of lowercased names, "" and "*" only', () => {
    expect(regionOf(check({ argClasses: ['app\\point', '', '*'] })).argClasses).toEqual(['app\\point', '', '*']);
    expect(reason(check({ argClasses: ['Point'] }))).toMatch(/arg_classes\[0\]: class name "Point" is not lowercased/);
    expect(reason(check({ argClasses: ['a b'] }))).toMatch(/arg_classes\[0\]: "a b" is not a PHP class name/);
  });
});

describe('aggregation', () => {
  const delta = (o: Partial<RegionDelta>): RegionDelta => ({
    key: '/app/point.php::Point::getx', file: '/app/point.php', className: 'Point', functionName: 'getX',
    calls: 10, timedCalls: 0, timeNs: 0, argTypes: [], argTypesOther: 0, returnTypes: [], samples: [], callers: [],
    numParams: 2, requiredParams: 2, byRefParams: false, byRefMask: 0, variadic: false, argClasses: [], ...o,
  });
  const src = (text: string, classes: { name: string; text: string }[]) => ({
    file: '/app/point.php', lineStart: 4, lineEnd: 6, text, sha256: sha256Hex(text),
    classes: classes.map((c) => ({ name: c.name, parent: '', file: '/app/point.php', lineStart: 1, lineEnd: 9, text: c.text, sha256: sha256Hex(c.text) })),
  });

  it('keeps the latest class sources of a region version and starts over with a new version', () => {
    const agg = new ProfileAggregator();
    agg.apply('a', [delta({ source: src(METHOD, [{ name: 'Point', text: 'class Point {}' }]) })]);
    agg.apply('a', [delta({ source: src(METHOD, [{ name: 'POINT', text: 'class POINT { }' }, { name: 'Line', text: 'class Line {}' }]) })]);
    expect(agg.get('a', '/app/point.php::Point::getx')!.source!.classes!.map((c) => c.text)).toEqual(['class POINT { }', 'class Line {}']);
    agg.apply('a', [delta({ source: src(`${METHOD} `, [{ name: 'Line', text: 'class Line { }' }]) })]);
    expect(agg.get('a', '/app/point.php::Point::getx')!.source!.classes!.map((c) => c.text)).toEqual(['class Line { }']);
  });

  it('merges arg_classes: one class stays, "" is absorbed, two classes become "*"', () => {
    const agg = new ProfileAggregator();
    agg.apply('a', [delta({ argClasses: ['point', ''] })]);
    agg.apply('a', [delta({ argClasses: ['', 'line'] })]);
    expect(agg.get('a', '/app/point.php::Point::getx')!.argClasses).toEqual(['point', 'line']);
    agg.apply('a', [delta({ argClasses: ['point', 'shape'] })]);
    expect(agg.get('a', '/app/point.php::Point::getx')!.argClasses).toEqual(['point', '*']);
  });

  it('keeps object samples with different properties or identities apart', () => {
    const agg = new ProfileAggregator();
    const o = (x: bigint, id?: number) => ({ kind: 'object' as const, className: 'Point', props: [{ key: 'x', value: { kind: 'int' as const, value: x } }], id });
    agg.apply('a', [delta({ samples: [[o(1n), o(1n)], [o(1n), o(2n)], [o(1n), o(1n)], [o(1n, 0), o(1n, 0)]] })]);
    expect(agg.get('a', '/app/point.php::Point::getx')!.samples).toHaveLength(3);
  });
});
