// Exact PHP source encodings of PhpValues (arguments) and exact decoding of harness results.
import { StageError } from '../core/declined.ts';
import type { PhpValue } from '../core/php-value.ts';

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
 * A PHP expression that evaluates to exactly `v`, valid in any namespace. Negative ints are
 * parenthesized (PHP parses -9223372036854775808 as a float, hence the PHP_INT_MIN spelling);
 * finite floats go through their bit pattern so no decimal round trip can change them.
 */
export function phpLiteral(v: PhpValue): string {
  switch (v.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      if (typeof v.value !== 'bigint' || v.value < INT64_MIN || v.value > INT64_MAX) {
        throw new StageError('verify', '-', `int argument ${String(v.value)} is not a 64-bit integer`);
      }
      if (v.value === INT64_MIN) return '\\PHP_INT_MIN';
      return v.value < 0n ? `(${v.value.toString()})` : v.value.toString();
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
  }
}

export function showCall(name: string, args: readonly PhpValue[]): string {
  return `${name}(${args.map(showTyped).join(', ')})`;
}

/** Key under which equal argument tuples collapse (floats by bits, so -0.0 and 0.0 stay apart). */
export function tupleKey(args: readonly PhpValue[]): string {
  return args
    .map((a) => (a.kind === 'float' ? `d${floatBitsHex(a.value)}` : a.kind === 'null' ? 'n' : `${a.kind[0]}${String(a.value)}`))
    .join(',');
}
