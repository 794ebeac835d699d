// The object family: a program's classes (properties, constructors, methods, constants, a subclass) and functions that create, read, write, call, compare and return objects.
import type { ParamType } from '../core/php-value.ts';
import type { Prng } from './prng.ts';
import type { ClassDef, FnDef, Stmt } from './program.ts';
import type { Val } from './values.ts';

/** A property of a generated class: its declaration line decides its type and initial state. */
interface PropSpec {
  readonly name: string;
  /** int | float | string | array | untyped */
  readonly type: 'int' | 'float' | 'string' | 'array' | 'any';
  readonly decl: string;
  /** Typed without a default and not set by the constructor: reading it throws Error. */
  readonly uninit: boolean;
}

/** A method the driver or the functions may call: its parameter kinds and what it returns. */
interface MethodSpec {
  readonly name: string;
  readonly params: readonly ParamType[];
  readonly isStatic: boolean;
  /** 'this' for a method returning $this (calls chain), 'int' / 'string' / 'float' / 'void' otherwise. */
  readonly ret: 'int' | 'string' | 'float' | 'this' | 'void' | 'object';
}

export interface ClassSpec {
  readonly name: string;
  readonly parent?: ClassSpec;
  readonly props: readonly PropSpec[];
  /** Constructor parameters (all required: a default is declined by the frontend when `new` omits it). */
  readonly ctorParams: readonly ('int' | 'string')[];
  readonly methods: MethodSpec[];
}

/**
 * The classes of one program and everything that needs them: their declarations, their methods
 * (FnDefs named `Class::method`), `new` expressions for the driver, subclass and other-class
 * receivers. Built once per program, on the first function of the object family.
 */
export class ObjectWorld {
  readonly classes: ClassSpec[] = [];
  readonly defs: ClassDef[] = [];
  readonly methods: FnDef[] = [];
  /** Methods the driver calls directly: they get their own kernel (name → FnDef index in methods). */
  private readonly plannedNames = new Set<string>();

  constructor(
    private readonly rng: Prng,
    private readonly prog: string,
  ) {
    const n = rng.range(1, 3);
    const base = this.makeClass(`${prog}_C0`, undefined);
    if (n >= 2) this.makeClass(`${prog}_C1`, base);
    if (n >= 3) this.makeClass(`${prog}_C2`, rng.chance(0.5) ? base : undefined);
  }

  /** `new Cls(...)` with typical constructor arguments. */
  newExpr(cls: ClassSpec): string {
    const args = cls.ctorParams.map((t) => (t === 'int' ? String(this.rng.pick([0, 1, 2, 3, 5, 7, -2, 10])) : this.rng.pick(["'a'", "'xy'", "''", "'7'"])));
    return `new ${cls.name}(${args.join(', ')})`;
  }

  byName(name: string): ClassSpec {
    return this.classes.find((c) => c.name === name)!;
  }

  subclassesOf(cls: ClassSpec): ClassSpec[] {
    return this.classes.filter((c) => c.parent === cls);
  }

  /** Marks `Cls::method` as called by the driver: it becomes a planned method with the driver's first types. */
  plan(name: string): FnDef {
    this.plannedNames.add(name);
    const i = this.methods.findIndex((m) => m.name === name);
    const m = { ...this.methods[i]!, planned: true };
    this.methods[i] = m;
    return m;
  }

  // ---- classes ----

  private makeClass(name: string, parent: ClassSpec | undefined): ClassSpec {
    const rng = this.rng;
    const props: PropSpec[] = [];
    const members: string[] = [];
    const methods: MethodSpec[] = [];
    const tags = new Set<string>(['family:object', 'obj:class']);
    const k = rng.pick([2, 3, 5, 7]);
    members.push(`const K = ${k};`, `const S = '${name.slice(-2).toLowerCase()}';`);
    tags.add('obj:class-const');
    const bodyOf = (lines: readonly string[], tagList: readonly string[]): Stmt[] => lines.map((text) => ({ kind: 'line', text, tags: tagList }));
    const addMethod = (spec: MethodSpec, header: string, body: readonly string[], mtags: readonly string[], callees: readonly string[] = []): void => {
      methods.push(spec);
      for (const t of mtags) tags.add(t);
      this.methods.push({
        name: `${name}::${spec.name}`,
        className: name,
        isStatic: spec.isStatic,
        paramTypes: spec.params,
        byRef: spec.params.map(() => false),
        header,
        body: bodyOf(body, mtags),
        tags: ['family:object', 'obj:method', ...mtags],
        callees: [...callees],
      });
    };
    if (!parent) {
      props.push({ name: 'n', type: 'int', decl: `public int $n = ${rng.pick([0, 1, 5])};`, uninit: false });
      if (rng.chance(0.6)) props.push({ name: 'f', type: 'float', decl: `public float $f = ${rng.pick(['1.5', '0.1', '2.0'])};`, uninit: false });
      if (rng.chance(0.6)) props.push({ name: 's', type: 'string', decl: `public string $s = '${rng.pick(['ab', '', '0'])}';`, uninit: false });
      // A typed array property needs an element type: an empty default with no element written is declined.
      if (rng.chance(0.6)) props.push({ name: 'list', type: 'array', decl: `public array $list = ${rng.pick(['[1, 2]', '[3]', "['k' => 4]"])};`, uninit: false });
      if (rng.chance(0.4)) props.push({ name: 'u', type: 'any', decl: 'public $u;', uninit: false });
      if (rng.chance(0.4)) props.push({ name: 'w', type: 'any', decl: `public $w = ${rng.pick(['3', "'w'", '0.5'])};`, uninit: false });
      const late = rng.chance(0.4);
      if (late) props.push({ name: 'late', type: 'int', decl: 'public int $late;', uninit: true });
      for (const p of props) members.push(p.decl);
      // Constructor: `$n` assigned, a promoted string parameter sometimes.
      const promoted = rng.chance(0.5);
      const ctorParams: ('int' | 'string')[] = promoted ? ['int', 'string'] : ['int'];
      const ctorBody = ['$this->n = $n * 2;'];
      if (late && rng.chance(0.3)) {
        ctorBody.push('if ($n > 3) {', '    $this->late = $n;', '}');
        tags.add('obj:late-init-sometimes');
      }
      addMethod(
        { name: '__construct', params: ctorParams, isStatic: false, ret: 'void' },
        `public function __construct(int $n${promoted ? ', public string $tag' : ''})`,
        ctorBody,
        ['obj:ctor', promoted ? 'obj:ctor-promoted' : 'obj:ctor-plain'],
      );
    } else {
      props.push({ name: 'extra', type: 'int', decl: `public int $extra = ${rng.pick([0, 4])};`, uninit: false });
      members.push(props[0]!.decl);
      members[0] = `const K = ${k + 10};`;
      const pp = parent.ctorParams;
      const ctorParams: ('int' | 'string')[] = [...pp, 'int'];
      const names = pp.map((_, i) => `$p${i}`);
      addMethod(
        { name: '__construct', params: ctorParams, isStatic: false, ret: 'void' },
        `public function __construct(${pp.map((t, i) => `${t} $p${i}`).join(', ')}, int $extra)`,
        [`parent::__construct(${names.join(', ')});`, '$this->extra = $extra;'],
        ['obj:ctor', 'obj:parent-ctor'],
        [`${parent.name}::__construct`],
      );
    }
    const spec: ClassSpec = {
      name,
      ...(parent ? { parent } : {}),
      props: parent ? [...parent.props, ...props] : props,
      ctorParams: parent ? [...parent.ctorParams, 'int'] : (methods[0]!.params as ('int' | 'string')[]),
      methods,
    };
    const all = spec.props;
    const has = (p: string): boolean => all.some((q) => q.name === p);
    const c = rng.pick([1, 2, 3, 10]);
    if (!parent) {
      addMethod({ name: 'get', params: [], isStatic: false, ret: 'int' }, 'public function get()', [`return $this->n * self::K + ${c};`], ['obj:method-value', 'obj:self-const']);
      addMethod({ name: 'add', params: ['int'], isStatic: false, ret: 'this' }, 'public function add($k)', ['$this->n += $k;', 'return $this;'], ['obj:return-this', 'obj:prop-compound']);
      addMethod({ name: 'setN', params: ['int'], isStatic: false, ret: 'int' }, 'public function setN($x)', ['$this->n = $x;', 'return $this->n;'], ['obj:prop-write', 'obj:typed-write']);
      addMethod({ name: 'bump', params: [], isStatic: false, ret: 'int' }, 'public function bump()', ['$this->n++;', 'return $this->n;'], ['obj:prop-incdec']);
      if (has('f')) addMethod({ name: 'scale', params: ['float'], isStatic: false, ret: 'float' }, 'public function scale($x)', ['$this->f *= $x;', 'return $this->f;'], ['obj:prop-float']);
      if (has('s')) addMethod({ name: 'describe', params: [], isStatic: false, ret: 'string' }, 'public function describe()', [`return $this->s . ':' . $this->n${has('tag') || spec.ctorParams.length > 1 ? " . ':' . $this->tag" : ''};`], ['obj:prop-string']);
      if (has('list')) addMethod({ name: 'push', params: ['int'], isStatic: false, ret: 'int' }, 'public function push($v)', ['$this->list[] = $v;', 'return count($this->list);'], ['obj:array-prop']);
      if (has('late')) addMethod({ name: 'readLate', params: [], isStatic: false, ret: 'int' }, 'public function readLate()', ['return $this->late + 1;'], ['obj:uninit-read']);
      if (has('u')) addMethod({ name: 'setU', params: ['int'], isStatic: false, ret: 'int' }, 'public function setU($v)', ['$old = $this->u;', '$this->u = $v;', 'return $old === null ? -1 : $old;'], ['obj:untyped-prop']);
      addMethod({ name: 'twice', params: ['int'], isStatic: true, ret: 'int' }, 'public static function twice($x)', [`return $x * 2 + self::K;`], ['obj:static-method']);
      const args = spec.ctorParams.map((t, i) => (t === 'int' ? '$n' : `'m${i}'`));
      addMethod({ name: 'make', params: ['int'], isStatic: true, ret: 'object' }, 'public static function make($n)', [`return new ${rng.chance(0.5) ? 'self' : name}(${args.join(', ')});`], ['obj:static-method', 'obj:static-new'], [`${name}::__construct`]);
    } else {
      addMethod(
        { name: 'get', params: [], isStatic: false, ret: 'int' },
        'public function get()',
        [`return parent::get() + $this->extra + ${rng.chance(0.5) ? 'static::K' : 'self::K'};`],
        ['obj:override', 'obj:parent-call', 'obj:method-value'],
        [`${parent.name}::get`],
      );
    }
    for (const m of this.methods) if (m.className === name) for (const t of m.tags) tags.add(t);
    this.classes.push(spec);
    this.defs.push({ name, head: `class ${name}${parent ? ` extends ${parent.name}` : ''} {`, members });
    return spec;
  }

  /** A method of `cls` or of its parents that objects of `cls` run (overrides first). */
  methodsOf(cls: ClassSpec): MethodSpec[] {
    const out: MethodSpec[] = [];
    for (let c: ClassSpec | undefined = cls; c; c = c.parent) for (const m of c.methods) if (!out.some((o) => o.name === m.name)) out.push(m);
    return out.filter((m) => m.name !== '__construct');
  }

  /** The class declaring the method objects of `cls` run under `name`. */
  declaring(cls: ClassSpec, name: string): ClassSpec {
    for (let c: ClassSpec | undefined = cls; c; c = c.parent) if (c.methods.some((m) => m.name === name)) return c;
    return cls;
  }

  /** Driver values for an `object:Cls` argument kind: typical, edge (a subclass) and guard breakers. */
  values(kind: string, mode: 'typical' | 'edge' | 'break'): Val {
    const cls = this.byName(kind.slice(7));
    const subs = this.subclassesOf(cls);
    if (mode === 'edge' && subs.length > 0) return { php: this.newExpr(this.rng.pick(subs)), tag: 'obj-arg:subclass' };
    if (mode === 'break') {
      const others = this.classes.filter((c) => c !== cls && c.parent !== cls);
      const [php, tag] = this.rng.pick([
        ['null', 'obj-arg:null'],
        ['5', 'obj-arg:int'],
        ...(others.length > 0 ? [[this.newExpr(this.rng.pick(others)), 'obj-arg:other-class'] as const] : []),
      ] as const);
      return { php, tag };
    }
    return { php: this.newExpr(cls), tag: '' };
  }
}

/** A local of a generated object function: an int, or an object of a known class. */
type Local = { readonly t: 'int' } | { readonly t: 'obj'; readonly cls: ClassSpec };

/**
 * One top-level function of the object family: objects created and taken as parameters, their
 * properties read and written, methods called (in loops, chained), compared, tested with
 * instanceof, returned.
 */
export class ObjectFnGen {
  private readonly locals = new Map<string, Local>();
  private readonly tags = new Set<string>(['family:object']);
  private readonly called = new Set<string>();
  private counter = 0;
  private depth = 0;

  constructor(
    private readonly rng: Prng,
    private readonly name: string,
    private readonly world: ObjectWorld,
  ) {}

  build(): FnDef {
    const rng = this.rng;
    const params: string[] = [];
    const paramTypes: ParamType[] = [];
    const kinds: string[] = [];
    const classes: string[] = [];
    const n = rng.range(0, 2);
    for (let i = 0; i < n; i++) {
      const pname = `$${String.fromCharCode(97 + i)}`;
      if (rng.chance(0.6)) {
        const cls = rng.pick(this.world.classes);
        const typed = rng.chance(0.3);
        params.push(`${typed ? `${cls.name} ` : ''}${pname}`);
        if (typed) this.tags.add('obj:param-typed');
        paramTypes.push('object');
        kinds.push(`object:${cls.name}`);
        classes.push(cls.name);
        this.locals.set(pname, { t: 'obj', cls });
        this.tags.add('obj:param');
      } else {
        params.push(pname);
        paramTypes.push('int');
        kinds.push('int');
        classes.push('');
        this.locals.set(pname, { t: 'int' });
      }
    }
    const body: Stmt[] = [];
    if (![...this.locals.values()].some((l) => l.t === 'obj')) body.push(this.newStmt());
    const count = rng.range(2, 5);
    for (let i = 0; i < count; i++) body.push(this.stmt());
    body.push(this.ret());
    return {
      name: this.name,
      paramTypes,
      byRef: paramTypes.map(() => false),
      argKinds: kinds,
      ...(classes.some(Boolean) ? { paramClasses: classes } : {}),
      header: `function ${this.name}(${params.join(', ')})`,
      body,
      tags: [...this.tags],
      callees: [...this.called],
    };
  }

  private line(text: string, tags: readonly string[]): Stmt {
    for (const t of tags) this.tags.add(t);
    return { kind: 'line', text, tags };
  }

  private objs(): [string, ClassSpec][] {
    return [...this.locals].filter((e): e is [string, { t: 'obj'; cls: ClassSpec }] => e[1].t === 'obj').map(([k, v]) => [k, v.cls]);
  }

  private ints(): string[] {
    return [...this.locals].filter(([, v]) => v.t === 'int').map(([k]) => k);
  }

  private int(): string {
    const vars = this.ints();
    if (vars.length > 0 && this.rng.chance(0.5)) return this.rng.pick(vars);
    return this.rng.pick(['0', '1', '2', '3', '7', '(-1)', '10']);
  }

  private callee(cls: ClassSpec, method: string): void {
    this.called.add(`${this.world.declaring(cls, method).name}::${method}`);
  }

  private newStmt(): Stmt {
    const cls = this.rng.pick(this.world.classes);
    const v = `$o${this.counter++}`;
    const text = `${v} = ${this.world.newExpr(cls)};`;
    this.locals.set(v, { t: 'obj', cls });
    this.called.add(`${cls.name}::__construct`);
    for (let c = cls.parent; c; c = c.parent) this.called.add(`${c.name}::__construct`);
    return this.line(text, ['obj:new', ...(cls.parent ? ['obj:new-subclass'] : [])]);
  }

  private stmt(): Stmt {
    const rng = this.rng;
    const objs = this.objs();
    if (objs.length === 0) return this.newStmt();
    const [o, cls] = rng.pick(objs);
    const has = (p: string): PropSpec | undefined => cls.props.find((q) => q.name === p);
    const methods = this.world.methodsOf(cls).filter((m) => !m.isStatic);
    const kind = rng.weighted([
      [3, 'new'], [3, 'prop-write'], [3, 'prop-compound'], [2, 'prop-read'], [4, 'call'], [this.depth === 0 ? 2 : 0, 'loop'], [1, 'chain'],
      [2, 'identity'], [2, 'instanceof'], [1, 'static'], [1, 'const'], [1, 'alias'], [1, 'array-prop'], [1, 'coerce'], [1, 'incdec'],
    ] as const);
    const v = `$v${this.counter++}`;
    switch (kind) {
      case 'new':
        return this.newStmt();
      case 'prop-write': {
        const p = rng.pick(cls.props.filter((q) => q.type !== 'array'));
        const val = p.type === 'int' || p.type === 'any' ? this.int() : p.type === 'float' ? rng.pick(['0.5', '2.0', '(1 / 3)']) : rng.pick(["'q'", "''", "'10'"]);
        return this.line(`${o}->${p.name} = ${val};`, ['obj:prop-write', ...(p.uninit ? ['obj:late-init'] : [])]);
      }
      case 'prop-compound': {
        const p = rng.pick(cls.props.filter((q) => q.type === 'int' || q.type === 'float' || q.type === 'string'));
        if (p.type === 'string') return this.line(`${o}->${p.name} .= ${rng.pick(["'z'", "'0'"])};`, ['obj:prop-compound', 'obj:prop-concat']);
        const op = rng.pick(['+=', '-=', '*=']);
        return this.line(`${o}->${p.name} ${op} ${this.int()};`, ['obj:prop-compound']);
      }
      case 'incdec': {
        const p = has('n')!;
        return this.line(rng.chance(0.5) ? `${o}->${p.name}++;` : `--${o}->${p.name};`, ['obj:prop-incdec']);
      }
      case 'prop-read': {
        const p = rng.pick(cls.props.filter((q) => q.type === 'int' || q.type === 'float'));
        const x = this.int();
        this.locals.set(v, { t: 'int' });
        return this.line(`${v} = ${o}->${p.name} + ${x};`, ['obj:prop-read', ...(p.uninit ? ['obj:uninit-read'] : []), ...(p.type === 'float' ? ['obj:prop-float'] : [])]);
      }
      case 'call': {
        const m = rng.pick(methods);
        this.callee(cls, m.name);
        const args = m.params.map((t) => (t === 'float' ? rng.pick(['0.5', '2.0', '1.5']) : this.int()));
        const call = `${o}->${m.name}(${args.join(', ')})`;
        if (m.ret === 'int') {
          this.locals.set(v, { t: 'int' });
          return this.line(`${v} = ${call};`, ['obj:method-call']);
        }
        return this.line(`${call};`, ['obj:method-call', ...(m.ret === 'this' ? ['obj:return-this'] : [])]);
      }
      case 'loop': {
        const m = rng.pick(methods.filter((x) => x.params.every((t) => t === 'int')));
        this.callee(cls, m.name);
        const i = `$i${this.counter++}`;
        const acc = `$acc${this.counter++}`;
        const call = `${o}->${m.name}(${m.params.map(() => i).join(', ')})`;
        const body: Stmt[] = m.ret === 'int' ? [this.line(`${acc} += ${call};`, ['obj:method-call'])] : [this.line(`${call};`, ['obj:method-call'])];
        this.locals.set(acc, { t: 'int' });
        const bound = rng.range(2, 6);
        return { kind: 'block', head: `${acc} = 0; for (${i} = 0; ${i} < ${bound}; ${i}++) {`, body, tail: '}', tags: ['obj:method-loop', 'stmt:for'] };
      }
      case 'chain': {
        if (!methods.some((m) => m.name === 'add')) return this.newStmt();
        this.callee(cls, 'add');
        const tail = rng.chance(0.5) && methods.some((m) => m.name === 'get') ? '->get()' : '->n';
        if (tail === '->get()') this.callee(cls, 'get');
        const [x, y] = [this.int(), this.int()];
        this.locals.set(v, { t: 'int' });
        return this.line(`${v} = ${o}->add(${x})->add(${y})${tail};`, ['obj:return-this', 'obj:chain']);
      }
      case 'identity': {
        const [o2] = rng.pick(objs);
        this.locals.set(v, { t: 'int' });
        if (rng.chance(0.4) && methods.some((m) => m.name === 'add')) {
          this.callee(cls, 'add');
          return this.line(`${v} = (${o} === ${o}->add(0)) ? 1 : 0;`, ['obj:identity', 'obj:return-this']);
        }
        return this.line(`${v} = (${o} ${rng.pick(['===', '!=='])} ${o2}) ? 1 : 0;`, ['obj:identity']);
      }
      case 'instanceof': {
        const target = rng.pick(this.world.classes);
        this.locals.set(v, { t: 'int' });
        return this.line(`${v} = ${o} instanceof ${target.name} ? 1 : 2;`, ['obj:instanceof', ...(target !== cls ? ['obj:instanceof-other'] : [])]);
      }
      case 'static': {
        const base = this.world.classes[0]!;
        const x = this.int();
        this.locals.set(v, { t: 'int' });
        if (rng.chance(0.5)) {
          this.called.add(`${base.name}::twice`);
          return this.line(`${v} = ${base.name}::twice(${x});`, ['obj:static-call']);
        }
        this.called.add(`${base.name}::make`);
        this.called.add(`${base.name}::get`);
        this.called.add(`${base.name}::__construct`);
        return this.line(`${v} = ${base.name}::make(${x})->get();`, ['obj:static-call', 'obj:static-new']);
      }
      case 'const': {
        const other = rng.pick(this.world.classes);
        this.locals.set(v, { t: 'int' });
        return this.line(`${v} = ${cls.name}::K * 10 + ${other.name}::K;`, ['obj:class-const']);
      }
      case 'alias': {
        const a = `$o${this.counter++}`;
        this.locals.set(a, { t: 'obj', cls });
        return this.line(`${a} = ${o}; ${a}->n += 100;`, ['obj:alias', 'obj:identity']);
      }
      case 'array-prop': {
        if (!has('list')) return this.line(`${o}->n -= 1;`, ['obj:prop-compound']);
        return this.line(rng.chance(0.5) ? `${o}->list[] = ${this.int()};` : `${o}->list['k'] = ${this.int()};`, ['obj:array-prop']);
      }
      case 'coerce': {
        // Into a typed property: int → float widens, a fractional float → int is deprecated, a string throws.
        const [text, tag] = rng.pick([
          [`${o}->n = 2.5;`, 'obj:coerce-float-to-int'],
          [`${o}->n = 4.0;`, 'obj:coerce-float-to-int'],
          [`${o}->n = '12';`, 'obj:coerce-string-to-int'],
          [`${o}->n = 'x';`, 'obj:coerce-type-error'],
          ...(has('f') ? [[`${o}->f = ${this.int()};`, 'obj:coerce-int-to-float'] as const] : []),
          ...(has('s') ? [[`${o}->s = ${this.int()};`, 'obj:coerce-int-to-string'] as const] : []),
        ] as const);
        return this.line(text, [tag]);
      }
    }
  }

  private ret(): Stmt {
    const rng = this.rng;
    const objs = this.objs();
    const [o, cls] = rng.pick(objs);
    const k = rng.weighted([[3, 'object'], [3, 'int'], [1, 'array'], [1, 'late']] as const);
    if (k === 'object') return this.line(`return ${o};`, ['stmt:return', 'obj:return-object']);
    if (k === 'late' && cls.props.some((p) => p.uninit)) return this.line(`return ${o}->late;`, ['stmt:return', 'obj:uninit-read']);
    const ints = this.ints();
    const sum = ints.length > 0 ? ints.slice(0, 3).join(' + ') : '0';
    if (k === 'array') return this.line(`return [${o}->n, ${sum}];`, ['stmt:return', 'obj:prop-read']);
    return this.line(`return ${o}->n + ${sum};`, ['stmt:return', 'obj:prop-read']);
  }
}

/** A class the `mixed` family puts into arrays (arrays of objects are declined by the compiler). */
export function boxClass(prog: string): { def: ClassDef; ctor: FnDef } {
  const name = `${prog}_Box`;
  return {
    def: { name, head: `class ${name} {`, members: ['public $v;'] },
    ctor: {
      name: `${name}::__construct`,
      className: name,
      isStatic: false,
      paramTypes: ['int'],
      byRef: [false],
      header: 'public function __construct($v)',
      body: [{ kind: 'line', text: '$this->v = $v;', tags: [] }],
      tags: ['family:mixed', 'obj:method'],
      callees: [],
    },
  };
}
