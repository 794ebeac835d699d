// Passes stage entry: the pass table, its order rules (checked at load) and the driver (runPasses).
import { StageError } from '../core/declined.ts';
import { showIr } from '../frontend/show-ir.ts';
import type { IrModule } from '../frontend/types.ts';
import { foldConstants } from './fold-constants.ts';
import { markDirectCalls } from './mark-direct-calls.ts';
import { proveNoOverflow } from './prove-no-overflow.ts';
import { recordTripCounts } from './record-trip-counts.ts';
import { specializeNonNeg } from './specialize-nonneg.ts';
import type { OrderRule, Pass, PassContext } from './types.ts';
import { uncheckLoopCounters } from './uncheck-loop-counters.ts';
import { verifyIr } from './verify-ir.ts';
import { versionOverflowChecks } from './version-overflow-checks.ts';

export { verifyIr } from './verify-ir.ts';
export type { Pass, PassContext, OrderRule } from './types.ts';

export const PASSES: readonly Pass[] = [
  { name: 'fold-constants', run: foldConstants, required: false },
  { name: 'record-trip-counts', run: recordTripCounts, required: false },
  { name: 'uncheck-loop-counters', run: uncheckLoopCounters, required: false },
  { name: 'version-overflow-checks', run: versionOverflowChecks, required: false },
  { name: 'specialize-nonneg', run: specializeNonNeg, required: false },
  { name: 'prove-no-overflow', run: proveNoOverflow, required: false },
  { name: 'mark-direct-calls', run: markDirectCalls, required: true },
];

export const ORDER_RULES: readonly OrderRule[] = [
  // Folding can delete calls in dead ternary branches; mark what survives.
  { before: 'fold-constants', after: 'mark-direct-calls' },
  // Ranges come from constant operands, which folding produces.
  { before: 'fold-constants', after: 'prove-no-overflow' },
  { before: 'fold-constants', after: 'specialize-nonneg' },
  // Constant bounds make more loops counted and more counter steps safe without a guard.
  { before: 'fold-constants', after: 'record-trip-counts' },
  // Both read the counted-loop records.
  { before: 'record-trip-counts', after: 'uncheck-loop-counters' },
  { before: 'record-trip-counts', after: 'version-overflow-checks' },
  // A counter step already unchecked needs no guard term, and alone never makes a loop worth a second copy.
  { before: 'uncheck-loop-counters', after: 'version-overflow-checks' },
  // The dispatchers and copies it adds call functions of the module too.
  { before: 'specialize-nonneg', after: 'mark-direct-calls' },
];

/** Throws when a rule names an unknown pass or the table violates it. */
export function checkPassOrder(passes: readonly Pass[], rules: readonly OrderRule[]): void {
  const index = new Map(passes.map((p, i) => [p.name, i]));
  if (index.size !== passes.length) throw new StageError('passes', '-', 'duplicate pass name in the pass table');
  for (const r of rules) {
    const a = index.get(r.before);
    const b = index.get(r.after);
    if (a === undefined || b === undefined) throw new StageError('passes', '-', `order rule names an unknown pass: ${r.before} before ${r.after}`);
    if (a >= b) throw new StageError('passes', '-', `pass ${r.before} must run before ${r.after}`);
  }
}

checkPassOrder(PASSES, ORDER_RULES);

export function runPasses(ir: IrModule, ctx: PassContext = {}): IrModule {
  return runPassTable(PASSES, ir, ctx);
}

/** Runs a given table (tests use small tables); verifies, dumps and times as asked. */
export function runPassTable(passes: readonly Pass[], ir: IrModule, ctx: PassContext = {}): IrModule {
  const env = process.env;
  const verify = ctx.verify ?? env['POLYVIRT_VERIFY_IR'] === '1';
  const dump = new Set(ctx.dumpAfter ?? (env['POLYVIRT_DUMP_AFTER'] ?? '').split(',').filter(Boolean));
  const time = env['POLYVIRT_TIME_PASSES'] === '1';
  const log = ctx.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (verify) verifyIr(ir, 'frontend');
  let cur = ir;
  for (const pass of passes) {
    const t0 = performance.now();
    let result;
    try {
      result = pass.run(cur, ctx);
    } catch (err) {
      if (err instanceof StageError) throw err;
      throw new StageError(`passes/${pass.name}`, ir.rootKey, (err as Error).message, { cause: err });
    }
    cur = result.ir;
    if (time) log(`polyvirt: pass ${pass.name} ${(performance.now() - t0).toFixed(2)} ms${result.changed ? ' (changed)' : ''}`);
    if (verify) verifyIr(cur, pass.name);
    if (dump.has(pass.name)) log(`polyvirt: IR after ${pass.name}\n${showIr(cur)}`);
  }
  return cur;
}
