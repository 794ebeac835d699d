// Hand-written programs (the corpus, saved regressions): a .php file with `// @types` lines and its php -n `.expect` output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ParamType } from '../core/php-value.ts';
import type { CompileInput } from './compile-programs.ts';
import { findClasses, findFunctions } from './program.ts';

export interface PhpCase {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** function name → argument types of its first call (what the kernel is specialized on). */
  readonly types: ReadonlyMap<string, readonly ParamType[]>;
  /** function name → which parameters are by reference (`&array` in the `@types` line). */
  readonly byRef: ReadonlyMap<string, readonly boolean[]>;
  /** function name → per parameter the class of an object parameter (`object:Cls`), '' otherwise. */
  readonly classes?: ReadonlyMap<string, readonly string[]>;
  /** Contents of `<file minus .php>.expect`, if present, as a byte string (latin1, like PhpRun.stdout). */
  readonly expected?: string;
}

const TYPES_LINE = /^\/\/ @types ([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)?)\(([A-Za-z0-9_&:, ]*)\)\s*$/;
const PARAM_TYPES: readonly string[] = ['int', 'float', 'bool', 'string', 'array', 'object'];

/**
 * `// @types name(int, &array)` or `// @types Cls::method(int, object:Cls)`: one line per
 * function or method to specialize; `&` marks a by-reference parameter, `object:Cls` an object
 * parameter of class Cls (a method's receiver is implied by its class).
 */
export function parseTypeLines(text: string): Map<string, { types: ParamType[]; byRef: boolean[]; classes: string[] }> {
  const out = new Map<string, { types: ParamType[]; byRef: boolean[]; classes: string[] }>();
  for (const line of text.split('\n')) {
    const m = TYPES_LINE.exec(line);
    if (!m) continue;
    const items = m[2]!.split(',').map((s) => s.trim()).filter(Boolean);
    const byRef = items.map((t) => t.startsWith('&'));
    const classes = items.map((t) => (t.startsWith('object:') ? t.slice(7) : ''));
    const types = items.map((t) => t.replace(/^&/, '').replace(/^object:.*$/, 'object'));
    for (const t of types) if (!PARAM_TYPES.includes(t)) throw new Error(`difftest: bad type '${t}' in: ${line}`);
    out.set(m[1]!, { types: types as ParamType[], byRef, classes });
  }
  return out;
}

export function parseTypes(text: string): Map<string, ParamType[]> {
  return new Map([...parseTypeLines(text)].map(([k, v]) => [k, v.types]));
}

/** The `// @types` line of a function, as parseTypeLines reads it. */
export function typesLine(name: string, types: readonly ParamType[], byRef: readonly boolean[], classes: readonly string[] = []): string {
  return `// @types ${name}(${types.map((t, i) => (byRef[i] ? '&' : '') + (t === 'object' ? `object:${classes[i] ?? ''}` : t)).join(', ')})`;
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
      const classes = new Map([...lines].map(([k, v]) => [k, v.classes]));
      return { name: f.replace(/\.php$/, ''), file, text, types, byRef, classes, expected: existsSync(exp) ? readFileSync(exp, 'latin1') : undefined };
    });
}

/** What to compile for a case: its functions and methods that have a `@types` line, with every class of the file. */
export function compileInputOf(c: Pick<PhpCase, 'name' | 'file' | 'text' | 'types' | 'byRef' | 'classes'>): CompileInput {
  const found = findClasses(c.text);
  const functions = [...findFunctions(c.text), ...found.methods]
    .filter((s) => c.types.has(s.name))
    .map((source) => {
      const at = source.name.indexOf('::');
      const method = at < 0 ? {} : { className: source.name.slice(0, at), isStatic: /^\s*(?:\w+\s+)*static\s+(?:\w+\s+)*function\b/.test(source.text) };
      const classes = c.classes?.get(source.name);
      return { source, paramTypes: c.types.get(source.name)!, byRef: c.byRef.get(source.name), ...method, ...(classes?.some(Boolean) ? { paramClasses: classes } : {}) };
    });
  return { program: c.name, file: c.file, functions, classes: found.classes };
}

/** Groups cases so no two in a group declare the same function name (kernels bind by name). */
export function groupByDistinctNames(cases: readonly PhpCase[]): PhpCase[][] {
  const groups: { names: Set<string>; cases: PhpCase[] }[] = [];
  for (const c of cases) {
    const names = [...findFunctions(c.text), ...findClasses(c.text).classes].map((f) => f.name.toLowerCase());
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
