// Per-construct coverage: how often each operator, builtin, statement kind and edge value was generated and ran natively.
import type { ProgramResult } from './check-programs.ts';
import type { FnDef, Stmt } from './program.ts';

/**
 * Generated: how many functions (or driver calls) used the construct; compiled: how many of
 * them got a kernel (the rest were declined and stayed interpreted); native: how many ran
 * natively at least once. A construct generated but never compiled is not tested natively at
 * all, however many programs agree.
 */
export interface CoverageRow {
  generated: number;
  compiled: number;
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

/** Every construct tag of a function: its own and those of its statements at any depth. */
export function functionTags(f: FnDef): Set<string> {
  const tags = new Set<string>(f.tags);
  stmtTags(f.body, tags);
  return tags;
}

function bump(cov: Coverage, tag: string, compiled: boolean, native: boolean): void {
  let row = cov.get(tag);
  if (!row) cov.set(tag, (row = { generated: 0, compiled: 0, native: 0 }));
  row.generated++;
  if (compiled) row.compiled++;
  if (native) row.native++;
}

/**
 * A function counts as native when its kernel finished a call natively, or when a function
 * that ran natively calls it (module-internal calls are direct C++ calls and have no counter).
 * A driver call counts as native when it took at least one native kernel call.
 */
export function addCoverage(cov: Coverage, r: ProgramResult): void {
  const p = r.program;
  // A method without its own kernel is compiled into the compiled functions that call it.
  const compiledAt = (f: (typeof p.functions)[number]): boolean =>
    r.compiled.has(f.name.toLowerCase()) || (f.className !== undefined && !f.planned && p.functions.some((g) => g.callees.includes(f.name) && r.compiled.has(g.name.toLowerCase())));
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
        const callee = p.functions.find((g) => g.name === c);
        if (!ranNative.has(c) && (r.compiled.has(c.toLowerCase()) || (callee !== undefined && compiledAt(callee)))) {
          ranNative.add(c);
          grew = true;
        }
      }
    }
  }
  for (const f of p.functions) {
    const tags = functionTags(f);
    tags.add('function');
    const compiled = compiledAt(f);
    if (compiled) tags.add('function:compiled');
    else tags.add('function:declined');
    for (const t of tags) bump(cov, t, compiled, ranNative.has(f.name));
  }
  for (const c of p.driver) {
    const compiled = r.compiled.has(c.fn.toLowerCase());
    const native = (r.report?.nativeByCall.get(c.id) ?? 0) > 0;
    const deopt = (r.report?.deoptsByCall.get(c.id) ?? 0) > 0;
    for (const t of c.tags) bump(cov, t, compiled, native);
    if (deopt) bump(cov, 'call:deopted', compiled, native);
  }
}

export function formatCoverage(cov: Coverage): string {
  const rows = [...cov].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(10, ...rows.map(([k]) => k.length));
  const col = (n: number | string): string => String(n).padStart(9);
  const lines = [`${'construct'.padEnd(width)}  ${col('generated')}  ${col('compiled')}  ${col('native')}`];
  for (const [k, v] of rows) {
    const flag = v.compiled === 0 ? '  <- never compiled' : v.native === 0 ? '  <- never native' : '';
    lines.push(`${k.padEnd(width)}  ${col(v.generated)}  ${col(v.compiled)}  ${col(v.native)}${flag}`);
  }
  return lines.join('\n') + '\n';
}

/** Why functions stayed interpreted, most frequent first: reason (names and lines normalized) → count. */
export function formatDeclines(reasons: ReadonlyMap<string, number>, limit = 25): string {
  const rows = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const lines = rows.slice(0, limit).map(([reason, n]) => `${String(n).padStart(7)}  ${reason}`);
  if (rows.length > limit) lines.push(`${String(rows.slice(limit).reduce((s, [, n]) => s + n, 0)).padStart(7)}  (${rows.length - limit} other reasons)`);
  return lines.join('\n') + '\n';
}
