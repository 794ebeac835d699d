// Random functions of everyday PHP: strings, arrays, output, globals, statics, constants, unstable types, by-reference params.
import type { ParamType } from '../core/php-value.ts';
import type { Prng } from './prng.ts';
import type { FnDef, Stmt } from './program.ts';
import { floatLiteral } from './values.ts';

/** Construct families of everyday code; each function draws its statements from one or two. */
export const EVERYDAY_FAMILIES = ['string', 'array', 'output', 'global', 'static', 'const', 'mixed', 'byref'] as const;
export type EverydayFamily = (typeof EVERYDAY_FAMILIES)[number];

/**
 * Static type of a generated expression: scalars, string, arrays of int (ai), of string (as),
 * of int arrays (an), and mixed (anything: its type changes at run time).
 */
export type ET = 'int' | 'float' | 'bool' | 'string' | 'ai' | 'as' | 'an' | 'mixed';

interface Ex {
  readonly php: string;
  readonly tags: readonly string[];
}

/** A function defined earlier in the program that everyday code may call (never by-reference ones). */
export interface EverydayCallee {
  readonly name: string;
  readonly kinds: readonly string[];
  readonly ret: ET;
}

/** Globals shared by a program's functions and set by its driver: name → argument kind. */
export const GLOBALS: readonly (readonly [string, string])[] = [['$g0', 'int'], ['$g1', 'string'], ['$g2', 'array:int']];

/** Top-level declarations every program with the const family gets (one copy per program file). */
export const CONST_PRELUDE: readonly string[] = [
  'const K_INT = 7;',
  "const K_STR = 'kx';",
  "define('D_FLOAT', 2.5);",
  "define('D_NEG', -3);",
  "class Cfg { const A = 3; const S = 'ab'; const L = [1, 2, 3]; }",
];

const KIND_OF: Readonly<Record<ET, string>> = {
  int: 'int', float: 'float', bool: 'bool', string: 'string', ai: 'array:int', as: 'array:string', an: 'array:nested', mixed: 'array:mixed',
};

const STR_LITS: readonly (readonly [string, string])[] = [
  ["''", 'lit:str-empty'], ["'0'", 'lit:str-zero'], ["'10'", 'lit:str-numeric'], ["'1e3'", 'lit:str-numeric-exp'],
  ["' 5'", 'lit:str-leading-space'], ["'abc'", ''], ["'Hello'", ''], ["'a,b,c'", ''], ["'x'", ''], ['"tab\\there"', 'lit:str-escape'],
  ['"a\\0b"', 'lit:str-nul-byte'], ["'8'", 'lit:str-int-key'], ["'-7'", 'lit:str-numeric'],
];
const INT_LITS: readonly string[] = ['0', '1', '2', '3', '5', '8', '10', '(-1)', '(-2)', '42', '255'];
const FLOAT_EDGES: readonly (readonly [string, string])[] = [
  ['(0.1 + 0.2)', 'float-print:0.1+0.2'], ['1.0E+15', 'float-print:1e15'], ['(-0.0)', 'float-print:-0.0'], ['1.0E+14', 'float-print:1e14'],
  ['0.00001', 'float-print:1e-5'], ['(1 / 3)', 'float-print:third'], ['2.0', 'float-print:integral'], ['1.5', ''], ['(-2.75)', ''], ['100000.0', 'float-print:1e5'],
];
/** Keys for reads and writes: present ones, missing ones (PHP warns), "8" (an int key), floats (truncated, deprecated when fractional), bools, null. */
const KEYS: readonly (readonly [string, string])[] = [
  ['0', 'key:int'], ['1', 'key:int'], ['2', 'key:int'], ['7', 'key:missing'], ['(-1)', 'key:negative'], ["'a'", 'key:string'],
  ["'8'", 'key:string-int'], ["'zz'", 'key:missing'], ['1.0', 'key:float'], ['1.5', 'key:float-fraction'], ['true', 'key:bool'], ['null', 'key:null'],
];
/** sprintf/printf formats and the argument types they consume (fewer than needed: ArgumentCountError). */
const FORMATS: readonly (readonly [string, readonly ET[], string])[] = [
  ['%d', ['int'], 'fmt:d'], ['[%5d]', ['int'], 'fmt:width'], ['[%-5d]', ['int'], 'fmt:left'], ['[%05d]', ['int'], 'fmt:zero-pad'],
  ['%+d', ['int'], 'fmt:plus'], ['%x %X %o %b', ['int', 'int', 'int', 'int'], 'fmt:xob'], ['%c', ['int'], 'fmt:c'], ['%u', ['int'], 'fmt:u'],
  ['%e', ['float'], 'fmt:e'], ['%.3e', ['float'], 'fmt:e'], ['%E', ['float'], 'fmt:e'], ['%f', ['float'], 'fmt:f'], ['%.2f', ['float'], 'fmt:precision'],
  ['[%10.4f]', ['float'], 'fmt:width-precision'], ['[%-10.2f]', ['float'], 'fmt:left'], ['%F', ['float'], 'fmt:f'], ['%g %G', ['float', 'float'], 'fmt:g'],
  ['%s', ['string'], 'fmt:s'], ['[%10s]', ['string'], 'fmt:width'], ['[%-10s]', ['string'], 'fmt:left'], ["[%'*10s]", ['string'], 'fmt:custom-pad'],
  ['%.2s', ['string'], 'fmt:precision'], ['100%% %s', ['string'], 'fmt:percent'], ['%1$s-%1$s', ['string'], 'fmt:argnum'],
  ['%2$d:%1$s', ['string', 'int'], 'fmt:argnum'], ['%s=%d', ['string'], 'fmt:too-few-args'], ['%d items', ['float'], 'fmt:float-as-d'],
];

export class EverydayGen {
  ret: ET;
  readonly families: ReadonlySet<EverydayFamily>;
  private readonly scopes: Map<string, ET>[] = [];
  private readonly tags = new Set<string>();
  private readonly called = new Set<string>();
  private readonly kinds: string[] = [];
  private readonly byRef: boolean[] = [];
  private readonly head: Stmt[] = [];
  /** Globals this function declared with `global`, and whether it writes them. */
  readonly globalsUsed = new Map<string, boolean>();
  /** Arrays a foreach iterates right now: never written inside it, or nested loops grow them exponentially. */
  private readonly frozen = new Set<string>();
  /** > 0 while generating the right-hand side of `.=`: no string variables, calls or string elements. */
  private noStringVars = 0;
  private counter = 0;
  private nesting = 0;
  private loopDepth = 0;

  constructor(
    private readonly rng: Prng,
    private readonly name: string,
    families: readonly EverydayFamily[],
    private readonly callees: readonly EverydayCallee[],
  ) {
    this.families = new Set(families);
    this.ret = this.families.has('output') && rng.chance(0.4)
      ? 'bool'
      : rng.weighted([[3, 'int'], [4, 'string'], [this.families.has('array') ? 4 : 1, 'ai'], [1, 'as'], [1, 'float'], [1, 'mixed']] as const);
  }

  private has(f: EverydayFamily): boolean {
    return this.families.has(f);
  }

  build(): FnDef & { readonly ret: ET } {
    const rng = this.rng;
    const scope = new Map<string, ET>();
    this.scopes.push(scope);
    for (const f of this.families) this.tags.add(`family:${f}`);
    const params: string[] = [];
    const nparams = rng.range(this.has('byref') ? 1 : 0, 3);
    const pool: ET[] = this.has('array') ? ['ai', 'ai', 'as', 'an', 'int', 'string'] : this.has('string') ? ['string', 'string', 'int', 'ai'] : ['int', 'string', 'ai', 'float'];
    for (let i = 0; i < nparams; i++) {
      const ref = this.has('byref') && (i === 0 || rng.chance(0.3));
      // By reference: an int, a string or an array the function writes and the driver shows.
      const t = ref ? rng.pick(['ai', 'ai', 'string', 'int', 'as'] as const) : rng.pick(pool);
      const pname = `$${String.fromCharCode(97 + i)}`;
      let decl = '';
      if (rng.chance(0.15)) {
        decl = t === 'ai' || t === 'as' || t === 'an' ? 'array ' : `${t} `;
        this.tags.add('decl:param-type');
      }
      if (ref) this.tags.add(`byref:${t === 'ai' || t === 'as' || t === 'an' ? 'array' : t}`);
      params.push(`${decl}${ref ? '&' : ''}${pname}`);
      this.kinds.push(KIND_OF[t]);
      this.byRef.push(ref);
      this.tags.add(`param:${t === 'int' ? 'int' : t === 'string' ? 'string' : t === 'float' ? 'float' : 'array'}`);
      scope.set(pname, t);
    }
    if (this.has('global')) this.declareGlobals();
    if (this.has('static')) this.declareStatics();
    const body: Stmt[] = [...this.head];
    if (this.has('byref')) body.push(this.byRefWrite());
    const n = rng.range(2, 5);
    for (let i = 0; i < n; i++) body.push(this.stmt());
    if (this.ret === 'bool') {
      body.push(this.line('return true;', ['stmt:return']));
    } else {
      const e = this.expr(this.ret, 0);
      body.push(this.line(`return ${e.php};`, ['stmt:return', ...e.tags]));
    }
    const paramTypes: ParamType[] = this.kinds.map((k) => (k.startsWith('array:') ? 'array' : (k as ParamType)));
    return {
      name: this.name,
      paramTypes,
      byRef: this.byRef,
      argKinds: this.kinds,
      header: `function ${this.name}(${params.join(', ')})`,
      body,
      tags: [...this.tags],
      callees: [...this.called],
      ret: this.ret,
    };
  }

  // ---- declarations: globals, statics ----

  private declareGlobals(): void {
    const chosen = GLOBALS.filter(() => this.rng.chance(0.6));
    const list = chosen.length > 0 ? chosen : [GLOBALS[0]!];
    this.head.push(this.line(`global ${list.map(([g]) => g).join(', ')};`, ['global:declare']));
    for (const [g, kind] of list) {
      this.declare(g, kind === 'int' ? 'int' : kind === 'string' ? 'string' : 'ai');
      this.globalsUsed.set(g, false);
    }
  }

  private declareStatics(): void {
    const rng = this.rng;
    const which = rng.weighted([[3, 'count'], [2, 'log'], [1, 'list']] as const);
    if (which === 'count') {
      this.head.push(this.line('static $calls = 0;', ['static:int']));
      this.head.push(this.line(rng.chance(0.5) ? '$calls++;' : `$calls += ${rng.pick(['2', 'K_INT', '1'])};`, ['static:count']));
      this.declare('$calls', 'int');
    } else if (which === 'log') {
      this.head.push(this.line("static $log = '';", ['static:string']));
      this.head.push(this.line(`$log .= ${rng.pick(["'x'", "'ab'", "'.'"])};`, ['static:append']));
      this.declare('$log', 'string');
    } else {
      this.head.push(this.line('static $seen = [];', ['static:array']));
      this.head.push(this.line(`$seen[] = ${this.expr('int', 2).php};`, ['static:array-append']));
      this.declare('$seen', 'ai');
    }
  }

  private byRefWrite(): Stmt {
    const refs = [...this.scopes[0]!].filter(([n]) => /^\$[a-z]$/.test(n) && this.byRef[n.charCodeAt(1) - 97] && !this.frozen.has(n));
    if (refs.length === 0) return this.stmtOf('int');
    const [name, t] = this.rng.pick(refs);
    const w = this.writeTo(name, t);
    return this.line(w.php, ['byref:write', ...w.tags]);
  }

  // ---- scopes ----

  private declare(name: string, t: ET): void {
    this.scopes[this.scopes.length - 1]!.set(name, t);
  }

  private visible(t?: ET): string[] {
    const out: string[] = [];
    for (const s of this.scopes) for (const [k, vt] of s) if (t === undefined || vt === t) out.push(k);
    return out;
  }

  /** Variables a statement may overwrite (not loop counters or foreach variables). */
  private writable(t?: ET): string[] {
    return this.visible(t).filter((n) => !/^\$(i|k|e)\d/.test(n) && !this.frozen.has(n));
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

  private block(head: string, body: Stmt[], tail: string, tags: readonly string[], alt?: Stmt[]): Stmt {
    for (const t of tags) this.tags.add(t);
    return alt ? { kind: 'block', head, body, mid: '} else {', alt, tail, tags } : { kind: 'block', head, body, tail, tags };
  }

  // ---- statements ----

  private stmt(): Stmt {
    const rng = this.rng;
    const nest = this.nesting < 2;
    const kind = rng.weighted([
      [4, 'assign'],
      [this.has('string') ? 4 : 1, 'str-append'],
      [this.has('array') ? 6 : 1, 'arr-write'],
      [this.has('array') && nest ? 3 : 0, 'foreach'],
      [nest ? 2 : 0, 'for'],
      [nest ? 2 : 0, 'if'],
      [this.has('output') ? 6 : 0, 'output'],
      [this.has('global') ? 3 : 0, 'global'],
      [this.has('mixed') ? 4 : 0, 'mixed'],
      [this.has('byref') ? 2 : 0, 'byref'],
      [this.has('const') ? 2 : 0, 'const'],
    ] as const);
    switch (kind) {
      case 'assign': {
        const t = rng.weighted([[3, 'int'], [3, 'string'], [this.has('array') ? 3 : 1, 'ai'], [1, 'as'], [1, 'float'], [1, 'bool']] as const);
        const e = this.expr(t, 0);
        const name = `$v${this.counter++}`;
        this.declare(name, t);
        return this.line(`${name} = ${e.php};`, ['stmt:assign', ...e.tags]);
      }
      case 'str-append': {
        const vars = this.writable('string');
        const e = this.expr('string', 1);
        if (vars.length === 0) {
          const name = `$v${this.counter++}`;
          this.declare(name, 'string');
          return this.line(`${name} = ${e.php};`, ['stmt:assign', ...e.tags]);
        }
        const w = this.writeTo(rng.pick(vars), 'string');
        return this.line(w.php, w.tags);
      }
      case 'byref':
        return this.byRefWrite();
      case 'arr-write': {
        const vars = [...this.writable('ai'), ...this.writable('as'), ...this.writable('an')];
        if (vars.length === 0) return this.stmtOf('ai');
        const v = rng.pick(vars);
        const w = this.writeTo(v, this.typeOf(v)!);
        return this.line(w.php, w.tags);
      }
      case 'foreach':
        return this.foreach();
      case 'for': {
        const i = `$i${this.counter++}`;
        const bound = rng.pick(['2', '3', '4', 'count($a)', 'strlen($a)']);
        const ok = bound === '2' || bound === '3' || bound === '4' || (bound === 'count($a)' ? ['ai', 'as', 'an'].includes(this.typeOf('$a') ?? '') : this.typeOf('$a') === 'string');
        const b = ok ? bound : '3';
        this.loopDepth++;
        try {
          const body = this.scoped(() => {
            this.declare(i, 'int');
            return this.stmts(1, 3);
          });
          // A long string bound stays cheap: for loops never run more than 8 times.
          return this.block(`for (${i} = 0; ${i} < min(${b}, 8); ${i}++) {`, body, '}', ['stmt:for']);
        } finally {
          this.loopDepth--;
        }
      }
      case 'if': {
        const test = this.expr('bool', 1);
        const body = this.scoped(() => this.stmts(1, 2));
        const alt = rng.chance(0.4) ? this.scoped(() => this.stmts(1, 2)) : undefined;
        return this.block(`if (${test.php}) {`, body, '}', ['stmt:if', ...test.tags], alt);
      }
      case 'output':
        return this.output();
      case 'global': {
        const gs = [...this.globalsUsed.keys()].filter((x) => !this.frozen.has(x));
        if (gs.length === 0) return this.stmtOf('int');
        const g = rng.pick(gs);
        if (rng.chance(0.4)) {
          const name = `$v${this.counter++}`;
          const t: ET = g === '$g0' ? 'int' : g === '$g1' ? 'string' : 'ai';
          this.declare(name, t);
          return this.line(`${name} = $GLOBALS['${g.slice(1)}'];`, ['global:GLOBALS-read']);
        }
        this.globalsUsed.set(g, true);
        const w = this.writeTo(g, this.typeOf(g)!);
        return this.line(w.php, ['global:write', ...w.tags]);
      }
      case 'mixed':
        return this.mixed();
      case 'const': {
        const e = this.constExpr();
        const name = `$v${this.counter++}`;
        this.declare(name, e.t);
        return this.line(`${name} = ${e.php};`, ['stmt:assign', ...e.tags]);
      }
    }
  }

  private stmtOf(t: ET): Stmt {
    const e = this.expr(t, 0);
    const name = `$v${this.counter++}`;
    this.declare(name, t);
    return this.line(`${name} = ${e.php};`, ['stmt:assign', ...e.tags]);
  }

  private stmts(min: number, max: number): Stmt[] {
    const n = this.rng.range(min, max);
    const out: Stmt[] = [];
    for (let i = 0; i < n; i++) out.push(this.stmt());
    return out;
  }

  /** A write that keeps the variable's type: `.=`, `+=`, element writes, appends, unset, sort… */
  private writeTo(v: string, t: ET): Ex {
    const rng = this.rng;
    const key = (): Ex => {
      const [php, tag] = rng.pick(KEYS);
      return { php, tags: [tag] };
    };
    if (t === 'string') {
      // `.=` of an expression that reads string variables (or calls, which may return them) can
      // double a string per loop iteration or per call (globals and statics persist): no strings
      // from variables on its right-hand side.
      this.noStringVars++;
      try {
        const e = this.expr('string', 2);
        return { php: `${v} .= ${e.php};`, tags: ['str:append', ...e.tags] };
      } finally {
        this.noStringVars--;
      }
    }
    if (t === 'int') {
      const e = this.expr('int', 2);
      return rng.chance(0.5) ? { php: `${v} += ${e.php};`, tags: ['stmt:compound+=', ...e.tags] } : { php: `${v}++;`, tags: ['stmt:incdec++'] };
    }
    if (t === 'float' || t === 'bool' || t === 'mixed') {
      const e = this.expr(t, 2);
      return { php: `${v} = ${e.php};`, tags: ['stmt:assign', ...e.tags] };
    }
    const el: ET = t === 'ai' ? 'int' : t === 'as' ? 'string' : 'ai';
    const k = rng.weighted([[4, 'set'], [3, 'append'], [2, 'compound'], [2, 'unset'], [t === 'an' ? 3 : 0, 'nested'], [1, 'sort'], [1, 'push'], [1, 'pop'], [1, 'cow']] as const);
    const val = this.expr(el, 2);
    switch (k) {
      case 'set': {
        const kk = key();
        return { php: `${v}[${kk.php}] = ${val.php};`, tags: ['arr:write', ...kk.tags, ...val.tags] };
      }
      case 'append':
        return { php: `${v}[] = ${val.php};`, tags: ['arr:append', ...val.tags] };
      case 'compound': {
        const kk = key();
        if (t === 'ai') return { php: `${v}[${kk.php}] += ${this.expr('int', 2).php};`, tags: ['arr:compound', ...kk.tags] };
        if (t === 'as') return { php: `${v}[${kk.php}] .= 'y';`, tags: ['arr:compound', ...kk.tags] };
        return { php: `${v}[${kk.php}][] = ${this.expr('int', 2).php};`, tags: ['arr:nested-append', ...kk.tags] };
      }
      case 'unset': {
        const kk = key();
        return { php: `unset(${v}[${kk.php}]);`, tags: ['arr:unset', ...kk.tags] };
      }
      case 'nested': {
        const kk = key();
        const j = rng.pick(['0', '1', "'q'"]);
        return { php: `${v}[${kk.php}][${j}] = ${this.expr('int', 2).php};`, tags: ['arr:nested-write', ...kk.tags] };
      }
      case 'sort':
        return t === 'an' ? { php: `${v} = array_reverse(${v});`, tags: ['builtin:array_reverse'] } : { php: `${rng.pick(['sort', 'rsort'])}(${v});`, tags: ['builtin:sort'] };
      case 'push':
        return { php: `array_push(${v}, ${val.php});`, tags: ['builtin:array_push', ...val.tags] };
      case 'pop':
        return { php: `${rng.pick(['array_pop', 'array_shift'])}(${v});`, tags: ['builtin:array_pop'] };
      case 'cow': {
        const c = `$c${this.counter++}`;
        const n = t === 'ai' ? `count(${c})` : t === 'as' ? `((string)count(${c}))` : `[count(${c})]`;
        return { php: `${c} = ${v}; ${c}[] = ${val.php}; ${v}[] = ${n};`, tags: ['arr:copy-on-write', ...val.tags] };
      }
    }
  }

  private foreach(): Stmt {
    const rng = this.rng;
    const arrays = [...this.visible('ai'), ...this.visible('as'), ...this.visible('an')];
    const subject = arrays.length > 0 && rng.chance(0.8) ? { php: rng.pick(arrays), tags: [] as string[] } : this.expr('ai', 1);
    const st = arrays.includes(subject.php) ? this.typeOf(subject.php)! : 'ai';
    const el: ET = st === 'ai' ? 'int' : st === 'as' ? 'string' : 'ai';
    const withKey = rng.chance(0.6);
    const k = `$k${this.counter}`;
    const e = `$e${this.counter++}`;
    const isVar = arrays.includes(subject.php);
    const wasFrozen = this.frozen.has(subject.php);
    this.loopDepth++;
    if (isVar) this.frozen.add(subject.php);
    try {
      const body = this.scoped(() => {
        if (withKey) this.declare(k, 'mixed');
        this.declare(e, el);
        const out = this.stmts(1, 2);
        // Writing the array being iterated (outside other loops, so it only doubles): the loop still sees the snapshot.
        if (isVar && !wasFrozen && this.loopDepth === 1 && rng.chance(0.3)) {
          const item = st === 'ai' ? e : st === 'as' ? "'w'" : '[1]';
          out.push(this.line(`${subject.php}[] = ${item};`, ['arr:foreach-modify']));
        }
        return out;
      });
      const head = withKey ? `foreach (${subject.php} as ${k} => ${e}) {` : `foreach (${subject.php} as ${e}) {`;
      return this.block(head, body, '}', [withKey ? 'arr:foreach-key' : 'arr:foreach', ...subject.tags]);
    } finally {
      this.loopDepth--;
      if (isVar && !wasFrozen) this.frozen.delete(subject.php);
    }
  }

  private output(): Stmt {
    const rng = this.rng;
    const k = rng.weighted([[3, 'echo'], [2, 'echo-float'], [1, 'print'], [2, 'printf'], [1, 'echo-mixed']] as const);
    switch (k) {
      case 'echo': {
        const e = this.expr(rng.pick(['string', 'int', 'bool'] as const), 1);
        return this.line(`echo ${e.php}, "\\n";`, ['out:echo', ...e.tags]);
      }
      case 'echo-float': {
        const e = this.floatExpr();
        return this.line(`echo ${e.php}, "\\n";`, ['out:echo-float', ...e.tags]);
      }
      case 'print': {
        const e = this.expr('string', 1);
        return this.line(`print ${e.php} . "\\n";`, ['out:print', ...e.tags]);
      }
      case 'printf': {
        const f = this.format();
        const name = `$v${this.counter++}`;
        this.declare(name, 'int');
        return this.line(`${name} = printf(${f.php});`, ['out:printf', ...f.tags]);
      }
      case 'echo-mixed': {
        const e = this.expr('mixed', 1);
        return this.line(`echo ${e.php}, "\\n";`, ['out:echo-mixed', ...e.tags]);
      }
    }
  }

  /** The program must declare `<program>_Box`: a mixed statement put its objects into an array. */
  usesBox = false;

  /**
   * Objects where the compiler has no exact type (an array of them): the function must be
   * declined, never miscompiled.
   */
  private objectsInArray(): Stmt {
    this.usesBox = true;
    const box = `${this.name.replace(/_f\d+$/, '')}_Box`;
    const a = `$m${this.counter++}`;
    const v = `$v${this.counter++}`;
    this.declare(v, 'int');
    return this.line(`${a} = [new ${box}(${this.rng.pick(['1', '5'])}), new ${box}(2)]; ${v} = ${a}[0]->v + count(${a});`, ['mixed:array-of-objects']);
  }

  /** Unstable types: a variable holding an int, then a string (or null, or an array), then used. */
  private mixed(): Stmt {
    const rng = this.rng;
    if (rng.chance(0.2)) return this.objectsInArray();
    const m = `$m${this.counter++}`;
    const first = rng.pick([['5', 'int'], ["'7'", 'numeric-string'], ['2.5', 'float'], ['null', 'null']] as const);
    const second = rng.pick([["'abc'", 'string'], ["'12'", 'numeric-string'], ['true', 'bool'], ['[1, 2]', 'array'], ['0', 'int'], ["''", 'empty-string']] as const);
    const test = this.expr('bool', 2);
    const use = rng.pick([
      [`$v${this.counter} = ${m} . '|';`, 'mixed:concat'],
      [`$v${this.counter} = ${m} + 1;`, 'mixed:arith'],
      [`$v${this.counter} = ${m} == 0;`, 'mixed:loose-eq'],
      [`$v${this.counter} = ${m} <=> '5';`, 'mixed:cmp'],
      [`$v${this.counter} = is_string(${m}) ? strlen(${m}) : -1;`, 'mixed:type-test'],
      [`$v${this.counter} = ${m} ? 'yes' : 'no';`, 'mixed:truthy'],
    ] as const);
    this.declare(`$v${this.counter++}`, 'mixed');
    this.declare(m, 'mixed');
    return this.block(
      `${m} = ${first[0]}; if (${test.php}) {`,
      [{ kind: 'line', text: `${m} = ${second[0]};`, tags: [] }],
      `} ${use[0]}`,
      [`mixed:${first[1]}-then-${second[1]}`, use[1], 'stmt:if', ...test.tags],
    );
  }

  private constExpr(): Ex & { t: ET } {
    const [php, tag, t] = this.rng.pick([
      ['(K_INT * 2 + 1)', 'const:const', 'int'],
      ["(K_STR . '!')", 'const:const-string', 'string'],
      ['(D_FLOAT * 4)', 'const:define-float', 'float'],
      ['(D_NEG - K_INT)', 'const:define', 'int'],
      ['(Cfg::A ** 2)', 'const:class', 'int'],
      ["(Cfg::S . 'c')", 'const:class-string', 'string'],
      ['count(Cfg::L)', 'const:class-array', 'int'],
      ['(PHP_INT_MAX - K_INT)', 'const:builtin', 'int'],
    ] as const);
    return { php, tags: [tag], t };
  }

  private floatExpr(): Ex {
    const [php, tag] = this.rng.pick(FLOAT_EDGES);
    return { php, tags: tag ? [tag] : [] };
  }

  private format(): Ex {
    const [fmt, types, tag] = this.rng.pick(FORMATS);
    const args = types.map((t) => (t === 'float' ? this.floatExpr() : this.expr(t, 2)));
    const quoted = `'${fmt.replace(/[\\']/g, (c) => `\\${c}`)}'`;
    return { php: [quoted, ...args.map((a) => a.php)].join(', '), tags: [tag, ...args.flatMap((a) => a.tags)] };
  }

  private typeOf(name: string): ET | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i]!.get(name);
      if (t) return t;
    }
    return undefined;
  }

  // ---- expressions ----

  private leaf(t: ET): Ex {
    const rng = this.rng;
    const vars = this.noStringVars > 0 && (t === 'string' || t === 'as' || t === 'mixed') ? [] : this.visible(t);
    if (vars.length > 0 && rng.chance(0.6)) return { php: rng.pick(vars), tags: [] };
    switch (t) {
      case 'int':
        return { php: rng.pick(INT_LITS), tags: [] };
      case 'float':
        return { php: floatLiteral(rng.pick([0.5, 1.5, 2.25, 0.1, 3.0])), tags: [] };
      case 'bool':
        return { php: rng.pick(['true', 'false']), tags: [] };
      case 'string': {
        const [php, tag] = rng.pick(STR_LITS);
        return { php, tags: tag ? [tag] : [] };
      }
      case 'ai': {
        const [php, tag] = rng.pick([
          ['[1, 2, 3]', 'lit:arr-packed'], ['[]', 'lit:arr-empty'], ["['a' => 1, 'b' => 2]", 'lit:arr-hash'], ["[3 => 10, '8' => 20, 1 => 30]", 'lit:arr-string-int-key'],
          ['[1.7 => 5, 2 => 6]', 'lit:arr-float-key'], ['[true => 1, null => 2]', 'lit:arr-bool-null-key'], ['[5, 4, 9, 1]', 'lit:arr-packed'],
        ] as const);
        return { php, tags: [tag] };
      }
      case 'as': {
        const [php, tag] = rng.pick([["['x', 'y']", 'lit:arr-packed'], ["['k' => 'v', 'e' => '']", 'lit:arr-hash'], ['[]', 'lit:arr-empty'], ["['b', '10', 'a', '9']", 'lit:arr-numeric-strings']] as const);
        return { php, tags: [tag] };
      }
      case 'an':
        return { php: rng.pick(['[[1, 2], [3]]', "['r' => [4], 's' => []]", '[]']), tags: ['lit:arr-nested'] };
      case 'mixed':
        return { php: rng.pick(['null', "'5'", '3', "'abc'", '1.5', 'true', '[1]']), tags: ['lit:mixed'] };
    }
  }

  private call(t: ET, d: number): Ex | undefined {
    // Calls from nested loops multiply every warning the callee prints: at most one loop level.
    const ok = this.noStringVars > 0 || this.loopDepth >= 2 ? [] : this.callees.filter((c) => c.ret === t);
    if (ok.length === 0 || !this.rng.chance(0.25)) return undefined;
    const c = this.rng.pick(ok);
    const toEt = (k: string): ET => (k === 'array:int' ? 'ai' : k === 'array:string' ? 'as' : k === 'array:nested' ? 'an' : k === 'array:mixed' ? 'ai' : (k as ET));
    const args = c.kinds.map((k) => this.expr(toEt(k), d + 1));
    this.called.add(c.name);
    const tags = ['call:user', ...(c.kinds.some((k) => k.startsWith('array:')) ? ['call:array-arg'] : []), ...(t === 'ai' || t === 'as' ? ['call:array-return'] : [])];
    return { php: `${c.name}(${args.map((a) => a.php).join(', ')})`, tags: [...tags, ...args.flatMap((a) => a.tags)] };
  }

  expr(t: ET, depth: number): Ex {
    if (depth >= 3 || this.rng.chance(0.3)) return this.leaf(t);
    const d = depth + 1;
    const c = this.call(t, d);
    if (c) return c;
    const rng = this.rng;
    const un = (php: string, tags: readonly string[], ...parts: Ex[]): Ex => ({ php, tags: [...tags, ...parts.flatMap((p) => p.tags)] });
    const s = (): Ex => this.expr('string', d);
    const i = (): Ex => this.expr('int', d);
    const arr = (): Ex => this.expr(rng.pick(['ai', 'ai', 'as'] as const), d);
    switch (t) {
      case 'string': {
        const k = rng.weighted([
          [5, 'concat'], [2, 'interp'], [2, 'tostr'], [2, 'substr'], [1, 'repeat'], [2, 'case'], [1, 'trim'], [1, 'pad'], [1, 'dechex'], [1, 'chr'],
          [1, 'replace'], [2, 'implode'], [2, 'sprintf'], [1, 'number_format'], [2, 'offset'], [1, 'cond'], [this.has('const') ? 2 : 0, 'const'],
          [this.has('array') ? 2 : 0, 'elem'],
        ] as const);
        switch (k) {
          case 'concat': {
            const a = s();
            const b = this.expr(rng.pick(['string', 'string', 'int', 'float'] as const), d);
            return un(`(${a.php} . ${b.php})`, ['op:.'], a, b);
          }
          case 'interp': {
            const vars = [...(this.noStringVars > 0 ? [] : this.visible('string')), ...this.visible('int'), ...this.visible('float')];
            if (vars.length === 0) return this.leaf('string');
            const v = rng.pick(vars);
            return rng.chance(0.5) ? { php: `"<${v}>"`, tags: ['str:interp-simple'] } : { php: `"{${v}}-{${v}}"`, tags: ['str:interp-braces'] };
          }
          case 'tostr': {
            if (rng.chance(0.5)) {
              const f = this.floatExpr();
              return un(`((string)${f.php})`, ['conv:float-to-string'], f);
            }
            const a = i();
            return un(`((string)${a.php})`, ['conv:int-to-string'], a);
          }
          case 'substr': {
            const a = s();
            const start = rng.pick(['0', '1', '(-1)', '(-3)', '2', '10']);
            const len = rng.pick(['', ', 2', ', (-1)', ', 0', ', 100']);
            return un(`substr(${a.php}, ${start}${len})`, ['builtin:substr', ...(start.includes('-') || len.includes('-') ? ['str:negative-arg'] : [])], a);
          }
          case 'repeat': {
            const [php, tag] = rng.pick(STR_LITS);
            return { php: `str_repeat(${php}, ${rng.pick(['0', '1', '3', '(-1)'])})`, tags: ['builtin:str_repeat', ...(tag ? [tag] : [])] };
          }
          case 'case': {
            const f = rng.pick(['strtoupper', 'strtolower', 'ucfirst', 'lcfirst', 'strrev']);
            const a = s();
            return un(`${f}(${a.php})`, [`builtin:${f}`], a);
          }
          case 'trim': {
            const f = rng.pick(['trim', 'ltrim', 'rtrim']);
            const a = s();
            return un(`${f}(${a.php})`, [`builtin:${f}`], a);
          }
          case 'pad': {
            const a = s();
            const mode = rng.pick(['', ", '0', STR_PAD_LEFT", ", '-=', STR_PAD_BOTH", ", '.'"]);
            return un(`str_pad(${a.php}, ${rng.pick(['0', '5', '8'])}${mode})`, ['builtin:str_pad'], a);
          }
          case 'dechex': {
            const f = rng.pick(['dechex', 'decbin', 'decoct']);
            const a = i();
            return un(`${f}(${a.php})`, [`builtin:${f}`], a);
          }
          case 'chr': {
            const a = i();
            return un(`chr(${a.php})`, ['builtin:chr'], a);
          }
          case 'replace': {
            const a = s();
            return un(`str_replace(${rng.pick(["'a'", "'0'", "','", "''"])}, ${rng.pick(["'AA'", "''", "'-'"])}, ${a.php})`, ['builtin:str_replace'], a);
          }
          case 'implode': {
            const a = arr();
            return un(`implode(${rng.pick(["','", "''", "' | '"])}, ${a.php})`, ['builtin:implode'], a);
          }
          case 'sprintf': {
            const f = this.format();
            return un(`sprintf(${f.php})`, ['builtin:sprintf'], f);
          }
          case 'number_format': {
            const f = rng.chance(0.5) ? this.floatExpr() : this.expr('float', d);
            const rest = rng.pick(['', ', 2', ", 2, ',', '.'", ', 0', ", 3, '.', ' '"]);
            return un(`number_format(${f.php}${rest})`, ['builtin:number_format'], f);
          }
          case 'offset': {
            const a = s();
            const [idx, tag] = rng.pick([['0', 'str:offset'], ['1', 'str:offset'], ['(-1)', 'str:offset-negative'], ['(-2)', 'str:offset-negative'], ['5', 'str:offset-maybe-out'], ['100', 'str:offset-out']] as const);
            return un(`(${a.php})[${idx}]`, [tag], a);
          }
          case 'cond': {
            const b = this.expr('bool', d);
            const x = s();
            const y = s();
            return un(`(${b.php} ? ${x.php} : ${y.php})`, ['op:?:'], b, x, y);
          }
          case 'const': {
            const e = this.constExpr();
            return e.t === 'string' ? e : un(`(${e.php} . '')`, ['op:.'], e);
          }
          case 'elem': {
            const vars = this.noStringVars > 0 ? [] : this.visible('as');
            if (vars.length === 0) return this.leaf('string');
            const [kk, tag] = rng.pick(KEYS);
            return { php: `${rng.pick(vars)}[${kk}]`, tags: ['arr:read', tag] };
          }
        }
        break;
      }
      case 'int': {
        // String → int casts are rarer: a function holds many int expressions, and one such cast
        // (a construct the pipeline may decline) keeps the whole function interpreted.
        const k = rng.weighted([
          [9, 'arith'], [9, 'strlen'], [9, 'count'], [9, 'elem'], [3, 'ord'], [3, 'sum'], [3, 'hexdec'], [3, 'cmp'], [1, 'strpos'],
          [this.has('const') ? 9 : 0, 'const'], [1, 'intcast'],
        ] as const);
        switch (k) {
          case 'arith': {
            const a = i();
            const b = i();
            const op = rng.pick(['+', '-', '*']);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`], a, b);
          }
          case 'strlen': {
            const a = s();
            return un(`strlen(${a.php})`, ['builtin:strlen'], a);
          }
          case 'count': {
            const a = arr();
            return un(`count(${a.php})`, ['builtin:count'], a);
          }
          case 'elem': {
            const vars = this.visible('ai');
            const nested = this.visible('an');
            if (nested.length > 0 && rng.chance(0.3)) {
              const [kk, tag] = rng.pick(KEYS);
              return { php: `${rng.pick(nested)}[${kk}][${rng.pick(['0', '1'])}]`, tags: ['arr:nested-read', tag] };
            }
            if (vars.length === 0) return this.leaf('int');
            const [kk, tag] = rng.pick(KEYS);
            return { php: `${rng.pick(vars)}[${kk}]`, tags: ['arr:read', tag] };
          }
          case 'ord': {
            const a = s();
            return un(`ord(${a.php})`, ['builtin:ord'], a);
          }
          case 'sum': {
            const a = this.expr('ai', d);
            const f = rng.pick(['array_sum', 'array_product', 'max', 'min']);
            return un(`${f}(${a.php})`, [`builtin:${f === 'max' || f === 'min' ? `${f}-array` : f}`], a);
          }
          case 'hexdec': {
            // Valid digits mostly, values beyond PHP_INT_MAX (a float), and now and then an invalid digit (deprecated).
            const [f, arg] = rng.pick([
              ['hexdec', "'ff'"], ['hexdec', "'7fffffffffffffff'"], ['hexdec', "'ffffffffffffffff'"], ['hexdec', "''"],
              ['bindec', "'101'"], ['bindec', `'${'1'.repeat(64)}'`], ['bindec', "'0'"],
              ['octdec', "'777'"], ['octdec', "'7777777777777777777777'"], ['octdec', "'17'"], [rng.pick(['hexdec', 'bindec', 'octdec']), "'z9'"],
            ] as const);
            return { php: `${f}(${arg})`, tags: [`builtin:${f}`, ...(arg === "'z9'" ? ['str:invalid-digits'] : [])] };
          }
          case 'cmp': {
            const a = s();
            const b = this.expr(rng.pick(['string', 'int'] as const), d);
            return un(`(${a.php} <=> ${b.php})`, ['op:<=>', 'cmp:string'], a, b);
          }
          case 'strpos': {
            const a = s();
            return un(`((int)strpos(${a.php}, ${rng.pick(["'a'", "'b'", "','", "'0'"])}))`, ['builtin:strpos'], a);
          }
          case 'const': {
            const e = this.constExpr();
            if (e.t === 'int') return e;
            return this.leaf('int');
          }
          case 'intcast': {
            const a = s();
            return un(`((int)${a.php})`, ['cast:int-from-string'], a);
          }
        }
        break;
      }
      case 'float': {
        const a = this.floatExpr();
        const b = i();
        return rng.chance(0.5) ? un(`(${a.php} * ${b.php})`, ['op:*'], a, b) : un(`(${a.php} + ${b.php} / 4)`, ['op:+'], a, b);
      }
      case 'bool': {
        const k = rng.weighted([[3, 'strcmp'], [2, 'strfn'], [2, 'in_array'], [2, 'isset'], [1, 'key_exists'], [1, 'loose']] as const);
        switch (k) {
          case 'strcmp': {
            const a = s();
            const b = s();
            const op = rng.pick(['==', '===', '!=', '<', '>=']);
            return un(`(${a.php} ${op} ${b.php})`, [`op:${op}`, 'cmp:string'], a, b);
          }
          case 'strfn': {
            const f = rng.pick(['str_contains', 'str_starts_with', 'str_ends_with']);
            const a = s();
            const b = s();
            return un(`${f}(${a.php}, ${b.php})`, [`builtin:${f}`], a, b);
          }
          case 'in_array': {
            const a = arr();
            const x = this.expr(rng.pick(['int', 'string'] as const), d);
            const strict = rng.chance(0.4);
            return un(`in_array(${x.php}, ${a.php}${strict ? ', true' : ''})`, [strict ? 'builtin:in_array-strict' : 'builtin:in_array'], x, a);
          }
          case 'isset': {
            const vars = [...this.visible('ai'), ...this.visible('as'), ...this.visible('an')];
            if (vars.length === 0) return this.leaf('bool');
            const [kk, tag] = rng.pick(KEYS);
            const e = rng.chance(0.25);
            return { php: `${e ? 'empty' : 'isset'}(${rng.pick(vars)}[${kk}])`, tags: [e ? 'arr:empty' : 'arr:isset', tag] };
          }
          case 'key_exists': {
            const a = arr();
            const [kk, tag] = rng.pick(KEYS.filter(([k]) => k !== '1.5' && k !== 'true'));
            return un(`array_key_exists(${kk}, ${a.php})`, ['builtin:array_key_exists', tag], a);
          }
          case 'loose': {
            const a = s();
            const b = i();
            return un(`(${a.php} == ${b.php})`, ['op:==', 'cmp:string-int'], a, b);
          }
        }
        break;
      }
      case 'ai': {
        const k = rng.weighted([[2, 'range'], [1, 'fill'], [2, 'slice'], [1, 'merge'], [1, 'reverse'], [1, 'values'], [1, 'literal']] as const);
        switch (k) {
          case 'range':
            return { php: `range(${rng.pick(['0', '1', '5', '(-2)'])}, ${rng.pick(['3', '0', '4'])}${rng.pick(['', ', 2'])})`, tags: ['builtin:range'] };
          case 'fill': {
            const v = i();
            return un(`array_fill(${rng.pick(['0', '5', '(-3)'])}, ${rng.pick(['0', '1', '3'])}, ${v.php})`, ['builtin:array_fill'], v);
          }
          case 'slice': {
            const a = this.expr('ai', d);
            return un(`array_slice(${a.php}, ${rng.pick(['0', '1', '(-2)'])}${rng.pick(['', ', 1', ', 2'])})`, ['builtin:array_slice'], a);
          }
          case 'merge': {
            const a = this.leaf('ai');
            const b = this.leaf('ai');
            return un(`array_merge(${a.php}, ${b.php})`, ['builtin:array_merge'], a, b);
          }
          case 'reverse': {
            const a = this.expr('ai', d);
            return un(`array_reverse(${a.php})`, ['builtin:array_reverse'], a);
          }
          case 'values': {
            const a = this.expr('ai', d);
            return un(`array_values(${a.php})`, ['builtin:array_values'], a);
          }
          case 'literal': {
            const a = i();
            const b = i();
            return un(`[${a.php}, 'k' => ${b.php}]`, ['lit:arr-expr'], a, b);
          }
        }
        break;
      }
      case 'as': {
        if (rng.chance(0.5)) {
          const a = s();
          return un(`explode(${rng.pick(["','", "'b'", "' '"])}, ${a.php})`, ['builtin:explode'], a);
        }
        const a = this.expr('ai', d);
        return un(`array_keys(${a.php})`, ['builtin:array_keys'], a);
      }
      case 'an':
        return this.leaf('an');
      case 'mixed': {
        const a = s();
        return rng.chance(0.5) ? un(`strpos(${a.php}, 'b')`, ['builtin:strpos'], a) : un(`(strlen(${a.php}) > 2 ? ${a.php} : 7)`, ['mixed:cond-int-string'], a);
      }
    }
    return this.leaf(t);
  }
}
