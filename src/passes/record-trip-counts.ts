// recordTripCounts: marks every counted loop (`for ($i = a; $i < b; $i += c)`, see CountedLoop) with its counter, bound and step, from which tripCount builds the trip-count expression.
import type { IrStmt } from '../frontend/types.ts';
import { recognizeCountedLoop, sameCountedLoop } from './counted-loops.ts';
import { mapBodies, mapStmtTree } from './map-ir.ts';
import type { PassFn } from './types.ts';

export const recordTripCounts: PassFn = (ir) => {
  let changed = false;
  const functions = ir.functions.map((fn) => {
    let here = false;
    const body = mapStmtTree(fn.body, (s, recurse): IrStmt => {
      const out = mapBodies(s, recurse);
      if (out.k !== 'loop') return out;
      const counted = recognizeCountedLoop(ir, fn, out) ?? undefined;
      if (sameCountedLoop(counted, out.counted)) return out;
      here = true;
      // A loop that no longer counts (a pass changed it) loses its record.
      const { counted: _stale, ...rest } = out;
      return counted ? { ...rest, counted } : rest;
    });
    if (here) changed = true;
    return here ? { ...fn, body } : fn;
  });
  return { ir: changed ? { ...ir, functions } : ir, changed };
};
