// Exact PHP source encodings of PhpValues (arguments) and exact decoding of harness results.
import { StageError } from '../core/declined.ts';
import type { PhpObjectValue, PhpValue } from '../core/php-value.ts';
import { sampleKey } from '../ingest/aggregate-profiles.ts';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Big-endian IEEE-754 bits of a double as 16 hex digits (what PHP's bin2hex(pack('E', $x)) prints). */
export function floatBitsHex(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, false);
  return view.getBigUint64(0, false).toString(16).padStart(16, '0');
}

export function floatFromBitsHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`), false);
  return view.getFloat64(0, false);
}

/**
 * A double-quoted PHP string literal of exactly these bytes (a binary JS string): printable ASCII
 * as is, everything else as \xHH, so no byte can start an interpolation or end the literal.
 */
export function phpStringLiteral(bytes: string): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c > 0xff) throw new StageError('verify', '-', 'string value is not a byte string (char code > 255)');
    const ch = bytes[i]!;
    if (ch === '\\' || ch === '"' || ch === '$') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}

function intLiteral(value: bigint): string {
  if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) {
    throw new StageError('verify', '-', `int value ${String(value)} is not a 64-bit integer`);
  }
  if (value === INT64_MIN) return '\\PHP_INT_MIN';
  return value < 0n ? `(${value.toString()})` : value.toString();
}

function arrayLiteral(v: { readonly entries: readonly { readonly key: bigint | string; readonly value: PhpValue }[] }, element: (v: PhpValue) => string): string {
  // Keys as PHP stores them: int keys as ints, string keys as strings ("08" stays a string).
  const items = v.entries.map((e) => `${typeof e.key === 'bigint' ? intLiteral(e.key) : phpStringLiteral(e.key)} => ${element(e.value)}`);
  return `[${items.join(', ')}]`;
}

/** Names the harness's object builder: a fresh object of the class with these properties set from inside it. */
export const OBJECT_BUILDER = '\\__polyvirt_obj';

/**
 * A PHP expression building `o` without running its constructor (see the harness's
 * __polyvirt_obj), its properties set from inside the class so private and protected work.
 */
export function phpObjectLiteral(o: PhpObjectValue, element: (v: PhpValue) => string = phpLiteral): string {
  return `${OBJECT_BUILDER}(${phpStringLiteral(o.className)}, ${arrayLiteral({ entries: o.props }, element)})`;
}

/**
 * A PHP constant expression (usable in `const X = …` of a class) that evaluates to exactly `v`.
 * Finite floats are written as the shortest decimal that round-trips (what JS prints), which PHP's
 * correctly rounded strtod reads back to the same double.
 */
export function phpConstLiteral(v: PhpValue): string {
  if (v.kind === 'float') {
    const x = v.value;
    if (Number.isNaN(x)) return '\\NAN';
    if (x === Infinity) return '\\INF';
    if (x === -Infinity) return '(-\\INF)';
    if (Object.is(x, -0)) return '(-0.0)';
    const text = String(Math.abs(x));
    const float = /[.e]/.test(text) ? text : `${text}.0`;
    return x < 0 ? `(-${float})` : float;
  }
  if (v.kind === 'array') return arrayLiteral(v, phpConstLiteral);
  if (v.kind === 'object') throw new StageError('verify', '-', `an object (${v.className}) cannot be a constant expression`);
  return phpLiteral(v);
}

/**
 * A PHP expression that evaluates to exactly `v`, valid in any namespace. Negative ints are
 * parenthesized (PHP parses -9223372036854775808 as a float, hence the PHP_INT_MIN spelling);
 * finite floats go through their bit pattern so no decimal round trip can change them; strings
 * are binary-safe double-quoted literals; arrays keep their keys and order.
 */
export function phpLiteral(v: PhpValue, objects?: (o: PhpObjectValue) => string): string {
  const element = (e: PhpValue): string => phpLiteral(e, objects);
  switch (v.kind) {
    case 'string':
      return phpStringLiteral(v.value);
    case 'array':
      return arrayLiteral(v, element);
    case 'object':
      return objects ? objects(v) : phpObjectLiteral(v, element);
    case 'null':
      return 'null';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return intLiteral(v.value);
    case 'float':
      if (Number.isNaN(v.value)) return '\\NAN';
      if (v.value === Infinity) return '\\INF';
      if (v.value === -Infinity) return '(-\\INF)';
      return `\\unpack('E', \\hex2bin('${floatBitsHex(v.value)}'))[1]`;
  }
}

/** How results and arguments are shown in Declined reasons: PHP's var_dump style. */
export function showTyped(v: PhpValue): string {
  switch (v.kind) {
    case 'null':
      return 'NULL';
    case 'bool':
      return `bool(${v.value ? 'true' : 'false'})`;
    case 'int':
      return `int(${v.value.toString()})`;
    case 'float': {
      const x = v.value;
      const text = Number.isNaN(x) ? 'NAN' : x === Infinity ? 'INF' : x === -Infinity ? '-INF' : Object.is(x, -0) ? '-0' : String(x);
      return `float(${text})`;
    }
    case 'string':
      return `string(${v.value.length}) ${JSON.stringify(v.value)}`;
    case 'array':
      return `array(${v.entries.length}) {${v.entries.map((e) => `[${typeof e.key === 'bigint' ? e.key.toString() : JSON.stringify(e.key)}] => ${showTyped(e.value)}`).join(', ')}}`;
    case 'object': {
      const id = v.id === undefined ? '' : `#${v.id}`;
      if (v.repeat) return `object(${v.className})${id} {…}`;
      return `object(${v.className})${id} (${v.props.length}) {${v.props.map((e) => `[${JSON.stringify(String(e.key))}] => ${showTyped(e.value)}`).join(', ')}}`;
    }
  }
}

export function showCall(name: string, args: readonly PhpValue[]): string {
  return `${name}(${args.map(showTyped).join(', ')})`;
}

/** Key under which equal argument tuples collapse (floats by bits, so -0.0 and 0.0 stay apart). */
export function tupleKey(args: readonly PhpValue[]): string {
  return sampleKey(args);
}
