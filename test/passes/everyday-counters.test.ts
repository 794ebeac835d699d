import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import type { ParamType } from '../../src/core/php-value.ts';
import { buildIr } from '../../src/frontend/index.ts';
import type { IrExpr, IrModule, IrStmt } from '../../src/frontend/types.ts';
import { constStep } from '../../src/passes/counted-loops.ts';
import { runPasses } from '../../src/passes/index.ts';
import { someExpr } from '../../src/passes/map-ir.ts';
import { planOf, type FnSpec } from '../fixtures/compiler/plan-of.ts';

// The loop counters of the everyday benchmark programs (test/php/bench/everyday) must come out
// of the passes unchecked, except in the checked copy of a versioned loop.
const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(here, '../php/bench/everyday');
const Engine = createRequire(import.meta.url)('php-parser');

/** Function specs of a bench file, `root` first (exported), with the given parameter types. */
function specsOf(file: string, root: string, types: Record<string, ParamType[]>, byRef: Record<string, boolean[]> = {}): FnSpec[] {
  const src = readFileSync(resolve(dir, file), 'utf8');
  const lines = src.split('\n');
  const ast = new Engine({ parser: { php8: true }, ast: { withPositions: true } }).parseCode(src, file);
  const fns = (ast.children as { kind: string; name: { name: string }; loc: { start: { line: number }; end: { line: number } } }[]).filter((n) => n.kind === 'function' && n.name.name !== 'timed');
  fns.sort((a, b) => Number(b.name.name === root) - Number(a.name.name === root));
  return fns.map((f) => ({
    src: lines.slice(f.loc.start.line - 1, f.loc.end.line).join('\n'),
    lineStart: f.loc.start.line,
    paramTypes: types[f.name.name]!,
    ...(byRef[f.name.name] ? { byRef: byRef[f.name.name] } : {}),
    exported: f.name.name === root,
  }));
}

/** `$k = $k ± $v` as the id of $k. */
function localStep(e: IrExpr): { id: number } | null {
  if (e.k !== 'assign' || e.value.k !== 'binary' || (e.value.op !== 'add' && e.value.op !== 'sub')) return null;
  const { left, right } = e.value;
  return (left.k === 'local' && left.id === e.id) || (e.value.op === 'add' && right.k === 'local' && right.id === e.id) ? { id: e.id } : null;
}

/** Checked counter steps (`for` steps, and `$i++` statements of while bodies) outside checked copies, as "line N". */
function checkedCounters(m: IrModule): string[] {
  const out: string[] = [];
  const visit = (list: readonly IrStmt[], inCheckedCopy: boolean): void => {
    for (const s of list) {
      if (s.k === 'if') {
        // A version: `if (guard) { fast } else { checked }` with the same loop on both sides.
        const pair = s.then.length === 1 && s.else.length === 1 && s.then[0]!.k === 'loop' && s.else[0]!.k === 'loop' && s.then[0]!.line === s.else[0]!.line;
        visit(s.then, inCheckedCopy);
        visit(s.else, inCheckedCopy || pair);
      } else if (s.k === 'loop' || s.k === 'foreach') {
        if (s.k === 'loop' && !inCheckedCopy) {
          const steps = [...s.step, ...s.body.flatMap((b) => (b.k === 'expr' ? [b.expr] : []))];
          for (const e of steps) {
            const st = constStep(e) ?? localStep(e);
            const unchecked = e.k === 'assign' && e.value.k === 'binary' && e.value.noOverflow;
            // A counter: stepped by a constant and tested by the loop.
            const tested = s.test.some((t) => someExpr(t, (x) => x.k === 'local' && x.id === st?.id));
            if (st && tested && !unchecked) out.push(`line ${s.line}`);
          }
        }
        visit(s.body, inCheckedCopy);
      }
    }
  };
  for (const fn of m.functions) visit(fn.body, false);
  return out;
}

const PROGRAMS: { file: string; root: string; types: Record<string, ParamType[]>; byRef?: Record<string, boolean[]> }[] = [
  { file: 'nestedloop.php', root: 'nestedloop', types: { nestedloop: ['int'] } },
  { file: 'ary.php', root: 'ary', types: { ary: ['int', 'int'] } },
  { file: 'ary3.php', root: 'ary3', types: { ary3: ['int', 'int'] } },
  { file: 'hash1.php', root: 'hash1', types: { hash1: ['int', 'int'], hash1_round: ['int'] } },
  { file: 'hash2.php', root: 'hash2', types: { hash2: ['int', 'int'] } },
  { file: 'heapsort.php', root: 'heapsort', types: { heapsort: ['int'], gen_random: ['int'], heapsort_r: ['int', 'array'] }, byRef: { heapsort_r: [false, true] } },
  { file: 'mandel-print.php', root: 'mandel_print', types: { mandel_print: ['int', 'int', 'int'] } },
  { file: 'matrix.php', root: 'matrix', types: { matrix: ['int', 'int'], mkmatrix: ['int', 'int'], mmult: ['int', 'int', 'array', 'array'] } },
  { file: 'printf.php', root: 'report', types: { report: ['int'] } },
  { file: 'strcat.php', root: 'strcat', types: { strcat: ['int', 'int'] } },
  { file: 'sieve.php', root: 'sieve', types: { sieve: ['int'] } },
];

describe('loop counters of the everyday programs', () => {
  for (const p of PROGRAMS) {
    it(`${p.file}: every counter step is unchecked outside checked copies`, () => {
      const ir = buildIr(planOf(specsOf(p.file, p.root, p.types, p.byRef)));
      if (isDeclined(ir)) throw new Error(ir.reason);
      const before = checkedCounters(ir);
      const after = checkedCounters(runPasses(ir, { verify: true }));
      // The check is not vacuous: the frontend's counters start checked.
      expect(before.length).toBeGreaterThan(0);
      expect(after).toEqual([]);
    });
  }
});
