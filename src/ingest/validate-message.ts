// Validates wire messages and converts them to service values; anything malformed is rejected whole with a reason.
import { createHash } from 'node:crypto';
import type { PhpValue } from '../core/php-value.ts';
import type { ClassSource, RegionSource, TypeTupleCount, WorldHint } from './types.ts';
import type {
  WireArgSample,
  WireArrayValue,
  WireClassSource,
  WireObjectValue,
  WireHello,
  WireOutcome,
  WireProfileBatch,
  WireRegionProfile,
  WireSpecialize,
  WireTypeTuple,
  WireValue,
  WireWorldHint,
} from './proto.ts';

/** Bounds beyond which a message is considered garbage rather than a profile. */
export const LIMITS = {
  regionsPerBatch: 4096,
  keyBytes: 4096,
  nameBytes: 256,
  tuplesPerRegion: 256,
  tupleLength: 256,
  samplesPerRegion: 64,
  callersPerRegion: 1024,
  sourceBytes: 1 << 20,
  /** Per batch and region no counter can plausibly exceed this (≈ 11 days at 1e9 events/s). */
  count: 1e15,
  /** zval type codes reported: 0 (none) … 8 object, 9 resource (an STDERR argument or constant). */
  maxTypeCode: 9,
  /** A recorded value: arrays nest at most this deep ([[[1]]] has depth 3). */
  valueDepth: 3,
  /** A recorded value: array entries in total, over all nesting levels. */
  valueEntries: 256,
  /** A recorded value: bytes of each string and string key. */
  stringBytes: 4096,
  /** Class sources sent with one region source. */
  classesPerSource: 64,
  /** World hints sent with one region source (the extension sends at most 64). */
  worldHintsPerSource: 64,
} as const;

/** One region's counters from one batch, validated. */
export interface RegionDelta {
  readonly key: string;
  readonly file: string;
  readonly className: string;
  readonly functionName: string;
  readonly calls: number;
  readonly timedCalls: number;
  readonly timeNs: number;
  readonly argTypes: TypeTupleCount[];
  readonly argTypesOther: number;
  readonly returnTypes: TypeTupleCount[];
  readonly samples: PhpValue[][];
  readonly callers: [string, number][];
  readonly source?: RegionSource;
  readonly numParams: number;
  readonly requiredParams: number;
  readonly byRefParams: boolean;
  /** Bit i set: parameter i is passed by reference. */
  readonly byRefMask: number;
  readonly variadic: boolean;
  /** Per parameter: lowercased class of the object arguments, "" none, "*" several. */
  readonly argClasses: string[];
}

export interface BatchInfo {
  readonly seq: number;
  readonly regions: RegionDelta[];
  readonly droppedBatches: number;
  readonly droppedRegions: number;
  readonly profiledCalls: number;
}

export interface HelloInfo {
  readonly app: string;
  readonly pid: number;
  readonly phpVersionId: number;
  readonly abiVersion: number;
  readonly sapi: string;
  readonly token: string;
}

export interface KernelOutcomeInfo {
  readonly regionKey: string;
  readonly nativeCalls: number;
  readonly guardFailures: number;
  readonly deopts: number;
  readonly throws: number;
}

export interface OutcomeInfo {
  readonly deploymentId: string;
  readonly installed: boolean;
  readonly error: string;
  readonly kernels: KernelOutcomeInfo[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Thrown inside this module only, turned into a rejection reason at the top. */
class Reject extends Error {}

function fail(reason: string): never {
  throw new Reject(reason);
}

function checked<T>(fn: () => T): Checked<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof Reject) return { ok: false, reason: e.message };
    throw e;
  }
}

function count(s: unknown, what: string): number {
  if (typeof s !== 'string' || !/^\d{1,20}$/.test(s)) fail(`${what}: not an unsigned integer`);
  const n = BigInt(s);
  if (n > BigInt(LIMITS.count)) fail(`${what}: absurd count ${s}`);
  return Number(n);
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function text(s: unknown, what: string, maxBytes: number, allowEmpty: boolean): string {
  if (typeof s !== 'string') fail(`${what}: missing`);
  if (!allowEmpty && s.length === 0) fail(`${what}: missing`);
  if (Buffer.byteLength(s, 'utf8') > maxBytes) fail(`${what}: longer than ${maxBytes} bytes`);
  // Names and keys end up in logs and the admin CLI; control characters have no business there.
  if (/[\x00-\x1f\x7f]/.test(s)) fail(`${what}: contains control characters`);
  return s;
}

function typeTuples(list: WireTypeTuple[] | undefined, what: string): TypeTupleCount[] {
  const tuples = list ?? [];
  if (tuples.length > LIMITS.tuplesPerRegion) fail(`${what}: too many tuples (${tuples.length})`);
  return tuples.map((t, i) => {
    const types = t.types ?? [];
    if (types.length > LIMITS.tupleLength) fail(`${what}[${i}]: tuple too long`);
    for (const code of types) {
      if (!Number.isInteger(code) || code < 0 || code > LIMITS.maxTypeCode) fail(`${what}[${i}]: type code ${code} out of range`);
    }
    // false (2) and true (3) are one type, "bool", for profiles and guards.
    return { types: types.map((c) => (c === 2 ? 3 : c)), count: count(t.count, `${what}[${i}].count`) };
  });
}

// Bytes on the wire become a "binary" JS string (one char per byte), as PhpValue holds them.
function bytes(b: unknown, what: string): string {
  if (!(b instanceof Uint8Array)) fail(`${what}: not bytes`);
  if (b.length > LIMITS.stringBytes) fail(`${what}: string longer than ${LIMITS.stringBytes} bytes`);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

function int64(s: unknown, what: string): bigint {
  if (typeof s !== 'string' || !/^-?\d{1,19}$/.test(s)) fail(`${what}: bad int`);
  const n = BigInt(s);
  if (n < INT64_MIN || n > INT64_MAX) fail(`${what}: int out of 64-bit range`);
  return n;
}

/** Entries decoded so far in one recorded value, shared by its nested arrays. */
interface ValueBudget {
  entries: number;
}

function array(a: WireArrayValue | null | undefined, what: string, depth: number, budget: ValueBudget): PhpValue {
  if (!a) fail(`${what}: array_value missing`);
  if (depth > LIMITS.valueDepth) fail(`${what}: arrays nested deeper than ${LIMITS.valueDepth}`);
  const list = a.entries ?? [];
  budget.entries += list.length;
  if (budget.entries > LIMITS.valueEntries) fail(`${what}: more than ${LIMITS.valueEntries} array entries in one value`);
  const seen = new Set<string>();
  const entries = list.map((e, i) => {
    const at = `${what}.entries[${i}]`;
    let key: bigint | string;
    if (e.key === 'int_key') key = int64(e.int_key, `${at}.int_key`);
    else if (e.key === 'string_key') {
      key = bytes(e.string_key, `${at}.string_key`);
      // PHP stores "8" as int 8: a decimal string key in canonical form cannot exist in an array.
      if (/^(0|-?[1-9]\d*)$/.test(key) && BigInt(key) >= INT64_MIN && BigInt(key) <= INT64_MAX) {
        fail(`${at}.string_key: "${key}" would be the int key ${key} in PHP`);
      }
    } else fail(`${at}: key has no member set`);
    const id = typeof key === 'bigint' ? `i${key}` : `s${key}`;
    if (seen.has(id)) fail(`${at}: duplicate key`);
    seen.add(id);
    if (!e.value) fail(`${at}.value: missing`);
    return { key, value: value(e.value, `${at}.value`, depth, budget) };
  });
  return { kind: 'array', entries };
}

// A PHP class name as declared: identifiers joined by backslashes, no leading backslash.
const CLASS_NAME_RE = /^[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)*$/;
const PROPERTY_NAME_RE = /^[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*$/;

/** ASCII-only lowercasing, as PHP's class table does (zend_str_tolower). */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function className(s: unknown, what: string): string {
  const name = text(s, what, LIMITS.nameBytes, false);
  if (!CLASS_NAME_RE.test(name)) fail(`${what}: ${JSON.stringify(name)} is not a PHP class name`);
  return name;
}

// Properties are recorded by name, so every key is a property name; objects inside nest within
// LIMITS.valueDepth like arrays (a Particle holding Vec3s), their identity not recorded (proto).
function object(o: WireObjectValue | null | undefined, what: string, depth: number, budget: ValueBudget): PhpValue {
  if (!o) fail(`${what}: object_value missing`);
  const cls = className(o.class_name, `${what}.class_name`);
  if (!o.properties) fail(`${what}.properties: missing`);
  const props = array(o.properties, `${what}.properties`, depth, budget);
  if (props.kind !== 'array') fail(`${what}.properties: not an array`);
  for (const [i, e] of props.entries.entries()) {
    if (typeof e.key !== 'string' || !PROPERTY_NAME_RE.test(e.key)) fail(`${what}.properties.entries[${i}]: key is not a property name`);
  }
  return { kind: 'object', className: cls, props: props.entries };
}

function value(v: WireValue, what: string, depth = 0, budget: ValueBudget = { entries: 0 }): PhpValue {
  switch (v.v) {
    case 'null_value':
      return { kind: 'null' };
    case 'bool_value':
      return { kind: 'bool', value: v.bool_value === true };
    case 'int_value':
      return { kind: 'int', value: int64(v.int_value, what) };
    case 'float_value':
      if (typeof v.float_value !== 'number') fail(`${what}: bad float`);
      return { kind: 'float', value: v.float_value };
    case 'string_value':
      return { kind: 'string', value: bytes(v.string_value, `${what}.string_value`) };
    case 'array_value':
      return array(v.array_value, `${what}.array_value`, depth + 1, budget);
    case 'object_value':
      return object(v.object_value, `${what}.object_value`, depth + 1, budget);
    default:
      return fail(`${what}: value has no member set`);
  }
}

function samples(list: WireArgSample[] | undefined, what: string): PhpValue[][] {
  const all = list ?? [];
  if (all.length > LIMITS.samplesPerRegion) fail(`${what}: too many samples (${all.length})`);
  return all.map((s, i) => {
    const args = s.args ?? [];
    if (args.length > LIMITS.tupleLength) fail(`${what}[${i}]: too many arguments`);
    return args.map((a, j) => value(a, `${what}[${i}][${j}]`));
  });
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lines of a text as an editor counts them: a final newline does not start a new line. */
export function lineCount(s: string): number {
  if (s.length === 0) return 0;
  const n = s.split('\n').length;
  return s.endsWith('\n') ? n - 1 : n;
}

function source(r: WireRegionProfile, where: string): RegionSource | undefined {
  const s = r.source;
  if (!s) return undefined;
  const file = text(s.file, `${where}.source.file`, LIMITS.keyBytes, false);
  if (file !== r.file) fail(`${where}.source.file differs from the region's file`);
  const body = sourceText(s.text, `${where}.source.text`);
  if (typeof s.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256)) fail(`${where}.source.sha256: not a hex sha256`);
  if (sha256Hex(body) !== s.sha256) fail(`${where}.source.sha256 does not match the text`);
  const lineStart = s.line_start;
  const lineEnd = s.line_end;
  if (!Number.isInteger(lineStart) || lineStart < 1) fail(`${where}.source.line_start must be ≥ 1`);
  if (!Number.isInteger(lineEnd) || lineEnd < lineStart) fail(`${where}.source lines out of order (${lineStart} > ${lineEnd})`);
  if (lineCount(body) > lineEnd - lineStart + 1) fail(`${where}.source.text has more lines than ${lineStart}..${lineEnd}`);
  const world = worldHints(s.world, `${where}.source.world`);
  return { file, lineStart, lineEnd, text: body, sha256: s.sha256, classes: classSources(s.classes, `${where}.source.classes`), ...(world.length > 0 ? { world } : {}) };
}

// A constant as FETCH_CONSTANT names it ("IM", "NS\IM") or a class constant ("A::B", "NS\A::B").
const CONSTANT_NAME_RE = /^[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)*(?:::[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)?$/;

/**
 * Hints of the constants and globals a region names. A global's name is any key of $GLOBALS
 * (`$GLOBALS['a b']`), so only its size and characters are checked; a constant's must be a name
 * PHP code can write. Type codes are zval's (0 undefined … 9 resource); false (2) becomes 3, as in profiles.
 */
function worldHints(list: WireWorldHint[] | undefined, what: string): WorldHint[] {
  const all = list ?? [];
  if (all.length > LIMITS.worldHintsPerSource) fail(`${what}: too many hints (${all.length}, limit ${LIMITS.worldHintsPerSource})`);
  const seen = new Set<string>();
  return all.map((h, i) => {
    const at = `${what}[${i}]`;
    if (h.kind !== 'CONSTANT' && h.kind !== 'GLOBAL') fail(`${at}.kind: unknown kind ${JSON.stringify(h.kind)}`);
    const kind = h.kind === 'CONSTANT' ? 'constant' : 'global';
    const name = text(h.name, `${at}.name`, LIMITS.nameBytes, false);
    if (kind === 'constant' && !CONSTANT_NAME_RE.test(name)) fail(`${at}.name: ${JSON.stringify(name)} is not a PHP constant name`);
    if (!Number.isInteger(h.type) || h.type < 0 || h.type > LIMITS.maxTypeCode) fail(`${at}.type: type code ${h.type} out of range`);
    const id = `${kind}:${name}`;
    if (seen.has(id)) fail(`${at}: ${kind} ${name} sent twice`);
    seen.add(id);
    return { kind, name, type: h.type === 2 ? 3 : h.type };
  });
}

function classSources(list: WireClassSource[] | undefined, what: string): ClassSource[] {
  const all = list ?? [];
  if (all.length > LIMITS.classesPerSource) fail(`${what}: too many classes (${all.length}, limit ${LIMITS.classesPerSource})`);
  const seen = new Set<string>();
  return all.map((c, i) => {
    const at = `${what}[${i}]`;
    const name = className(c.name, `${at}.name`);
    // PHP class names are case-insensitive: two sources for one class cannot both be right.
    const lc = asciiLower(name);
    if (seen.has(lc)) fail(`${at}: class ${name} sent twice`);
    seen.add(lc);
    const parent = c.parent === '' || c.parent === undefined ? '' : className(c.parent, `${at}.parent`);
    if (asciiLower(parent) === lc) fail(`${at}: class ${name} extends itself`);
    const file = text(c.file, `${at}.file`, LIMITS.keyBytes, false);
    const body = sourceText(c.text, `${at}.text`);
    if (typeof c.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(c.sha256)) fail(`${at}.sha256: not a hex sha256`);
    if (sha256Hex(body) !== c.sha256) fail(`${at}.sha256 does not match the text of class ${name}`);
    const lineStart = c.line_start;
    const lineEnd = c.line_end;
    if (!Number.isInteger(lineStart) || lineStart < 1) fail(`${at}.line_start must be ≥ 1`);
    if (!Number.isInteger(lineEnd) || lineEnd < lineStart) fail(`${at} lines out of order (${lineStart} > ${lineEnd})`);
    if (lineCount(body) > lineEnd - lineStart + 1) fail(`${at}.text has more lines than ${lineStart}..${lineEnd}`);
    return { name, parent, file, lineStart, lineEnd, text: body, sha256: c.sha256 };
  });
}

// "" (no object seen), "*" (several classes) or one lowercased class name, per parameter.
function argClasses(list: string[] | undefined, what: string): string[] {
  const all = list ?? [];
  if (all.length > LIMITS.tupleLength) fail(`${what}: too many entries (${all.length})`);
  return all.map((c, i) => {
    if (c === '' || c === '*') return c;
    const name = className(c, `${what}[${i}]`);
    if (name !== asciiLower(name)) fail(`${what}[${i}]: class name ${JSON.stringify(name)} is not lowercased`);
    return name;
  });
}

// Source text may hold tabs, newlines and anything else PHP accepts; only size and NUL are checked.
function sourceText(s: unknown, what: string): string {
  if (typeof s !== 'string' || s.length === 0) fail(`${what}: missing`);
  if (Buffer.byteLength(s, 'utf8') > LIMITS.sourceBytes) fail(`${what}: larger than ${LIMITS.sourceBytes} bytes`);
  return s;
}

function region(r: WireRegionProfile, i: number): RegionDelta {
  const where = `regions[${i}]`;
  const key = text(r.key, `${where}.key`, LIMITS.keyBytes, false);
  const file = text(r.file, `${where}.file`, LIMITS.keyBytes, false);
  const className = text(r.class_name, `${where}.class_name`, LIMITS.nameBytes, true);
  const functionName = text(r.function_name, `${where}.function_name`, LIMITS.nameBytes, false);
  const calls = count(r.calls, `${where}.calls`);
  const timedCalls = count(r.timed_calls, `${where}.timed_calls`);
  const timeNs = count(r.time_ns, `${where}.time_ns`);
  const callers = (r.callers ?? []).map((c, j): [string, number] => [
    text(c.caller, `${where}.callers[${j}].caller`, LIMITS.keyBytes, false),
    count(c.count, `${where}.callers[${j}].count`),
  ]);
  if (callers.length > LIMITS.callersPerRegion) fail(`${where}.callers: too many (${callers.length})`);
  const numParams = r.num_params ?? 0;
  const requiredParams = r.required_params ?? 0;
  if (numParams > 65535 || requiredParams > numParams) fail(`${where}: required_params ${requiredParams} > num_params ${numParams}`);
  const byRefMask = r.by_ref_mask ?? 0;
  if (!Number.isInteger(byRefMask) || byRefMask < 0 || byRefMask > 0xffffffff) fail(`${where}.by_ref_mask: not a uint32`);
  // Bits past the last parameter describe nothing; a mask without by_ref_params contradicts it.
  if (numParams < 32 && byRefMask >>> numParams !== 0) fail(`${where}.by_ref_mask ${byRefMask} names parameters past num_params ${numParams}`);
  if (byRefMask !== 0 && r.by_ref_params !== true) fail(`${where}.by_ref_mask is set but by_ref_params is false`);
  return {
    key,
    file,
    className,
    functionName,
    calls,
    timedCalls,
    timeNs,
    argTypes: typeTuples(r.arg_types, `${where}.arg_types`),
    argTypesOther: count(r.arg_types_other, `${where}.arg_types_other`),
    returnTypes: typeTuples(r.return_types, `${where}.return_types`),
    samples: samples(r.samples, `${where}.samples`),
    callers,
    source: source(r, where),
    numParams,
    requiredParams,
    byRefParams: r.by_ref_params === true,
    byRefMask,
    variadic: r.variadic === true,
    argClasses: argClasses(r.arg_classes, `${where}.arg_classes`),
  };
}

export function checkBatch(b: WireProfileBatch): Checked<BatchInfo> {
  return checked(() => {
    const regions = b.regions ?? [];
    if (regions.length > LIMITS.regionsPerBatch) fail(`batch has ${regions.length} regions (limit ${LIMITS.regionsPerBatch})`);
    return {
      seq: count(b.seq, 'seq'),
      regions: regions.map(region),
      droppedBatches: count(b.dropped_batches, 'dropped_batches'),
      droppedRegions: count(b.dropped_regions, 'dropped_regions'),
      profiledCalls: count(b.profiled_calls, 'profiled_calls'),
    };
  });
}

/** Force mode's request: one region to specialize now. */
export interface SpecializeInfo {
  /** Echoed in the answer (uint64 as decimal text). */
  readonly id: string;
  readonly region: RegionDelta;
}

export function checkSpecialize(m: WireSpecialize): Checked<SpecializeInfo> {
  return checked(() => {
    if (typeof m.id !== 'string' || !/^\d{1,20}$/.test(m.id) || BigInt(m.id) >= 1n << 64n) fail('specialize.id: not a uint64');
    if (!m.region) fail('specialize.region: missing');
    return { id: m.id, region: region(m.region, 0) };
  });
}

export function checkHello(h: WireHello): Checked<HelloInfo> {
  return checked(() => ({
    app: text(h.app, 'hello.app', LIMITS.keyBytes, false),
    pid: h.pid ?? 0,
    phpVersionId: h.php_version_id ?? 0,
    abiVersion: h.abi_version ?? 0,
    sapi: text(h.sapi, 'hello.sapi', LIMITS.nameBytes, true),
    token: typeof h.token === 'string' ? h.token : '',
  }));
}

export function checkOutcome(o: WireOutcome): Checked<OutcomeInfo> {
  return checked(() => ({
    deploymentId: text(o.deployment_id, 'outcome.deployment_id', LIMITS.nameBytes, false),
    installed: o.installed === true,
    error: typeof o.error === 'string' ? o.error.slice(0, 4096) : '',
    kernels: (o.kernels ?? []).slice(0, LIMITS.regionsPerBatch).map((k, i) => ({
      regionKey: text(k.region_key, `outcome.kernels[${i}].region_key`, LIMITS.keyBytes, false),
      nativeCalls: count(k.native_calls, `outcome.kernels[${i}].native_calls`),
      guardFailures: count(k.guard_failures, `outcome.kernels[${i}].guard_failures`),
      deopts: count(k.deopts, `outcome.kernels[${i}].deopts`),
      throws: count(k.throws, `outcome.kernels[${i}].throws`),
    })),
  }));
}
