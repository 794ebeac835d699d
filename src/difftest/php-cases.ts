// Hand-written programs (the corpus, saved regressions): a .php file with `// @types` lines and its php -n `.expect` output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ScalarType } from '../core/php-value.ts';
import type { CompileInput } from './compile-programs.ts';
import { findFunctions } from './program.ts';

export interface PhpCase {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** function name → argument types of its first call (what the kernel is specialized on). */
  readonly types: ReadonlyMap<string, readonly ScalarType[]>;
  /** Contents of `<file minus .php>.expect`, if present. */
  readonly expected?: string;
}

const TYPES_LINE = /^\/\/ @types ([A-Za-z_][A-Za-z0-9_]*)\(([a-z, ]*)\)\s*$/;

/** `// @types name(int, float)`: one line per function to specialize. */
export function parseTypes(text: string): Map<string, ScalarType[]> {
  const out = new Map<string, ScalarType[]>();
  for (const line of text.split('\n')) {
    const m = TYPES_LINE.exec(line);
    if (!m) continue;
    const types = m[2]!.split(',').map((s) => s.trim()).filter(Boolean);
    for (const t of types) if (t !== 'int' && t !== 'float' && t !== 'bool') throw new Error(`difftest: bad type '${t}' in: ${line}`);
    out.set(m[1]!, types as ScalarType[]);
  }
  return out;
}

export function expectPath(file: string): string {
  return file.replace(/\.php$/, '.expect');
}

export function loadPhpCases(dir: string): PhpCase[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.php'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const text = readFileSync(file, 'utf8');
      const exp = expectPath(file);
      return { name: f.replace(/\.php$/, ''), file, text, types: parseTypes(text), expected: existsSync(exp) ? readFileSync(exp, 'utf8') : undefined };
    });
}

/** What to compile for a case: its functions that have a `@types` line. */
export function compileInputOf(c: PhpCase): CompileInput {
  const functions = findFunctions(c.text)
    .filter((s) => c.types.has(s.name))
    .map((source) => ({ source, paramTypes: c.types.get(source.name)! }));
  return { program: c.name, file: c.file, functions };
}

/** Groups cases so no two in a group declare the same function name (kernels bind by name). */
export function groupByDistinctNames(cases: readonly PhpCase[]): PhpCase[][] {
  const groups: { names: Set<string>; cases: PhpCase[] }[] = [];
  for (const c of cases) {
    const names = findFunctions(c.text).map((f) => f.name.toLowerCase());
    let g = groups.find((x) => names.every((n) => !x.names.has(n)));
    if (!g) groups.push((g = { names: new Set(), cases: [] }));
    for (const n of names) g.names.add(n);
    g.cases.push(c);
  }
  return groups.map((g) => g.cases);
}

/** Output with the case's own directory replaced by `{DIR}`, so warnings compare on any checkout. */
export function normalizeOutput(stdout: string, file: string): string {
  return stdout.split(dirname(file)).join('{DIR}');
}
