// Random PHP programs: scalar functions typed so that most compile, and everyday ones (strings, arrays, output, globals…) by family.
import type { ScalarType } from '../core/php-value.ts';
import { makeDriver } from './generate-driver.ts';
import { CONST_PRELUDE, EVERYDAY_FAMILIES, EverydayGen, type EverydayCallee, type EverydayFamily } from './generate-everyday.ts';
import { ObjectFnGen, ObjectWorld, boxClass } from './generate-objects.ts';
import { Prng } from './prng.ts';
import type { ClassDef, FnDef, Program, Stmt } from './program.ts';
import { EDGE, floatLiteral } from './values.ts';

/** Static type of a generated expression, as the frontend will infer it. */
type GT = 'int' | 'float' | 'bool' | 'num';

interface Ex {
  readonly php: string;
  readonly tags: readonly string[];
}

interface Callee {
  readonly name: string;
  readonly paramTypes: readonly ScalarType[];
  readonly ret: GT;
  readonly recursive: boolean;
}

/** A function's construct family: the scalar subset, or one of the everyday families. */
export type Family = 'scalar' | EverydayFamily | 'object';
export const FAMILIES: readonly Family[] = ['scalar', ...EVERYDAY_FAMILIES, 'object'];

export interface GenerateOptions {
  readonly maxFunctions?: number;
  /** Relative weight of each family when a function is generated (missing: the default, 0 disables). */
  readonly families?: Partial<Readonly<Record<Family, number>>>;
}

/** Scalar code keeps a large share: it is what runs natively today and must not regress. */
export const DEFAULT_FAMILY_WEIGHTS: Readonly<Record<Family, number>> = {
  scalar: 6, string: 3, array: 3, output: 2, global: 1, static: 1, const: 1, mixed: 1, byref: 1, object: 2,
};

/** `scalar=2,string=1` or `scalar=0` → weights over the defaults; an unknown family is an error. */
export function parseFamilyWeights(spec: string): Partial<Record<Family, number>> {
  const out: Partial<Record<Family, number>> = {};
  for (const part of spec.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(\d+)$/.exec(part);
    if (!m || !FAMILIES.includes(m[1] as Family)) throw new Error(`difftest: bad family weight '${part}' (families: ${FAMILIES.join(', ')})`);
    out[m[1] as Family] = Number(m[2]);
  }
  return out;
}

const NUMERIC: readonly GT[] = ['int', 'float', 'num'];

/**
 * Shift counts PHP treats specially: negative throws ArithmeticError, >= 64 shifts everything
 * out (0, or -1 for a negative value shifted right), 63 reaches the sign bit. Tagged for coverage.
 */
const SHIFT_COUNTS: readonly (readonly [string, string])[] = [
  ['(-1)', 'shift:count-negative'],
  ['PHP_INT_MIN', 'shift:count-negative'],
  ['0', 'shift:count-0'],
  ['1', 'shift:count-small'],
  ['3', 'shift:count-small'],
  ['13', 'shift:count-small'],
  ['63', 'shift:count-63'],
  ['64', 'shift:count-64+'],
  ['65', 'shift:count-64+'],
  ['PHP_INT_MAX', 'shift:count-64+'],
];
const MAX_DEPTH = 3;

/** Program `index` of run `seed`: independent of every other index, so any one can be regenerated alone. */
export function generateProgram(seed: number, index: number, options: GenerateOptions = {}): Program {
  const rng = new Prng(seed, index);
  const name = `p${seed}_${index}`;
  const count = rng.range(1, options.maxFunctions ?? 4);
  const weights = { ...DEFAULT_FAMILY_WEIGHTS, ...options.families };
  const table = FAMILIES.map((f) => [weights[f], f] as const).filter(([w]) => w > 0);
  if (table.length === 0) throw new Error('difftest: every family has weight 0');
  const everydayTable = table.filter(([, f]) => f !== 'scalar' && f !== 'object') as (readonly [number, EverydayFamily])[];
  const fns: FnDef[] = [];
  const callees: Callee[] = [];
  const everydayCallees: EverydayCallee[] = [];
  const used = new Set<string>();
  const written = new Set<string>();
  let consts = false;
  let world: ObjectWorld | undefined;
  let box = false;
  for (let k = 0; k < count; k++) {
    const family = rng.weighted(table);
    if (family === 'object') {
      world ??= new ObjectWorld(rng, name);
      fns.push(new ObjectFnGen(rng, `${name}_f${k}`, world).build());
      continue;
    }
    if (family === 'scalar') {
      const g = new FnGen(rng, `${name}_f${k}`, callees);
      const fn = g.build();
      fns.push(fn);
      callees.push({ name: fn.name, paramTypes: fn.paramTypes as ScalarType[], ret: g.ret, recursive: g.recursive });
      continue;
    }
    // A second family now and then: constructs meet (output of arrays, globals holding strings…).
    const families: EverydayFamily[] = [family];
    if (everydayTable.length > 1 && rng.chance(0.4)) {
      const other = rng.weighted(everydayTable);
      if (other !== family) families.push(other);
    }
    const g = new EverydayGen(rng, `${name}_f${k}`, families, everydayCallees);
    const fn = g.build();
    fns.push(fn);
    if (!fn.byRef.some(Boolean)) everydayCallees.push({ name: fn.name, kinds: fn.argKinds ?? [], ret: fn.ret });
    for (const [gl, w] of g.globalsUsed) {
      used.add(gl);
      if (w) written.add(gl);
    }
    if (g.families.has('const')) consts = true;
    if (g.usesBox) box = true;
  }
  const classes: ClassDef[] = [];
  const methods: FnDef[] = [];
  const called: FnDef[] = [];
  if (world) {
    // One or two methods the driver calls directly on objects it creates: they get method kernels.
    const candidates = world.methods.filter((m) => !m.name.endsWith('::__construct'));
    const picks = new Set([rng.pick(candidates), ...(rng.chance(0.5) ? [rng.pick(candidates)] : [])]);
    for (const m of picks) called.push(world.plan(m.name));
    classes.push(...world.defs);
    methods.push(...world.methods);
  }
  if (box) {
    const b = boxClass(name);
    classes.push(b.def);
    methods.push(b.ctor);
  }
  const driver = makeDriver(rng, [...fns, ...called], { used, written }, world);
  return {
    name,
    functions: [...fns, ...methods],
    driver,
    ...(consts ? { prelude: CONST_PRELUDE } : {}),
    ...(classes.length > 0 ? { classes } : {}),
  };
}

class FnGen {
  ret: GT;
  recursive: boolean;
  private readonly scopes: Map<string, GT>[] = [];
  private readonly tags = new Set<string>();
  private readonly called = new Set<string>();
  private readonly paramTypes: ScalarType[] = [];
  private counter = 0;
  private loopDepth = 0;
  private nesting = 0;

  constructor(
    private readonly rng: Prng,
    private readonly name: string,
    private readonly callees: readonly Callee[],
  ) {
    this.ret = rng.weighted([[4, 'int'], [4, 'float'], [2, 'bool'], [2, 'num']] as const);
    this.recursive = rng.chance(0.2);
  }

  build(): FnDef {
    const rng = this.rng;
    const scope = new Map<string, GT>();
    this.scopes.push(scope);
    this.tags.add('family:scalar');
    const params: string[] = [];
    const nparams = rng.range(this.recursive ? 1 : 0, 3);
    for (let i = 0; i < nparams; i++) {
      const t: ScalarType = this.recursive && i === 0 ? 'int' : rng.weighted([[5, 'int'], [4, 'float'], [1, 'bool']] as const);
      const pname = `$${String.fromCharCode(97 + i)}`;
      let decl = '';
      if (rng.chance(0.12)) {
        decl = `${t} `;
        this.tags.add('decl:param-type');
      }
      params.push(decl + pname);
      this.paramTypes.push(t);
      scope.set(pname, t);
    }
    let retDecl = '';
    if (this.ret !== 'num' && rng.chance(0.1)) {
      retDecl = `: ${this.ret}`;
      this.tags.add('decl:return-type');
    }
    const body: Stmt[] = [];
    if (this.recursive) {
      this.tags.add('recursion');
      body.push({
        kind: 'block',
        head: 'if (!($a > 0) || $a > 9) {',
        body: [{ kind: 'line', text: `return ${this.expr(this.ret, 1).php};`, tags: [] }],
        tail: '}',
        tags: ['stmt:if'],
        // Without it the recursion never ends: the reducer must keep it.
        pinned: true,
      });
    }
    const n = rng.range(1, 5);
    for (let i = 0; i < n; i++) body.push(this.stmt());
    body.push(this.finalReturn());
    const fn: FnDef = {
      name: this.name,
      paramTypes: this.paramTypes,
      byRef: this.paramTypes.map(() => false),
      header: `function ${this.name}(${params.join(', ')})${retDecl}`,
      body,
      tags: [...this.tags],
      callees: [...this.called],
    };
    return fn;
  }

  private finalReturn(): Stmt {
    let e = this.expr(this.ret, 0);
    if (this.recursive) {
      const args = this.paramTypes.map((t, i) => (i === 0 ? `$a - ${this.rng.pick([1, 1, 2])}` : `$${String.fromCharCode(97 + i)}`));
      const call = `${this.name}(${args.join(', ')})`;
      const self: Ex = { php: call, tags: ['call:self'] };
      e = this.rng.chance(0.5) ? self : this.combine(this.ret, self, e);
    }
    return { kind: 'line', text: `return ${e.php};`, tags: ['stmt:return', ...e.tags] };
  }

  /** An expression of type t using `a` (and `b`), e.g. `(a + b)` for numbers, `(a && b)` for bools. */
  private combine(t: GT, a: Ex, b: Ex): Ex {
    if (t === 'bool') return { php: `(${a.php} || ${b.php})`, tags: [...a.tags, ...b.tags] };
    if (t === 'int') return { php: `(${a.php} - ${b.php})`, tags: [...a.tags, ...b.tags] };
    return { php: `(${a.php} + ${b.php})`, tags: [...a.tags, ...b.tags] };
  }

  // ---- statements ----

  /** Variables a statement may overwrite: not loop counters, not the recursion depth. */
  private writable(): string[] {
    return this.visible().filter((n) => !n.startsWith('$i') && !n.startsWith('$w') && !(this.recursive && n === '$a'));
  }

  private visible(t?: GT): string[] {
    const out: string[] = [];
    for (const s of this.scopes) for (const [k, vt] of s) if (t === undefined || vt === t) out.push(k);
    return out;
  }

  private declare(name: string, t: GT): void {
    this.scopes[this.scopes.length - 1]!.set(name, t);
  }

  private typeOf(name: string): GT | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i]!.get(name);
      if (t) return t;
    }
    return undefined;
  }

  private scoped(fn: () => Stmt[]): Stmt[] {
    this.scopes.push(new Map());
    this.nesting++;
    try {
      return fn();
    } finally {
      this.scopes.pop();
      this.nesting--;
    }
  }

  private line(text: string, tags: readonly string[]): Stmt {
    for (const t of tags) this.tags.add(t);
    return { kind: 'line', text, tags };
  }

  private stmt(): Stmt {
    const rng = this.rng;
    const canNest = this.nesting < 2;
    const kind = rng.weighted([
      [6, 'assign-new'],
      [4, 'assign'],
      [3, 'compound'],
      [2, 'incdec'],
      [canNest ? 3 : 0, 'if'],
      [canNest ? 2 : 0, 'for'],
      [canNest ? 1 : 0, 'while'],
      [canNest ? 1 : 0, 'do'],
      [this.loopDepth > 0 ? 2 : 0, 'break'],
      [this.loopDepth > 0 ? 1 : 0, 'continue'],
      [2, 'return-early'],
    ] as const);
    switch (kind) {
      case 'assign-new': {
        const t = rng.weighted([[4, 'int'], [4, 'float'], [1, 'bool'], [2, 'num']] as const);
        const name = `$v${this.counter++}`;
        const e = this.expr(t, 0);
        this.declare(name, t);
        return this.line(`${name} = ${e.php};`, ['stmt:assign', ...e.tags]);
      }
      case 'assign': {
        const vars = this.writable();
        if (vars.length === 0) return this.stmtFallback();
        const name = rng.pick(vars);
        const t = this.typeOf(name)!;
        const e = this.expr(t, 0);
        return this.line(`${name} = ${e.php};`, ['stmt:assign', ...e.tags]);
      }
      case 'compound': {
        const vars = this.writable().filter((n) => this.typeOf(n) !== 'bool');
        if (vars.length === 0) return this.stmtFallback();
        const name = rng.pick(vars);
        const t = this.typeOf(name)!;
        // Only operators that keep the variable's static type (a type change makes it `num`: still fine, but tracked wrongly).
        // For ints the arithmetic ones twice as often as each shift/bitwise one.
        const ops = t === 'int' ? ['+=', '-=', '*=', '%=', '+=', '-=', '*=', '%=', '<<=', '>>=', '&=', '|=', '^='] : t === 'float' ? ['+=', '-=', '*=', '/=', '**='] : ['+=', '-=', '*=', '/='];
        const op = rng.pick(ops);
        if (op === '<<=' || op === '>>=') {
          const c = this.shiftCount(1);
          return this.line(`${name} ${op} ${c.php};`, [`stmt:compound${op}`, ...c.tags]);
        }
        if (op === '&=' || op === '|=' || op === '^=') {
          const c = this.bitOperand(1);
          return this.line(`${name} ${op} ${c.php};`, [`stmt:compound${op}`, ...c.tags]);
        }
        const rt: GT = op === '%=' ? rng.pick(NUMERIC) : t === 'int' ? 'int' : rng.pick(t === 'float' ? NUMERIC : (['int', 'num'] as const));
        const e = this.expr(rt, 1);
        return this.line(`${name} ${op} ${e.php};`, [`stmt:compound${op}`, ...e.tags]);
      }
      case 'incdec': {
        const vars = this.writable().filter((n) => this.typeOf(n) !== 'bool');
        if (vars.length === 0) return this.stmtFallback();
        const name = rng.pick(vars);
        const op = rng.pick(['++', '--']);
        return this.line(rng.chance(0.5) ? `${name}${op};` : `${op}${name};`, [`stmt:incdec${op}`]);
      }
      case 'if': {
        const test = this.expr('bool', 0);
        const body = this.scoped(() => this.stmts(1, 3));
        const tags = ['stmt:if', ...test.tags];
        for (const t of tags) this.tags.add(t);
        if (rng.chance(0.4)) {
          const alt = this.scoped(() => this.stmts(1, 2));
          this.tags.add('stmt:if-else');
          return { kind: 'block', head: `if (${test.php}) {`, body, mid: '} else {', alt, tail: '}', tags: [...tags, 'stmt:if-else'] };
        }
        return { kind: 'block', head: `if (${test.php}) {`, body, tail: '}', tags };
      }
      case 'for':
      case 'while':
      case 'do': {
        const bound = rng.range(1, 4);
        const tags = [`stmt:${kind}`];
        for (const t of tags) this.tags.add(t);
        this.loopDepth++;
        try {
          if (kind === 'for') {
            const i = `$i${this.counter++}`;
            const body = this.scoped(() => {
              this.declare(i, 'int');
              return this.stmts(1, 3);
            });
            return { kind: 'block', head: `for (${i} = 0; ${i} < ${bound}; ${i}++) {`, body, tail: '}', tags };
          }
          const w = `$w${this.counter++}`;
          this.declare(w, 'int');
          // The counter steps in the loop test, so neither `continue` nor the reducer can lose it.
          const body = this.scoped(() => this.stmts(1, 3));
          return kind === 'while'
            ? { kind: 'block', head: `${w} = 0; while (${w}++ < ${bound}) {`, body, tail: '}', tags }
            : { kind: 'block', head: `${w} = 0; do {`, body, tail: `} while (++${w} < ${bound});`, tags };
        } finally {
          this.loopDepth--;
        }
      }
      case 'break':
      case 'continue': {
        const test = this.expr('bool', 1);
        const tags = ['stmt:if', `stmt:${kind}`, ...test.tags];
        for (const t of tags) this.tags.add(t);
        return { kind: 'block', head: `if (${test.php}) {`, body: [{ kind: 'line', text: `${kind};`, tags: [`stmt:${kind}`] }], tail: '}', tags };
      }
      case 'return-early': {
        const test = this.expr('bool', 1);
        const e = this.expr(this.ret, 1);
        const tags = ['stmt:if', 'stmt:return-early', ...test.tags, ...e.tags];
        for (const t of tags) this.tags.add(t);
        return { kind: 'block', head: `if (${test.php}) {`, body: [{ kind: 'line', text: `return ${e.php};`, tags: ['stmt:return'] }], tail: '}', tags };
      }
    }
  }

  private stmtFallback(): Stmt {
    const t = this.rng.pick(NUMERIC);
    const name = `$v${this.counter++}`;
    const e = this.expr(t, 0);
    this.declare(name, t);
    return this.line(`${name} = ${e.php};`, ['stmt:assign', ...e.tags]);
  }

  private stmts(min: number, max: number): Stmt[] {
    const n = this.rng.range(min, max);
    const out: Stmt[] = [];
    for (let i = 0; i < n; i++) out.push(this.stmt());
    return out;
  }

  // ---- expressions ----

  private leaf(t: GT): Ex {
    const rng = this.rng;
    const vars = this.visible(t);
    if (vars.length > 0 && rng.chance(0.6)) return { php: rng.pick(vars), tags: [] };
    switch (t) {
      case 'int': {
        if (rng.chance(0.15)) {
          const e = rng.pick(EDGE.int);
          return { php: e.php.startsWith('-') ? `(${e.php})` : e.php, tags: [`lit:${e.tag}`] };
        }
        const n = rng.pick([0, 1, 2, 3, 5, 7, 10, 16, 100, -1, -2, -7]);
        return { php: n < 0 ? `(${n})` : String(n), tags: [] };
      }
      case 'float': {
        if (rng.chance(0.2)) {
          const e = rng.pick(EDGE.float);
          return { php: e.php.startsWith('-') ? `(${e.php})` : e.php, tags: [`lit:${e.tag}`] };
        }
        if (rng.chance(0.1)) {
          const c = rng.pick(['M_PI', 'M_E', 'M_SQRT2', 'PHP_FLOAT_EPSILON']);
          return { php: c, tags: [`const:${c}`] };
        }
        const x = rng.pick([0.5, 1.5, 2.0, 0.1, 0.2, 3.25, 100.0, -1.5, -0.5, 1e-3]);
        const s = floatLiteral(x);
        return { php: s.startsWith('-') ? `(${s})` : s, tags: [] };
      }
      case 'bool':
        return { php: rng.pick(['true', 'false']), tags: [] };
      case 'num': {
        // A run-time int-or-float: int / int.
        const a = this.leaf('int');
        const b = this.leaf('int');
        return { php: `(${a.php} / ${b.php})`, tags: ['op:/', ...a.tags, ...b.tags] };
      }
    }
  }

  private expr(t: GT, depth: number): Ex {
    if (depth >= MAX_DEPTH || this.rng.chance(0.25)) return this.leaf(t);
    const d = depth + 1;
    const rng = this.rng;
    const un = (php: string, tags: string[], ...parts: Ex[]): Ex => ({ php, tags: [...tags, ...parts.flatMap((p) => p.tags)] });
    const callee = this.pickCallee(t);
    if (callee && rng.chance(0.2)) {
      const args = callee.paramTypes.map((pt) => this.expr(pt, d + 1));
      this.called.add(callee.name);
      return un(`${callee.name}(${args.map((a) => a.php).join(', ')})`, ['call:user'], ...args);
    }
    switch (t) {
      case 'int': {
        const k = rng.weighted([
          [12, 'arith'], [4, 'mod'], [4, 'intdiv'], [2, 'cast'], [2, 'neg'], [2, 'abs'], [2, 'minmax'], [2, 'cmp3'], [2, 'cond'], [2, 'boolarith'],
          [3, 'shift'], [2, 'bitwise'], [1, 'bnot'],
        ] as const);
        switch (k) {
          case 'arith': {
            const op = rng.pick(['+', '-', '*']);
            const a = this.expr('int', d);
            const b = this.expr('int', d);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'mod': {
            const a = this.expr(rng.weighted([[6, 'int'], [1, 'float'], [1, 'num']] as const), d);
            const b = this.expr(rng.weighted([[6, 'int'], [1, 'float']] as const), d);
            return un(`(${a.php} % ${b.php})`, ['op:%'], a, b);
          }
          case 'intdiv': {
            const a = this.expr('int', d);
            const b = this.expr('int', d);
            return un(`intdiv(${a.php}, ${b.php})`, ['builtin:intdiv'], a, b);
          }
          case 'cast': {
            const a = this.expr(rng.pick(['float', 'num', 'bool'] as const), d);
            return un(`(int)(${a.php})`, ['cast:int'], a);
          }
          case 'neg': {
            const a = this.expr('int', d);
            return un(`-(${a.php})`, ['op:neg'], a);
          }
          case 'abs': {
            const a = this.expr('int', d);
            return un(`abs(${a.php})`, ['builtin:abs'], a);
          }
          case 'minmax': {
            const f = rng.pick(['min', 'max']);
            const a = this.expr('int', d);
            const b = this.expr('int', d);
            return un(`${f}(${a.php}, ${b.php})`, [`builtin:${f}`], a, b);
          }
          case 'cmp3': {
            const [a, b] = this.cmpOperands(d);
            return un(`(${a.php} <=> ${b.php})`, ['op:<=>'], a, b);
          }
          case 'cond':
            return this.cond('int', d);
          case 'boolarith': {
            const a = this.expr('bool', d);
            const b = this.expr('int', d);
            return un(`(${a.php} + ${b.php})`, ['op:+', 'op:bool-arith'], a, b);
          }
          case 'shift': {
            const op = rng.pick(['<<', '>>']);
            const a = this.bitOperand(d);
            const b = this.shiftCount(d);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'bitwise': {
            const op = rng.pick(['&', '|', '^']);
            const a = this.bitOperand(d);
            const b = this.bitOperand(d);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'bnot': {
            // Never a bool: ~ on a bool always throws TypeError and the function would be declined.
            const t = rng.weighted([[6, 'int'], [1, 'float'], [1, 'num']] as const);
            const a = this.expr(t, d);
            return un(`(~${a.php})`, ['op:~', ...(t === 'int' ? [] : [`bit:${t}-operand`])], a);
          }
        }
        break;
      }
      case 'float': {
        const k = rng.weighted([[6, 'arith'], [2, 'div'], [1, 'pow'], [2, 'math'], [1, 'fmod'], [1, 'round'], [1, 'cast'], [1, 'neg'], [1, 'cond'], [1, 'pi']] as const);
        switch (k) {
          case 'arith': {
            const op = rng.pick(['+', '-', '*']);
            const [a, b] = this.floatPair(d);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'div': {
            const [a, b] = this.floatPair(d);
            return un(`(${a.php} / ${b.php})`, ['op:/'], a, b);
          }
          case 'pow': {
            const a = this.expr('float', d);
            const b = this.expr(rng.pick(['int', 'float'] as const), d);
            return rng.chance(0.5) ? un(`(${a.php} ** ${b.php})`, ['op:**'], a, b) : un(`pow(${a.php}, ${b.php})`, ['builtin:pow'], a, b);
          }
          case 'math': {
            const f = rng.pick(['sqrt', 'floor', 'ceil', 'abs']);
            const a = this.expr(f === 'abs' ? 'float' : rng.pick(NUMERIC), d);
            return un(`${f}(${a.php})`, [`builtin:${f}`], a);
          }
          case 'fmod': {
            const a = this.expr(rng.pick(NUMERIC), d);
            const b = this.expr(rng.pick(NUMERIC), d);
            return un(`fmod(${a.php}, ${b.php})`, ['builtin:fmod'], a, b);
          }
          case 'round': {
            const a = this.expr(rng.pick(NUMERIC), d);
            if (rng.chance(0.5)) return un(`round(${a.php})`, ['builtin:round'], a);
            const p = rng.pick([-2, -1, 0, 1, 2, 3]);
            return un(`round(${a.php}, ${p < 0 ? `(${p})` : p})`, ['builtin:round', 'builtin:round-precision'], a);
          }
          case 'cast': {
            const a = this.expr(rng.pick(['int', 'num', 'bool'] as const), d);
            return un(`(float)(${a.php})`, ['cast:float'], a);
          }
          case 'neg': {
            const a = this.expr('float', d);
            return un(`-(${a.php})`, ['op:neg'], a);
          }
          case 'cond':
            return this.cond('float', d);
          case 'pi':
            return { php: 'pi()', tags: ['builtin:pi'] };
        }
        break;
      }
      case 'num': {
        const k = rng.weighted([[3, 'div'], [2, 'pow'], [2, 'arith'], [1, 'minmax'], [1, 'cond']] as const);
        switch (k) {
          case 'div': {
            const a = this.expr(rng.pick(['int', 'num'] as const), d);
            const b = this.expr('int', d);
            return un(`(${a.php} / ${b.php})`, ['op:/'], a, b);
          }
          case 'pow': {
            const a = this.expr('int', d);
            const b = this.expr('int', d);
            return rng.chance(0.5) ? un(`(${a.php} ** ${b.php})`, ['op:**'], a, b) : un(`pow(${a.php}, ${b.php})`, ['builtin:pow'], a, b);
          }
          case 'arith': {
            const op = rng.pick(['+', '-', '*']);
            const a = this.expr('num', d);
            const b = this.expr(rng.pick(['int', 'num'] as const), d);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'minmax': {
            const f = rng.pick(['min', 'max']);
            const a = this.expr('int', d);
            const b = this.expr('float', d);
            return un(`${f}(${a.php}, ${b.php})`, [`builtin:${f}`, 'mix:int-float'], a, b);
          }
          case 'cond': {
            const c = this.expr('bool', d);
            const a = this.expr('int', d);
            const b = this.expr('float', d);
            return un(`(${c.php} ? ${a.php} : ${b.php})`, ['op:?:', 'mix:int-float'], c, a, b);
          }
        }
        break;
      }
      case 'bool': {
        const k = rng.weighted([[6, 'cmp'], [2, 'logic'], [1, 'not'], [1, 'isf'], [1, 'cast'], [1, 'isint']] as const);
        switch (k) {
          case 'cmp': {
            const op = rng.pick(['==', '!=', '<', '<=', '>', '>=', '===', '!==']);
            const [a, b] = this.cmpOperands(d);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'logic': {
            const op = rng.pick(['&&', '||', 'xor']);
            const a = this.expr('bool', d);
            const b = this.expr('bool', d);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'not': {
            const a = this.expr('bool', d);
            return un(`!${a.php}`, ['op:!'], a);
          }
          case 'isf': {
            const f = rng.pick(['is_nan', 'is_infinite', 'is_finite']);
            const a = this.expr('float', d);
            return un(`${f}(${a.php})`, [`builtin:${f}`], a);
          }
          case 'isint': {
            const f = rng.pick(['is_int', 'is_float']);
            const a = this.expr(rng.pick(NUMERIC), d);
            return un(`${f}(${a.php})`, [`builtin:${f}`], a);
          }
          case 'cast': {
            const a = this.expr(rng.pick(NUMERIC), d);
            return un(`(bool)(${a.php})`, ['cast:bool'], a);
          }
        }
        break;
      }
    }
    return this.leaf(t);
  }

  /** An operand of a shift or bitwise operator: mostly int; PHP converts floats (warning when inexact) and bools. */
  private bitOperand(d: number): Ex {
    const t = this.rng.weighted([[8, 'int'], [1, 'float'], [1, 'bool'], [1, 'num']] as const);
    const a = t === 'float' && this.rng.chance(0.5) ? this.bitFloat() : this.expr(t, d);
    return t === 'int' ? a : { php: a.php, tags: [`bit:${t}-operand`, ...a.tags] };
  }

  /** A float literal whose conversion to int PHP accepts silently (3.0, -0.0) or warns about. */
  private bitFloat(): Ex {
    const [php, tag] = this.rng.pick([
      ['3.0', 'bit:float-integral'],
      ['(-0.0)', 'bit:float-integral'],
      ['3.5', 'bit:float-fraction'],
      ['NAN', 'bit:float-nan-inf'],
      ['INF', 'bit:float-nan-inf'],
      ['1.0E+20', 'bit:float-out-of-range'],
    ] as const);
    return { php, tags: [tag] };
  }

  /** A shift count: an edge count literal, any int expression, a bounded `x & 63`, or a converted float/bool. */
  private shiftCount(d: number): Ex {
    const rng = this.rng;
    const kind = rng.weighted([[5, 'edge'], [3, 'expr'], [1, 'masked'], [1, 'other']] as const);
    if (kind === 'edge') {
      const [php, tag] = rng.pick(SHIFT_COUNTS);
      return { php, tags: [tag] };
    }
    if (kind === 'masked') {
      const a = this.expr('int', d);
      return { php: `(${a.php} & 63)`, tags: ['op:&', 'shift:count-masked', ...a.tags] };
    }
    if (kind === 'other') return this.bitOperand(d);
    const a = this.expr('int', d);
    return { php: a.php, tags: ['shift:count-expr', ...a.tags] };
  }

  /** Two float-typed operands, sometimes mixing an int in (the result is still float). */
  private floatPair(d: number): [Ex, Ex] {
    const a = this.expr('float', d);
    const b = this.expr(this.rng.weighted([[4, 'float'], [2, 'int'], [1, 'num']] as const), d);
    return this.rng.chance(0.5) ? [a, b] : [b, a];
  }

  private cmpOperands(d: number): [Ex, Ex] {
    const kinds: readonly (readonly [GT, GT])[] = [['int', 'int'], ['int', 'float'], ['float', 'float'], ['bool', 'int'], ['bool', 'bool'], ['num', 'float'], ['num', 'int'], ['float', 'bool']];
    const [ta, tb] = this.rng.pick(kinds);
    const a = this.expr(ta, d);
    const b = this.expr(tb, d);
    const tag = ta === tb ? `cmp:${ta}` : `cmp:${ta}-${tb}`;
    return [{ php: a.php, tags: [tag, ...a.tags] }, b];
  }

  private cond(t: GT, d: number): Ex {
    const c = this.expr('bool', d);
    const a = this.expr(t, d);
    const b = this.expr(t, d);
    if (this.rng.chance(0.25)) return { php: `(${a.php} ?: ${b.php})`, tags: ['op:?:short', ...a.tags, ...b.tags] };
    return { php: `(${c.php} ? ${a.php} : ${b.php})`, tags: ['op:?:', ...c.tags, ...a.tags, ...b.tags] };
  }

  /** A non-recursive function defined earlier with return type t (calls only go backwards: no cycles). */
  private pickCallee(t: GT): Callee | undefined {
    const ok = this.callees.filter((c) => c.ret === t && (!c.recursive || this.loopDepth === 0));
    return ok.length > 0 ? this.rng.pick(ok) : undefined;
  }
}
