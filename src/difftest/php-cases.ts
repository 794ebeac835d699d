// Hand-written programs (the corpus, saved regressions): a .php file with `// @types` lines and its php -n `.expect` output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ParamType } from '../core/php-value.ts';
import type { CompileInput } from './compile-programs.ts';
import { findFunctions } from './program.ts';

export interface PhpCase {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** function name → argument types of its first call (what the kernel is specialized on). */
  readonly types: ReadonlyMap<string, readonly ParamType[]>;
  /** function name → which parameters are by reference (`&array` in the `@types` line). */
  readonly byRef: ReadonlyMap<string, readonly boolean[]>;
  /** Contents of `<file minus .php>.expect`, if present, as a byte string (latin1, like PhpRun.stdout). */
  readonly expected?: string;
}

const TYPES_LINE = /^\/\/ @types ([A-Za-z_][A-Za-z0-9_]*)\(([a-z&, ]*)\)\s*$/;
const PARAM_TYPES: readonly string[] = ['int', 'float', 'bool', 'string', 'array'];

/** `// @types name(int, &array)`: one line per function to specialize; `&` marks a by-reference parameter. */
export function parseTypeLines(text: string): Map<string, { types: ParamType[]; byRef: boolean[] }> {
  const out = new Map<string, { types: ParamType[]; byRef: boolean[] }>();
  for (const line of text.split('\n')) {
    const m = TYPES_LINE.exec(line);
    if (!m) continue;
    const items = m[2]!.split(',').map((s) => s.trim()).filter(Boolean);
    const byRef = items.map((t) => t.startsWith('&'));
    const types = items.map((t) => t.replace(/^&/, ''));
    for (const t of types) if (!PARAM_TYPES.includes(t)) throw new Error(`difftest: bad type '${t}' in: ${line}`);
    out.set(m[1]!, { types: types as ParamType[], byRef });
  }
  return out;
}

export function parseTypes(text: string): Map<string, ParamType[]> {
  return new Map([...parseTypeLines(text)].map(([k, v]) => [k, v.types]));
}

/** The `// @types` line of a function, as parseTypeLines reads it. */
export function typesLine(name: string, types: readonly ParamType[], byRef: readonly boolean[]): string {
  return `// @types ${name}(${types.map((t, i) => (byRef[i] ? '&' : '') + t).join(', ')})`;
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
      const lines = parseTypeLines(text);
      const types = new Map([...lines].map(([k, v]) => [k, v.types]));
      const byRef = new Map([...lines].map(([k, v]) => [k, v.byRef]));
      return { name: f.replace(/\.php$/, ''), file, text, types, byRef, expected: existsSync(exp) ? readFileSync(exp, 'latin1') : undefined };
    });
}

/** What to compile for a case: its functions that have a `@types` line. */
export function compileInputOf(c: Pick<PhpCase, 'name' | 'file' | 'text' | 'types' | 'byRef'>): CompileInput {
  const functions = findFunctions(c.text)
    .filter((s) => c.types.has(s.name))
    .map((source) => ({ source, paramTypes: c.types.get(source.name)!, byRef: c.byRef.get(source.name) }));
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
