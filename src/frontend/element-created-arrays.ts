// Arrays PHP creates by their first element write (`$a[$i] = v` on an unset $a): reads that may see them unset are guarded.
import { mapStmts, walkBody } from '../passes/map-ir.ts';
import { arrayOf, isArrayType, type IrExpr, type IrLocal, type IrStmt, type IrType } from './types.ts';

/** Builtins taking the array by reference (array_pop/array_shift remove elements; all need a plain local). */
const BY_REF: ReadonlySet<string> = new Set(['array_push', 'array_pop', 'array_shift', 'sort', 'rsort']);

/**
 * Locals of array type that are only ever defined by element writes and never lose elements
 * (no plain assignment, unset, by-reference builtin, foreach binding, or passing to a call that
 * might take them by reference). For these, "unset" and "empty" coincide: the kernel can start
 * them as an empty array.
 */
export function elementCreatedArrays(body: readonly IrStmt[], locals: readonly Pick<IrLocal, 'id' | 'type' | 'isParam' | 'world' | 'byRef'>[]): Set<number> {
  const ids = new Set(locals.filter((l) => isArrayType(l.type) && !l.isParam && l.world === undefined && !l.byRef).map((l) => l.id));
  const drop = (id: number) => ids.delete(id);
  walkBody(
    body,
    (e) => {
      if (e.k === 'assign') drop(e.id);
      else if (e.k === 'builtin' && BY_REF.has(e.name) && e.args[0]?.k === 'local') drop(e.args[0].id);
      else if (e.k === 'call') for (const a of e.args) if (a.k === 'local') drop(a.id);
    },
    (s) => {
      if (s.k === 'unset') drop(s.id);
      if (s.k === 'foreach') {
        drop(s.valueId);
        if (s.keyId !== null) drop(s.keyId);
      }
    },
  );
  return ids;
}

/**
 * Makes the kernel's behavior explicit: each element-created array starts as `[]`, and every read
 * in `guarded` (one that may see the array unset, outside an element read or isset) becomes
 * `count($a) > 0 ? $a : <DEOPT>`: an empty one was never written, so PHP would warn "Undefined
 * variable" there and the kernel gives up (reading a key of an empty array DEOPTs).
 */
export function guardUnsetReads(body: readonly IrStmt[], created: ReadonlyMap<number, IrType>, guarded: ReadonlySet<IrExpr>, line: number): IrStmt[] {
  if (created.size === 0) return [...body];
  const rewritten = mapStmts(body, (e) => {
    if (e.k !== 'local' || !guarded.has(e)) return e;
    const count: IrExpr = { k: 'builtin', type: 'int', name: 'count', opType: e.type, args: [e] };
    const nonEmpty: IrExpr = { k: 'binary', type: 'bool', op: 'gt', opType: 'int', left: count, right: { k: 'const', type: 'int', value: 0n } };
    const deopt: IrExpr = { k: 'index', type: e.type, base: { k: 'array', type: arrayOf(e.type), items: [] }, key: { k: 'const', type: 'int', value: 0n } };
    return { k: 'cond', type: e.type, test: nonEmpty, then: e, else: deopt };
  });
  const prologue: IrStmt[] = [...created].map(([id, type]) => ({
    k: 'expr',
    line,
    expr: { k: 'assign', type, id, value: { k: 'array', type: type as `array<${string}>`, items: [] } },
  }));
  return [...prologue, ...rewritten];
}
