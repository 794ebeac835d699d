// Per-construct coverage: how often each operator, builtin, statement kind and edge value was generated and ran natively.
import type { ProgramResult } from './check-programs.ts';
import type { Stmt } from './program.ts';

export interface CoverageRow {
  generated: number;
  native: number;
}

export type Coverage = Map<string, CoverageRow>;

function stmtTags(list: readonly Stmt[], out: Set<string>): void {
  for (const s of list) {
    for (const t of s.tags) out.add(t);
    if (s.kind === 'block') {
      stmtTags(s.body, out);
      stmtTags(s.alt ?? [], out);
    }
  }
}

function bump(cov: Coverage, tag: string, native: boolean): void {
  let row = cov.get(tag);
  if (!row) cov.set(tag, (row = { generated: 0, native: 0 }));
  row.generated++;
  if (native) row.native++;
}

/**
 * A function counts as native when its kernel finished a call natively, or when a function
 * that ran natively calls it (module-internal calls are direct C++ calls and have no counter).
 * A driver call counts as native when it took at least one native kernel call.
 */
export function addCoverage(cov: Coverage, r: ProgramResult): void {
  const p = r.program;
  const ranNative = new Set<string>();
  for (const f of p.functions) {
    const k = r.report?.kernels.get(f.name.toLowerCase());
    if (k && k.native_calls > 0) ranNative.add(f.name);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of p.functions) {
      if (!ranNative.has(f.name)) continue;
      for (const c of f.callees) {
        if (!ranNative.has(c) && r.compiled.has(c.toLowerCase())) {
          ranNative.add(c);
          grew = true;
        }
      }
    }
  }
  for (const f of p.functions) {
    const tags = new Set<string>(f.tags);
    stmtTags(f.body, tags);
    tags.add('function');
    if (r.compiled.has(f.name.toLowerCase())) tags.add('function:compiled');
    for (const t of tags) bump(cov, t, ranNative.has(f.name));
  }
  for (const c of p.driver) {
    const native = (r.report?.nativeByCall.get(c.id) ?? 0) > 0;
    const deopt = (r.report?.deoptsByCall.get(c.id) ?? 0) > 0;
    for (const t of c.tags) bump(cov, t, native);
    if (deopt) bump(cov, 'call:deopted', native);
  }
}

export function formatCoverage(cov: Coverage): string {
  const rows = [...cov].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(10, ...rows.map(([k]) => k.length));
  const lines = [`${'construct'.padEnd(width)}  ${'generated'.padStart(9)}  ${'native'.padStart(9)}`];
  for (const [k, v] of rows) {
    const flag = v.native === 0 ? '  <- never native' : '';
    lines.push(`${k.padEnd(width)}  ${String(v.generated).padStart(9)}  ${String(v.native).padStart(9)}${flag}`);
  }
  return lines.join('\n') + '\n';
}
