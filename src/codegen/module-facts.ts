// What codegen must know about a whole module before emitting it: which functions need the host context, which have effects, whether DEOPT throws.
import type { IrFunction, IrModule } from '../frontend/types.ts';
import { walkBody, writtenLocals } from '../passes/map-ir.ts';
import { isTrivialType } from './cpp-types.ts';

export interface ModuleFacts {
  /** Some code holds values with destructors: pv::deopt() throws pv::Deopt (PV_DEOPT_THROWS) instead of longjmp. */
  readonly throws: boolean;
  /** Per function: takes the invocation context `cx` (prints, touches world slots, or calls one that does). */
  readonly ctx: readonly boolean[];
  /** Per function: prints or writes globals, statics or by-reference parameters, itself or through calls. */
  readonly effects: readonly boolean[];
  /** Per function: locals it may write (see writtenLocals). */
  readonly written: readonly ReadonlySet<number>[];
  /** The C++ type of `cx`: the module's own context with its world slots, or plain pv::Ctx. */
  readonly ctxType: string;
}

export function moduleFacts(ir: IrModule): ModuleFacts {
  const fns = ir.functions;
  const written = fns.map((fn) => writtenLocals(ir, fn));
  const callees = fns.map(calleesOf);
  const ctx = fns.map((fn) => fn.locals.some((l) => l.world !== undefined) || usesHost(fn));
  const effects = fns.map((fn, i) => prints(fn) || writesProps(fn) || fn.locals.some((l) => (l.world !== undefined || l.byRef === true) && written[i]!.has(l.id)));
  // Both facts flow from callees to callers until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    fns.forEach((_, i) => {
      for (const c of callees[i]!) {
        if (ctx[c] && !ctx[i]) ctx[i] = changed = true;
        if (effects[c] && !effects[i]) effects[i] = changed = true;
      }
    });
  }
  let nonTrivial = ir.world.length > 0;
  for (const fn of fns) {
    if (!isTrivialType(fn.returnType) || fn.locals.some((l) => !isTrivialType(l.type))) nonTrivial = true;
    walkBody(fn.body, (e) => {
      if (!isTrivialType(e.type)) nonTrivial = true;
    });
  }
  return { throws: nonTrivial || ctx.some(Boolean), ctx, effects, written, ctxType: ir.world.length > 0 ? 'Cx' : 'pv::Ctx' };
}

function calleesOf(fn: IrFunction): Set<number> {
  const out = new Set<number>();
  walkBody(fn.body, (e) => {
    if (e.k === 'call') out.add(e.callee);
    if (e.k === 'new' && e.ctor !== null) out.add(e.ctor);
  });
  return out;
}

/** Output of its own: echo, print, printf. */
function prints(fn: IrFunction): boolean {
  let found = false;
  walkBody(
    fn.body,
    (e) => {
      if (e.k === 'print' || (e.k === 'builtin' && e.name === 'printf')) found = true;
    },
    (s) => {
      if (s.k === 'echo') found = true;
    },
  );
  return found;
}

/** Writes a property (of a host object, possibly: committed with property_set), or runs a constructor that does. */
function writesProps(fn: IrFunction): boolean {
  let found = false;
  walkBody(fn.body, (e) => {
    if (e.k === 'prop_assign') found = true;
  });
  return found;
}

/** Needs the host itself: output, or a constant read. */
function usesHost(fn: IrFunction): boolean {
  let found = prints(fn);
  walkBody(fn.body, (e) => {
    if (e.k === 'constant') found = true;
  });
  return found;
}
