// The driver of a generated program: profile calls, then typical, edge and guard-breaking calls, with by-reference variables, globals and output buffers.
import type { ScalarType } from '../core/php-value.ts';
import { GLOBALS } from './generate-everyday.ts';
import type { ObjectWorld } from './generate-objects.ts';
import type { Prng } from './prng.ts';
import type { DriverCall, FnDef } from './program.ts';
import { EDGE, KIND_EDGE, KIND_TYPICAL, TYPICAL, guardBreakers, kindBreakers, type Val } from './values.ts';

const SCALARS: readonly string[] = ['int', 'float', 'bool'];

/** The argument kind of parameter i: argKinds when the generator gave one, else the param type. */
function kindOf(fn: FnDef, i: number): string {
  return fn.argKinds?.[i] ?? fn.paramTypes[i]!;
}

function typicalOfKind(kind: string): readonly Val[] {
  return SCALARS.includes(kind) ? TYPICAL[kind as ScalarType] : KIND_TYPICAL[kind]!;
}

function edgeOfKind(kind: string): readonly Val[] {
  return SCALARS.includes(kind) ? EDGE[kind as ScalarType] : KIND_EDGE[kind]!;
}

function breakersOfKind(kind: string): readonly Val[] {
  return SCALARS.includes(kind) ? guardBreakers(kind as ScalarType) : kindBreakers(kind);
}

/**
 * What the functions of a program do with globals: which ones they read (the driver sets them
 * before the first call, as a program would) and which ones they write (shown after calls).
 */
export interface ProgramGlobals {
  readonly used: ReadonlySet<string>;
  readonly written: ReadonlySet<string>;
}

/**
 * The driver calls every function (and every planned method, on a receiver it creates) once with
 * its profile types, then with typical, edge and guard-breaking arguments. Objects come from
 * `objects` (the program's classes): a variable created just before the call and printed after it.
 */
export function makeDriver(rng: Prng, fns: readonly FnDef[], globals: ProgramGlobals, objects?: ObjectWorld): DriverCall[] {
  const calls: DriverCall[] = [];
  const kindOfGlobal = new Map(GLOBALS);
  const typicalOf = (kind: string): readonly Val[] => (kind.startsWith('object:') ? [objects!.values(kind, 'typical')] : typicalOfKind(kind));
  const edgeOf = (kind: string): readonly Val[] => (kind.startsWith('object:') ? [objects!.values(kind, 'edge')] : edgeOfKind(kind));
  const breakersOf = (kind: string): readonly Val[] => (kind.startsWith('object:') ? [objects!.values(kind, 'break')] : breakersOfKind(kind));
  const add = (fn: FnDef, vals: readonly Val[], kind: string, first: boolean): void => {
    const id = calls.length + 1;
    const setup: string[] = [];
    const show: string[] = [];
    const tags = [kind, ...vals.map((v) => v.tag).filter(Boolean)];
    let recv: string | undefined;
    if (fn.className !== undefined && !fn.isStatic) {
      // The receiver: of the method's class, or (edge, guard break) of a subclass that inherits it.
      const cls = objects!.byName(fn.className);
      const subs = objects!.subclassesOf(cls).filter((c) => objects!.declaring(c, fn.name.slice(fn.name.indexOf('::') + 2)) === cls);
      const sub = kind !== 'call:profile' && kind !== 'call:typical' && subs.length > 0 && rng.chance(0.4);
      recv = `$r${id}_this`;
      setup.push(`${recv} = ${objects!.newExpr(sub ? rng.pick(subs) : cls)};`);
      show.push(recv);
      tags.push('call:method', ...(sub ? ['call:subclass-receiver'] : []));
    } else if (fn.className !== undefined) tags.push('call:static-method');
    const args = vals.map((v, i) => {
      const object = kindOf(fn, i).startsWith('object:') && v.php.startsWith('new ');
      if (!fn.byRef[i] && !object) return v.php;
      const r = `$r${id}_${i}`;
      setup.push(`${r} = ${v.php};`);
      show.push(r);
      return r;
    });
    if (fn.paramTypes.includes('object')) tags.push('call:object-arg');
    if (fn.byRef.some(Boolean)) tags.push('call:byref');
    if (fn.paramTypes.includes('string')) tags.push('call:string-arg');
    if (fn.paramTypes.includes('array')) tags.push('call:array-arg');
    if (globals.used.size > 0 && (first || rng.chance(0.3))) {
      // Before the first call every global is set with its kind; later, sometimes an edge
      // value, another type (the kernel's guard on it fails) or nothing (PHP warns on the read).
      for (const g of globals.used) {
        const k = kindOfGlobal.get(g)!;
        const mode = first ? 'typical' : rng.weighted([[4, 'typical'], [3, 'edge'], [2, 'break'], [1, 'unset']] as const);
        if (mode === 'unset') {
          setup.push(`unset(${g});`);
          tags.push('global:unset');
          continue;
        }
        const v = rng.pick(mode === 'typical' ? typicalOf(k) : mode === 'edge' ? edgeOf(k) : breakersOf(k));
        setup.push(`${g} = ${v.php};`);
        tags.push(mode === 'break' ? 'global:set-other-type' : 'call:global-set');
      }
    }
    for (const g of globals.written) show.push(g);
    // Output buffers matter where there is output: functions that echo, and warnings PHP prints.
    const ob = rng.chance(fn.tags.some((t) => t.startsWith('family:')) ? 0.3 : 0.05);
    if (ob) tags.push('call:ob');
    calls.push({ id, fn: fn.name, ...(recv ? { recv } : {}), args, tags, ...(setup.length ? { setup } : {}), ...(show.length ? { show } : {}), ...(ob ? { ob } : {}) });
  };
  const typical = (fn: FnDef, i: number): Val =>
    fn.tags.includes('recursion') && i === 0 ? { php: String(rng.range(0, 9)), tag: '' } : { ...rng.pick(typicalOf(kindOf(fn, i))) };
  // The first calls fix the profile: every function once with its own types.
  let first = true;
  for (const fn of fns) {
    add(fn, fn.paramTypes.map((_, i) => typical(fn, i)), 'call:profile', first);
    first = false;
  }
  const extra = rng.range(4, 10);
  for (let n = 0; n < extra; n++) {
    const fn = rng.pick(fns);
    const mode = rng.weighted([[45, 'edge'], [20, 'typical'], [35, 'break']] as const);
    if (mode === 'typical') add(fn, fn.paramTypes.map((_, i) => typical(fn, i)), 'call:typical', false);
    else if (mode === 'edge') {
      add(fn, fn.paramTypes.map((_, i) => (rng.chance(0.6) ? { ...rng.pick(edgeOf(kindOf(fn, i))) } : typical(fn, i))), 'call:edge', false);
    } else {
      const broken = rng.int(fn.paramTypes.length);
      add(
        fn,
        fn.paramTypes.map((_, i) => (i === broken || rng.chance(0.2) ? { ...rng.pick(breakersOf(kindOf(fn, i))) } : typical(fn, i))),
        'call:guard-break',
        false,
      );
    }
  }
  return calls;
}
