// markDirectCalls: marks calls whose callee is compiled into the same module as direct native calls g++ can inline.
import { rewriteModule } from './map-ir.ts';
import type { PassFn } from './types.ts';

export const markDirectCalls: PassFn = (ir) =>
  rewriteModule(ir, (e) => (e.k === 'call' && !e.direct && ir.functions[e.callee] !== undefined ? { ...e, direct: true } : e));
