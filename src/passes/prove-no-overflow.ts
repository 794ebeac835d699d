// proveNoOverflow: drops overflow checks on int +, -, * whose operand ranges are bounded by dominating tests (see int-ranges.ts).
import { FULL, RangeProver, stableLocals } from './int-ranges.ts';
import type { PassFn } from './types.ts';

export const proveNoOverflow: PassFn = (ir) => {
  let changed = false;
  const functions = ir.functions.map((fn) => {
    const p = new RangeProver(stableLocals(fn, ir), { callRange: () => FULL });
    const body = p.stmts(fn.body, new Map());
    if (p.changed) changed = true;
    return p.changed ? { ...fn, body } : fn;
  });
  return { ir: changed ? { ...ir, functions } : ir, changed };
};
