// The classes a module may use, parsed from Plan.classes: properties, constants and methods with their parent chains resolved, or a decline naming what the subset cannot do exactly.
import { Engine } from 'php-parser';
import type { ClassSource } from '../ingest/types.ts';
import { FrontendDecline } from './frontend-decline.ts';
import { fixPowPrecedence, lineOf, type AstNode } from './parse-source.ts';

const engine = new Engine({
  parser: { php8: true, extractDoc: false, suppressErrors: false },
  ast: { withPositions: true },
  lexer: { short_tags: false },
});

export type Visibility = 'public' | 'protected' | 'private';

export interface PropDecl {
  readonly name: string;
  readonly visibility: Visibility;
  /** The declared type node (null: untyped). */
  readonly type: AstNode | null;
  readonly nullable: boolean;
  /** The default's AST (null: none, i.e. null when untyped, uninitialized when typed). */
  readonly init: AstNode | null;
  /** Lowercased class declaring it. */
  readonly declaringClass: string;
  readonly line: number;
}

export interface MethodDecl {
  readonly name: string;
  readonly lcName: string;
  readonly visibility: Visibility;
  readonly isStatic: boolean;
  readonly node: AstNode;
  readonly declaringClass: string;
  /** Absolute line of the declaring class source's first line (php-parser lines are relative to it). */
  readonly lineBase: number;
  readonly sha256: string;
}

export interface ClassInfo {
  readonly name: string;
  readonly lcName: string;
  /** Lowercased parent, '' when none. */
  readonly parent: string;
  /** Lowercased names of the interfaces this class itself lists. */
  readonly interfaces: readonly string[];
  readonly isFinal: boolean;
  readonly isAbstract: boolean;
  /** Own declarations only; see ClassTable for the resolved views. */
  readonly props: readonly PropDecl[];
  readonly consts: ReadonlyMap<string, { readonly node: AstNode; readonly line: number }>;
  readonly methods: ReadonlyMap<string, MethodDecl>;
  readonly line: number;
}

/** Magic methods that change what plain property and method syntax does, or run behind the kernel's back. */
const MAGIC = new Set(['__get', '__set', '__isset', '__unset', '__call', '__callstatic', '__destruct', '__tostring', '__clone', '__serialize', '__unserialize', '__sleep', '__wakeup', '__set_state', '__debuginfo']);

export class ClassTable {
  private readonly classes = new Map<string, ClassInfo>();
  /** Per class: why it cannot be used (parsed lazily, so an unused odd class costs nothing). */
  private readonly problems = new Map<string, string>();

  constructor(sources: readonly ClassSource[]) {
    for (const src of sources) {
      const lc = src.name.replace(/^\\/, '').toLowerCase();
      if (this.classes.has(lc) || this.problems.has(lc)) continue;
      try {
        this.classes.set(lc, parseClass(src));
      } catch (err) {
        if (!(err instanceof FrontendDecline)) throw err;
        this.problems.set(lc, err.reason);
      }
    }
  }

  has(lc: string): boolean {
    return this.classes.has(lc) || this.problems.has(lc);
  }

  /** The class and its whole parent chain, or a decline (not in the plan, or unsupported). */
  get(lc: string, line: number): ClassInfo {
    const problem = this.problems.get(lc);
    if (problem) throw new FrontendDecline(`class ${lc}: ${problem}`);
    const c = this.classes.get(lc);
    if (!c) throw new FrontendDecline(`class ${lc} is not among the plan's class sources at line ${line}`);
    if (c.parent) this.get(c.parent, line);
    return c;
  }

  /** Parent chain from the class itself up. */
  chain(lc: string, line: number): ClassInfo[] {
    const out: ClassInfo[] = [];
    for (let c: ClassInfo | null = this.get(lc, line); c; c = c.parent ? this.get(c.parent, line) : null) {
      if (out.includes(c)) throw new FrontendDecline(`class ${lc} inherits from itself`);
      out.push(c);
    }
    return out;
  }

  /** Properties of objects of `lc` in PHP's order: inherited ones first (a redeclaration keeps the parent's place). */
  props(lc: string, line: number): PropDecl[] {
    const out: PropDecl[] = [];
    for (const c of this.chain(lc, line).reverse()) {
      for (const p of c.props) {
        const at = out.findIndex((q) => q.name === p.name);
        if (at < 0) {
          out.push(p);
          continue;
        }
        // A private parent property and a child one of the same name are two properties in PHP.
        if (out[at]!.visibility === 'private') throw new FrontendDecline(`class ${lc}: property $${p.name} shadows a private parent property`);
        out[at] = p;
      }
    }
    return out;
  }

  /** The method `lcMethod` objects of `lc` run (the nearest declaration up the chain), or undefined. */
  method(lc: string, lcMethod: string, line: number): MethodDecl | undefined {
    for (const c of this.chain(lc, line)) {
      const m = c.methods.get(lcMethod);
      if (m) return m;
    }
    return undefined;
  }

  /** The class constant `name` as seen from `lc` (nearest declaration up the chain). */
  constant(lc: string, name: string, line: number): { readonly node: AstNode; readonly line: number; readonly owner: string } | undefined {
    for (const c of this.chain(lc, line)) {
      const k = c.consts.get(name);
      if (k) return { ...k, owner: c.lcName };
    }
    return undefined;
  }

  /** `$o instanceof target` for an object of exactly `lc`; undefined when it cannot be told from the sources. */
  instanceOf(lc: string, target: string, line: number): boolean | undefined {
    const chain = this.chain(lc, line);
    if (chain.some((c) => c.lcName === target)) return true;
    if (chain.some((c) => c.interfaces.includes(target))) return true;
    // An interface may extend the ones listed: only a class implementing nothing is surely not one.
    return chain.every((c) => c.interfaces.length === 0) ? false : undefined;
  }
}

function parseClass(src: ClassSource): ClassInfo {
  let program: AstNode;
  try {
    program = engine.parseEval(src.text) as unknown as AstNode;
  } catch (err) {
    throw new FrontendDecline(`class source does not parse: ${(err as Error).message.split('\n')[0]}`);
  }
  const children = (program['children'] as AstNode[] | undefined) ?? [];
  if (children.length !== 1 || children[0]!.kind !== 'class') {
    const k = children.find((c) => c.kind !== 'class')?.kind ?? 'several classes';
    throw new FrontendDecline(`unsupported construct '${k}' in a class source`);
  }
  const node = children[0]!;
  const lineBase = src.lineStart;
  const abs = (n: AstNode) => lineBase + lineOf(n) - 1;
  const lcName = String((node['name'] as AstNode)['name']).toLowerCase();
  if (node['isReadonly']) throw new FrontendDecline('unsupported construct \'readonly class\'');
  const ext = node['extends'] as AstNode | null;
  const props: PropDecl[] = [];
  const consts = new Map<string, { node: AstNode; line: number }>();
  const methods = new Map<string, MethodDecl>();
  for (const m of (node['body'] as AstNode[]) ?? []) {
    const line = abs(m);
    switch (m.kind) {
      case 'propertystatement': {
        if (m['isStatic']) continue; // static properties are declined where they are used
        for (const p of m['properties'] as AstNode[]) {
          if (p['readonly']) throw new FrontendDecline(`unsupported construct 'readonly property' at line ${line}`);
          if (Array.isArray(p['hooks']) && (p['hooks'] as unknown[]).length > 0) throw new FrontendDecline(`unsupported construct 'property hook' at line ${line}`);
          props.push({
            name: String((p['name'] as AstNode)['name']),
            visibility: visibilityOf(m['visibility']),
            type: (p['type'] as AstNode | null) ?? null,
            nullable: Boolean(p['nullable']),
            init: p['value'] ? fixPowPrecedence(p['value'] as AstNode) : null,
            declaringClass: lcName,
            line,
          });
        }
        continue;
      }
      case 'classconstant':
        for (const k of m['constants'] as AstNode[]) consts.set(String((k['name'] as AstNode)['name']), { node: k['value'] as AstNode, line });
        continue;
      case 'method': {
        const name = String((m['name'] as AstNode)['name']);
        const lc = name.toLowerCase();
        if (MAGIC.has(lc)) throw new FrontendDecline(`unsupported magic method ${name}() at line ${line}`);
        if (m['byref']) throw new FrontendDecline(`unsupported construct 'by-reference return' at line ${line}`);
        const method = { name, lcName: lc, visibility: visibilityOf(m['visibility']), isStatic: Boolean(m['isStatic']), node: fixPowPrecedence(m), declaringClass: lcName, lineBase, sha256: src.sha256 };
        if (lc === '__construct') promoted(method, props, abs);
        methods.set(lc, method);
        continue;
      }
      case 'traituse':
        throw new FrontendDecline(`unsupported construct 'trait use' at line ${line}`);
      default:
        throw new FrontendDecline(`unsupported class member '${m.kind}' at line ${line}`);
    }
  }
  return {
    name: String((node['name'] as AstNode)['name']),
    lcName,
    parent: ext ? String(ext['name']).replace(/^\\/, '').toLowerCase() : '',
    interfaces: ((node['implements'] as AstNode[] | null) ?? []).map((i) => String(i['name']).replace(/^\\/, '').toLowerCase()),
    isFinal: Boolean(node['isFinal']),
    isAbstract: Boolean(node['isAbstract']),
    props,
    consts,
    methods,
    line: abs(node),
  };
}

/** Promoted constructor parameters declare properties (after the class's own, as PHP orders them). */
function promoted(m: MethodDecl, props: PropDecl[], abs: (n: AstNode) => number): void {
  for (const p of m.node['arguments'] as AstNode[]) {
    const flags = (p['flags'] as number | undefined) ?? 0;
    if (!flags) continue;
    if (p['readonly']) throw new FrontendDecline(`unsupported construct 'readonly property' at line ${abs(p)}`);
    props.push({
      name: String((p['name'] as AstNode)['name']),
      visibility: flags & 4 ? 'private' : flags & 2 ? 'protected' : 'public',
      type: (p['type'] as AstNode | null) ?? null,
      nullable: Boolean(p['nullable']),
      init: null,
      declaringClass: m.declaringClass,
      line: abs(p),
    });
  }
}

function visibilityOf(v: unknown): Visibility {
  return v === 'private' || v === 'protected' ? v : 'public';
}
