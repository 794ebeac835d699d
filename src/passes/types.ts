// Types shared by the IR passes: the pass signature, its table entry and the context threaded through a run.
import type { IrModule } from '../frontend/types.ts';

export interface PassContext {
  /** Run verifyIr after every pass (also on with POLYVIRT_VERIFY_IR=1). */
  readonly verify?: boolean;
  /** Pass names after which to dump the IR (also POLYVIRT_DUMP_AFTER=a,b). */
  readonly dumpAfter?: readonly string[];
  /** Where dumps and timings go; stderr by default. */
  readonly log?: (line: string) => void;
}

/** A pass rewrites the module in place of its `functions` (returning a new module) and says whether it changed anything. */
export type PassFn = (ir: IrModule, ctx: PassContext) => { ir: IrModule; changed: boolean };

export interface Pass {
  readonly name: string;
  readonly run: PassFn;
  /** Required passes run even when optimizations are disabled. */
  readonly required: boolean;
}

/** "a before b": when both run, a runs first. */
export interface OrderRule {
  readonly before: string;
  readonly after: string;
}
