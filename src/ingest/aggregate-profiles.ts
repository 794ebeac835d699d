// Merges validated per-batch region counters into one RegionProfile per (app, region key).
import type { PhpValue } from '../core/php-value.ts';
import type { ClassSource, RegionProfile, RegionSource, TypeTupleCount } from './types.ts';
import type { RegionDelta } from './validate-message.ts';
import { joinWorldHints } from './world-hints.ts';

/** Distinct argument samples kept per region: enough for the verifier, bounded memory. */
export const MAX_SAMPLES = 16;
/** Distinct type tuples kept per region; the rest are counted as "other". */
export const MAX_TUPLES = 64;
export const MAX_CALLERS = 256;

// Sums can outgrow what a double holds exactly only after years of profiling; clamp rather than lose order.
function add(a: number, b: number): number {
  return Math.min(a + b, Number.MAX_SAFE_INTEGER);
}

/** A key identifying a value exactly: floats by bit pattern so -0.0 and NaN payloads stay distinct. */
export function valueKey(v: PhpValue): string {
  switch (v.kind) {
    case 'null':
      return 'n';
    case 'bool':
      return v.value ? 'T' : 'F';
    case 'int':
      return 'i' + v.value.toString();
    case 'float': {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v.value);
      return 'f' + b.toString('hex');
    }
    // Lengths first, so no byte inside a string or key can fake a boundary.
    case 'string':
      return `s${v.value.length}:${v.value}`;
    case 'array':
      return `a${entriesKey(v.entries)}`;
    case 'object':
      return `o${v.className.length}:${v.className}#${v.id ?? ''}${v.repeat ? '^' : entriesKey(v.props)}`;
  }
}

function entriesKey(entries: readonly { readonly key: bigint | string; readonly value: PhpValue }[]): string {
  return `${entries.length}[${entries.map((e) => `${typeof e.key === 'bigint' ? `i${e.key}` : `s${e.key.length}:${e.key}`}=${valueKey(e.value)}`).join(';')}]`;
}

export function sampleKey(args: readonly PhpValue[]): string {
  return args.map(valueKey).join(',');
}

function mergeTuples(into: TypeTupleCount[], from: readonly TypeTupleCount[]): number {
  let overflow = 0;
  for (const t of from) {
    const k = t.types.join(',');
    const have = into.find((x) => x.types.join(',') === k);
    if (have) have.count = add(have.count, t.count);
    else if (into.length < MAX_TUPLES) into.push({ types: [...t.types], count: t.count });
    else overflow = add(overflow, t.count);
  }
  return overflow;
}

function emptyProfile(app: string, d: RegionDelta): RegionProfile {
  return {
    key: d.key,
    app,
    file: d.file,
    className: d.className,
    functionName: d.functionName,
    calls: 0,
    timedCalls: 0,
    timeNs: 0,
    argTypes: [],
    argTypesOther: 0,
    returnTypes: [],
    samples: [],
    callers: new Map(),
    numParams: d.numParams,
    requiredParams: d.requiredParams,
    byRefParams: d.byRefParams,
    byRefMask: d.byRefMask,
    variadic: d.variadic,
    argClasses: [],
  };
}

/** Per parameter: one class, "" (no object) absorbed by a class, several classes become "*". */
function mergeArgClasses(into: string[], from: readonly string[]): void {
  for (const [i, c] of from.entries()) {
    const have = into[i];
    if (have === undefined || have === '') into[i] = c;
    else if (c !== '' && c !== have) into[i] = '*';
  }
}

/**
 * The newer source, keeping class sources of the same region version the newer one did not
 * resend, and joining the world hints every process reported for this version (a new version
 * starts over: its code may name other constants and globals).
 */
function mergeSource(old: RegionSource | undefined, d: RegionSource): RegionSource {
  if (!old || old.sha256 !== d.sha256) return d;
  const byName = new Map<string, ClassSource>();
  for (const c of [...(old.classes ?? []), ...(d.classes ?? [])]) byName.set(c.name.replace(/[A-Z]/g, (x) => x.toLowerCase()), c);
  const world = joinWorldHints(old.world, d.world);
  return { ...d, classes: [...byName.values()], ...(world.length > 0 ? { world } : {}) };
}

/** Applies one delta to a profile; a new source version starts the counters over. */
export function mergeRegionDelta(p: RegionProfile, d: RegionDelta): void {
  if (d.source && p.source && d.source.sha256 !== p.source.sha256) {
    // The function was redefined (file edited): counters of the old version say nothing about the new one.
    p.calls = p.timedCalls = p.timeNs = p.argTypesOther = 0;
    p.argTypes = [];
    p.returnTypes = [];
    p.samples = [];
    p.callers = new Map();
    p.argClasses = [];
  }
  if (d.source) p.source = mergeSource(p.source, d.source);
  mergeArgClasses(p.argClasses, d.argClasses);
  p.numParams = d.numParams;
  p.requiredParams = d.requiredParams;
  p.byRefParams = d.byRefParams;
  p.byRefMask = d.byRefMask;
  p.variadic = d.variadic;
  p.calls = add(p.calls, d.calls);
  p.timedCalls = add(p.timedCalls, d.timedCalls);
  p.timeNs = add(p.timeNs, d.timeNs);
  p.argTypesOther = add(p.argTypesOther, add(d.argTypesOther, mergeTuples(p.argTypes, d.argTypes)));
  mergeTuples(p.returnTypes, d.returnTypes);
  const seen = new Set(p.samples.map(sampleKey));
  for (const s of d.samples) {
    if (p.samples.length >= MAX_SAMPLES) break;
    const k = sampleKey(s);
    if (!seen.has(k)) {
      seen.add(k);
      p.samples.push(s);
    }
  }
  for (const [caller, n] of d.callers) {
    const have = p.callers.get(caller);
    if (have !== undefined) p.callers.set(caller, add(have, n));
    else if (p.callers.size < MAX_CALLERS) p.callers.set(caller, n);
  }
}

/** All profiles the service holds, per app. */
export class ProfileAggregator {
  readonly #apps = new Map<string, Map<string, RegionProfile>>();

  /** Merges a batch's regions and returns the profiles that changed. */
  apply(app: string, deltas: readonly RegionDelta[]): RegionProfile[] {
    let regions = this.#apps.get(app);
    if (!regions) this.#apps.set(app, (regions = new Map()));
    const changed = new Map<string, RegionProfile>();
    for (const d of deltas) {
      let p = regions.get(d.key);
      if (!p) regions.set(d.key, (p = emptyProfile(app, d)));
      mergeRegionDelta(p, d);
      changed.set(d.key, p);
    }
    return [...changed.values()];
  }

  get(app: string, key: string): RegionProfile | undefined {
    return this.#apps.get(app)?.get(key);
  }

  /** Every profile of an app (live objects: callers must not keep them across awaits and mutate). */
  profiles(app: string): RegionProfile[] {
    return [...(this.#apps.get(app)?.values() ?? [])];
  }

  apps(): string[] {
    return [...this.#apps.keys()];
  }
}
