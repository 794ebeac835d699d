// Test helpers for the loop passes: IR from PHP sources, loop lookup, and "is this int op checked?" queries.
import { emitCpp } from '../../src/codegen/index.ts';
import { compileUnit } from '../../src/compile/index.ts';
import { isDeclined } from '../../src/core/declined.ts';
import type { ScalarType } from '../../src/core/php-value.ts';
import { buildIr } from '../../src/frontend/index.ts';
import type { IrExpr, IrModule, IrStmt } from '../../src/frontend/types.ts';
import { walkBody } from '../../src/passes/map-ir.ts';
import { cacheDir } from '../fixtures/compiler/kernel-harness.ts';
import { planOf } from '../fixtures/compiler/plan-of.ts';

export type LoopStmt = Extract<IrStmt, { k: 'loop' }>;

export function irOf(src: string, types: readonly ScalarType[] = ['int'], byRef?: readonly boolean[]): IrModule {
  const r = buildIr(planOf([{ src, paramTypes: types, ...(byRef ? { byRef } : {}) }]));
  if (isDeclined(r)) throw new Error(r.reason);
  return r;
}

/** Every loop statement of function 0, outer before inner, in source order. */
export function loopsOf(m: IrModule, fn = 0): LoopStmt[] {
  const out: LoopStmt[] = [];
  walkBody(m.functions[fn]!.body, () => {}, (s) => {
    if (s.k === 'loop') out.push(s);
  });
  return out;
}

export function localId(m: IrModule, name: string, fn = 0): number {
  const l = m.functions[fn]!.locals.find((x) => x.name === name);
  if (!l) throw new Error(`no local $${name}`);
  return l.id;
}

/**
 * The writes of local `name` (assign / incdec nodes) in the statements, each as 'checked' or
 * 'unchecked': an incdec or a non-noOverflow int add/sub is checked.
 */
export function writesOf(m: IrModule, list: readonly IrStmt[], name: string): ('checked' | 'unchecked')[] {
  const id = localId(m, name);
  const out: ('checked' | 'unchecked')[] = [];
  walkBody(list, (e: IrExpr) => {
    if (e.k === 'incdec' && e.id === id) out.push('checked');
    if (e.k === 'assign' && e.id === id && e.value.k === 'binary' && (e.value.op === 'add' || e.value.op === 'sub')) out.push(e.value.noOverflow ? 'unchecked' : 'checked');
  });
  return out;
}

/** Compiles a module as is (no passes) with real g++; returns the shared object's path. */
export async function compileIr(ir: IrModule): Promise<string> {
  const unit = emitCpp(ir);
  if (isDeclined(unit)) throw new Error(`declined: ${unit.reason}`);
  const artifact = await compileUnit(unit, { cacheDir });
  if (isDeclined(artifact)) throw new Error(`declined: ${artifact.reason}\n${unit.cpp}`);
  return artifact.path;
}
