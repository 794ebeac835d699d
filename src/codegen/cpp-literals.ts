// Re-encodes values and names for C++: nothing from PHP source or an event reaches the output as text.

/** An int64 literal: decimal of the value; INT64_MIN spelled so no literal overflows. */
export function intLiteral(v: bigint): string {
  if (v === -9223372036854775808n) return 'int64_t(-9223372036854775807LL - 1)';
  return `int64_t(${v.toString()}LL)`;
}

/** An exact double literal: hex-float, or a builtin for INF/NAN, and a spelled -0.0. */
export function floatLiteral(v: number): string {
  if (Number.isNaN(v)) return '__builtin_nan("")';
  if (v === Infinity) return '__builtin_inf()';
  if (v === -Infinity) return '(-__builtin_inf())';
  if (v === 0) return Object.is(v, -0) ? '(-0.0)' : '0.0';
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? '-' : '';
  const exp = (hi >>> 20) & 0x7ff;
  const mant = ((BigInt(hi & 0xfffff) << 32n) | BigInt(lo)).toString(16).padStart(13, '0');
  const body = exp === 0 ? `0x0.${mant}p-1022` : `0x1.${mant}p${exp - 1023 >= 0 ? '+' : ''}${exp - 1023}`;
  return sign ? `(-${body})` : body;
}

/** A C string literal with every byte escaped as \xHH (safe for any input). */
export function bytesLiteral(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '"';
  for (const b of bytes) out += `\\x${b.toString(16).padStart(2, '0')}`;
  return out + '"';
}

/** A C++ identifier fragment from a PHP name: only [a-z0-9_], bounded length. */
export function sanitizeName(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 24);
  return s.length > 0 ? s : 'x';
}

/**
 * A PHP byte string (a "binary" JS string, one char per byte) as a pv::Str: every byte escaped
 * and the length explicit, so NUL bytes and any other byte survive.
 */
export function strLiteral(bytes: string): string {
  if (bytes.length === 0) return 'pv::Str()';
  let out = '"';
  for (let i = 0; i < bytes.length; i++) out += `\\x${(bytes.charCodeAt(i) & 0xff).toString(16).padStart(2, '0')}`;
  return `pv::Str(${out}", ${bytes.length})`;
}
