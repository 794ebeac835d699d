// The difftest program model (functions of statement trees + a driver of calls) and its printer to PHP.
import { createHash } from 'node:crypto';
import type { ParamType } from '../core/php-value.ts';

/** A statement: one line, or a block with a head, a body, an optional else part, and a tail. */
export type Stmt =
  | { readonly kind: 'line'; readonly text: string; readonly tags: readonly string[] }
  | {
      readonly kind: 'block';
      readonly head: string;
      readonly body: readonly Stmt[];
      readonly mid?: string;
      readonly alt?: readonly Stmt[];
      readonly tail: string;
      readonly tags: readonly string[];
      /** Kept by the reducer whatever it removes (e.g. the guard that ends a recursion). */
      readonly pinned?: boolean;
    };

export interface FnDef {
  readonly name: string;
  /** Types of the first call's arguments: what the kernel is specialized (and guarded) on. */
  readonly paramTypes: readonly ParamType[];
  /** Per parameter: declared by reference (`&$a`); the driver passes a variable there. */
  readonly byRef: readonly boolean[];
  /**
   * Per parameter, the argument pool the driver draws typical and edge values from when it is
   * finer than the type (e.g. 'array:int' for an array of ints); defaults to the param type.
   */
  readonly argKinds?: readonly string[];
  /** `function name($a, float $b)` and an optional `: type`, without the brace. */
  readonly header: string;
  readonly body: readonly Stmt[];
  /** Constructs in the header (declared types, recursion...). */
  readonly tags: readonly string[];
  /** Functions of the same program it calls (methods as `Class::method`). */
  readonly callees: readonly string[];
  /**
   * A method: the class it is declared in (then `name` is `Class::method`, `header` the method's
   * own line such as `public function add($k)`, printed inside the class).
   */
  readonly className?: string;
  readonly isStatic?: boolean;
  /**
   * A method gets its own kernel only when the driver calls it directly (its first call fixes
   * paramTypes); the others are compiled into the functions that call them.
   */
  readonly planned?: boolean;
  /** Per parameter: the class of an 'object' parameter, '' for the other types. */
  readonly paramClasses?: readonly string[];
}

/** A class of the program: its head line and members; its methods are the FnDefs naming it. */
export interface ClassDef {
  readonly name: string;
  /** `class A extends B {` */
  readonly head: string;
  /** Constants and properties, one line each, printed before the methods. */
  readonly members: readonly string[];
}

export interface DriverCall {
  readonly id: number;
  /** The function, or the method as `Class::method` (called statically unless `recv` is set). */
  readonly fn: string;
  /** For an instance method: the variable holding the receiver (created in `setup`). */
  readonly recv?: string;
  /** PHP argument expressions (a variable for a by-reference parameter). */
  readonly args: readonly string[];
  readonly tags: readonly string[];
  /** Top-level statements run just before the call (globals, by-reference argument variables). */
  readonly setup?: readonly string[];
  /** Variables printed after the call (by-reference arguments, globals the functions write). */
  readonly show?: readonly string[];
  /** The call runs under ob_start(); the captured text is printed after it. */
  readonly ob?: boolean;
}

export interface Program {
  /** Unique within a run; also the function-name prefix. */
  readonly name: string;
  readonly functions: readonly FnDef[];
  readonly driver: readonly DriverCall[];
  /**
   * Top-level declarations printed before the functions (constants, classes with constants).
   * The reducer keeps them: removing one would only turn a finding into an undefined constant.
   */
  readonly prelude?: readonly string[];
  /** Classes, parents first, printed after the prelude; their methods are in `functions`. */
  readonly classes?: readonly ClassDef[];
  /** Set for hand-written programs: their exact text (nothing is printed from the model). */
  readonly text?: string;
  /** For hand-written programs: run the file where it is (it may require files beside it). */
  readonly file?: string;
}

export interface FunctionSource {
  readonly name: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  /** Lines lineStart..lineEnd, each with its "\n" — what the extension hashes. */
  readonly text: string;
  readonly sha256: string;
}

/** A class declaration's lines (what the extension sends as a ClassSource). */
export interface ClassText {
  readonly name: string;
  /** Parent class as written, '' when none. */
  readonly parent: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly text: string;
  readonly sha256: string;
}

export interface PrintedProgram {
  readonly text: string;
  /** Functions, then methods (named `Class::method`, their lines only: what the extension hashes). */
  readonly functions: readonly FunctionSource[];
  readonly classes: readonly ClassText[];
}

/**
 * Prints each driver result as `#id value` (var_export, or `Class: message` for a Throwable)
 * and, under polyvirt only, how many native kernel calls it took on stderr. It is plain PHP
 * outside every specialized function, so it is the same code in both runs.
 */
export const SHOW_HELPER: readonly string[] = String.raw`function pvd_show(int $id, $v): void {
    if ($v instanceof \Throwable) echo '#', $id, ' ', get_class($v), ': ', $v->getMessage(), "\n";
    else echo '#', $id, ' ', var_export($v, true), "\n";
    if (!function_exists('polyvirt_status')) return;
    static $last = 0, $lastDeopts = 0;
    $n = 0;
    $d = 0;
    foreach (polyvirt_status()['kernels'] as $k) { $n += $k['native_calls']; $d += $k['deopts']; }
    fwrite(STDERR, "#$id native " . ($n - $last) . " deopt " . ($d - $lastDeopts) . "\n");
    $last = $n;
    $lastDeopts = $d;
}
function pvd_done(): void {
    if (!function_exists('polyvirt_status')) return;
    $s = polyvirt_status();
    foreach ($s['kernels'] as $name => $k) fwrite(STDERR, "kernel $name " . json_encode($k) . "\n");
    foreach ($s['errors'] as $e) fwrite(STDERR, "error $e\n");
}`.split('\n');

/**
 * One driver call on one line (the reducer removes whole calls): its setup, the call (maybe
 * under an output buffer whose text is printed), the result, then the variables it shows.
 */
export function driverLine(c: DriverCall): string {
  const callee = c.recv ? `${c.recv}->${c.fn.slice(c.fn.indexOf('::') + 2)}` : c.fn;
  const call = `try { $v = ${callee}(${c.args.join(', ')}); } catch (\\Throwable $e) { $v = $e; }`;
  const parts = [...(c.setup ?? [])];
  if (c.ob) parts.push('ob_start();', call, `$o = ob_get_clean(); echo '#${c.id} ob ', var_export($o, true), "\\n";`);
  else parts.push(call);
  parts.push(`pvd_show(${c.id}, $v);`);
  for (const v of c.show ?? []) parts.push(`echo '#${c.id} ${v} ', var_export(${v}, true), "\\n";`);
  return parts.join(' ');
}

function printStmts(stmts: readonly Stmt[], indent: string, out: string[]): void {
  for (const s of stmts) {
    if (s.kind === 'line') {
      out.push(indent + s.text);
      continue;
    }
    out.push(indent + s.head);
    printStmts(s.body, indent + '    ', out);
    if (s.mid !== undefined) {
      out.push(indent + s.mid);
      printStmts(s.alt ?? [], indent + '    ', out);
    }
    out.push(indent + s.tail);
  }
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export function printProgram(p: Program): PrintedProgram {
  if (p.text !== undefined) {
    const found = findClasses(p.text);
    return { text: p.text, functions: [...findFunctions(p.text), ...found.methods], classes: found.classes };
  }
  const lines: string[] = ['<?php', `// difftest program ${p.name}`];
  const spans: { name: string; start: number; end: number }[] = [];
  lines.push(...(p.prelude ?? []));
  for (const c of p.classes ?? []) {
    lines.push(c.head);
    for (const m of c.members) lines.push('    ' + m);
    for (const f of p.functions) {
      if (f.className !== c.name) continue;
      lines.push(`    ${f.header} {`);
      printStmts(f.body, '        ', lines);
      lines.push('    }');
    }
    lines.push('}');
  }
  for (const f of p.functions) {
    if (f.className !== undefined) continue;
    const start = lines.length + 1;
    lines.push(`${f.header} {`);
    printStmts(f.body, '    ', lines);
    lines.push('}');
    spans.push({ name: f.name, start, end: lines.length });
  }
  lines.push('');
  for (const c of p.driver) lines.push(driverLine(c));
  lines.push('pvd_done();', '');
  lines.push(...SHOW_HELPER, '');
  const text = lines.join('\n');
  const functions = spans.map(({ name, start, end }) => {
    const src = lines.slice(start - 1, end).map((l) => l + '\n').join('');
    return { name, lineStart: start, lineEnd: end, text: src, sha256: sha256(src) };
  });
  const found = findClasses(text);
  return { text, functions: [...functions, ...found.methods], classes: found.classes };
}

const CLASS_HEAD = /^(?:(?:final|abstract)\s+)?class\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+extends\s+([A-Za-z_][A-Za-z0-9_]*))?/;
const METHOD_HEAD = /^(\s+)(?:(?:public|protected|private|static|final|abstract)\s+)*function\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/;

/**
 * Top-level class declarations and their methods, by line span. The convention (generated
 * programs follow it): a class starts a line with `class Name` and ends at the first following
 * line that is exactly `}`; a method starts with its modifiers and `function name(` on one line
 * (PHP's op_array starts at the `function` keyword) and ends on the same line when that line
 * closes its braces, else at the first line that is its indentation and `}`.
 */
export function findClasses(text: string): { classes: ClassText[]; methods: FunctionSource[] } {
  const lines = text.split('\n');
  const src = (from: number, to: number): string => lines.slice(from, to + 1).map((l) => l + '\n').join('');
  const classes: ClassText[] = [];
  const methods: FunctionSource[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = CLASS_HEAD.exec(lines[i]!);
    if (!m) continue;
    let j = i;
    while (j < lines.length && lines[j] !== '}' && !(j === i && /\}\s*$/.test(lines[j]!))) j++;
    if (j === lines.length) break;
    const text = src(i, j);
    classes.push({ name: m[1]!, parent: m[2] ?? '', lineStart: i + 1, lineEnd: j + 1, text, sha256: sha256(text) });
    for (let k = i + 1; k < j; k++) {
      const h = METHOD_HEAD.exec(lines[k]!);
      if (!h) continue;
      const opens = (lines[k]!.match(/\{/g) ?? []).length;
      const closes = (lines[k]!.match(/\}/g) ?? []).length;
      let e = k;
      if (opens === 0 || opens !== closes) while (e < j && lines[e] !== `${h[1]}}`) e++;
      const t = src(k, e);
      methods.push({ name: `${m[1]}::${h[2]}`, lineStart: k + 1, lineEnd: e + 1, text: t, sha256: sha256(t) });
      k = e;
    }
    i = j;
  }
  return { classes, methods };
}

/**
 * Top-level `function` declarations of a hand-written program, by line span. Relies on the
 * corpus convention: a declaration starts a line with `function name(` and ends at the first
 * following line that is exactly `}`.
 */
export function findFunctions(text: string): FunctionSource[] {
  const lines = text.split('\n');
  const out: FunctionSource[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^function\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(lines[i]!);
    if (!m || m[1]!.startsWith('pvd_')) continue;
    let j = i;
    while (j < lines.length && lines[j] !== '}' && !/^function .*\}\s*$/.test(lines[j]!)) j++;
    if (j === lines.length) break;
    const src = lines.slice(i, j + 1).map((l) => l + '\n').join('');
    out.push({ name: m[1]!, lineStart: i + 1, lineEnd: j + 1, text: src, sha256: sha256(src) });
    i = j;
  }
  return out;
}

/** Every statement of the program, depth first: the units delta debugging removes. */
export function countStmts(stmts: readonly Stmt[]): number {
  let n = 0;
  for (const s of stmts) n += 1 + (s.kind === 'block' ? countStmts(s.body) + countStmts(s.alt ?? []) : 0);
  return n;
}
