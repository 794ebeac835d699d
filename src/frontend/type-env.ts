// The type environment of a module under inference: one type per local, per return value and per world slot, joined to a fixed point.
import type { ParamType } from '../core/php-value.ts';
import { declineAt, FrontendDecline } from './frontend-decline.ts';
import type { DeclaredType } from './lower-function.ts';
import { arrayOf, elemType, isArrayType, isObjectType, type IrExpr, type IrType, type WorldSlot } from './types.ts';
import { worldHintKey } from './world-hint-types.ts';

/** Bottom: nothing known yet (a local not yet assigned in this round, a return not yet seen). */
export const BOT = 'bot' as const;
export type Ty = IrType | typeof BOT;

const isNumeric = (t: Ty) => t === 'int' || t === 'float' || t === 'num';

/**
 * Least upper bound. int ⊔ float = num; arrays join element-wise; any other pair of different
 * kinds (and `null`, a function's "no value") is `mixed`, a tagged value. The runtime has no
 * array of `num`, so an element type that would be num is mixed instead.
 */
export function joinTypes(a: Ty, b: Ty): Ty {
  if (a === b || b === BOT) return a;
  if (a === BOT) return b;
  // A tagged value cannot hold an object, and an object type names one exact class.
  if (isObjectType(a) || isObjectType(b)) throw new FrontendDecline(`a variable, property or return holds ${a} and ${b}`);
  if (isNumeric(a) && isNumeric(b)) return 'num';
  if (isArrayType(a) && isArrayType(b)) return arrayOf(joinElems(elemType(a), elemType(b)));
  return 'mixed';
}

function joinElems(a: IrType, b: IrType): IrType {
  const j = joinTypes(a, b) as IrType;
  return j === 'num' ? 'mixed' : j;
}

/** The element type an array stores for values of type t (num is not a runtime element type). */
export function storedElem(t: IrType): IrType {
  if (t === 'num') return 'mixed';
  if (isObjectType(t)) throw new FrontendDecline('unsupported construct \'object in an array\'');
  if (isArrayType(t)) return arrayOf(storedElem(elemType(t)));
  return t;
}

/** IR type of a kernel parameter guarded on `p` (arrays arrive with elements of any type); object parameters need their class (see makeEnv). */
export function irTypeOfParam(p: ParamType): IrType {
  if (p === 'object') throw new FrontendDecline('unsupported construct \'object parameter\'');
  return p === 'array' ? arrayOf('mixed') : p;
}

/** The module's world (globals, statics, constants) under inference; slot types join like locals. */
export class WorldEnv {
  readonly slots: { kind: WorldSlot['kind']; name: string; fn?: string; init?: IrExpr; type: Ty; written: boolean }[] = [];
  changed = false;

  /**
   * `hinted`: slot types by worldHintKey, from the plan's world hints. A hinted constant or global
   * starts from its hint (loads are guarded: another type at run time DEOPTs) and joins what the
   * module assigns to it, instead of being mixed.
   */
  constructor(private readonly hinted: ReadonlyMap<string, IrType> = new Map()) {}

  slot(kind: WorldSlot['kind'], name: string, fn?: string): number {
    let i = this.slots.findIndex((s) => s.kind === kind && s.name === name && s.fn === fn);
    if (i < 0) {
      i = this.slots.length;
      const hint = kind === 'static' ? undefined : this.hinted.get(worldHintKey(kind, name));
      this.slots.push({ kind, name, ...(fn !== undefined ? { fn } : {}), type: hint ?? BOT, written: false });
    }
    return i;
  }

  join(i: number, t: Ty): Ty {
    const s = this.slots[i]!;
    const next = joinTypes(s.type, t);
    if (next !== s.type) {
      s.type = next;
      this.changed = true;
    }
    return next;
  }

  /**
   * At a fixed point: a slot still without a type (a global only read, or only assigned from
   * itself like `$total = $total + $n`) holds whatever the host has, so it is mixed from now on.
   */
  settleUnknown(): void {
    for (const s of this.slots) {
      if (s.type === BOT) {
        s.type = 'mixed';
        this.changed = true;
      }
    }
  }

  /** Final slot list: a slot never given a value (read-only global, constant) is mixed. */
  finish(): WorldSlot[] {
    return this.slots.map((s) => ({
      kind: s.kind,
      name: s.name,
      ...(s.fn !== undefined ? { fn: s.fn } : {}),
      ...(s.init !== undefined ? { init: s.init } : {}),
      type: s.type === BOT ? 'mixed' : s.type,
      written: s.written,
    }));
  }
}

export class FunctionEnv {
  readonly paramIds: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly types: Ty[] = [];
  /** Local id → world slot it is bound to (`global`/`static`). */
  readonly worldOf = new Map<number, number>();
  /** Locals that are by-reference parameters. */
  readonly byRef = new Set<number>();
  private inferredReturn: Ty = BOT;
  private printsOrTouchesWorld = false;
  private writesProperties = false;
  private writesOtherProperties = false;
  changed = false;
  /** A method compiled for this receiver class: `$this` is paramIds[0], of type object<thisClass>. */
  thisClass?: string;
  /** A static method compiled for one called class: what `static::` means in it (late static binding). */
  calledClass?: string;
  /** The class whose code this is (visibility, self::): the declaring class of a method. */
  scopeClass?: string;
  /**
   * Parameter types come from the module's call sites (a method found through a class, not in the
   * plan): arguments are joined into the parameter locals instead of being checked against guards.
   */
  inferParams = false;

  constructor(
    readonly name: string,
    readonly paramTypes: readonly ParamType[],
    readonly declaredParams: readonly DeclaredType[],
    readonly declaredReturn: DeclaredType,
    readonly world: WorldEnv,
  ) {}

  /** Stable id per PHP variable name (and per compiler temporary, named with a leading '#'). */
  localId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.types.push(BOT);
    }
    return id;
  }

  hasLocal(name: string): boolean {
    return this.ids.has(name);
  }

  localName(id: number): string {
    return this.names[id]!;
  }

  get localCount(): number {
    return this.names.length;
  }

  localType(id: number): Ty {
    const slot = this.worldOf.get(id);
    if (slot !== undefined) return this.world.slots[slot]!.type;
    return this.types[id] ?? BOT;
  }

  /** Records that `t` flows into the local; returns the local's (possibly widened) type. */
  joinLocal(id: number, t: Ty, _line: number): Ty {
    const slot = this.worldOf.get(id);
    if (slot !== undefined) {
      this.world.slots[slot]!.written = true;
      return this.world.join(slot, t);
    }
    const cur = this.localType(id);
    const next = joinTypes(cur, t);
    if (next !== cur) {
      this.types[id] = next;
      this.changed = true;
    }
    return next;
  }

  /** Binds a local to a world slot (global/static); the slot's type is then the local's type. */
  bindWorld(id: number, slot: number, line: number): void {
    const prev = this.worldOf.get(id);
    if (prev !== undefined && prev !== slot) declineAt(`variable $${this.localName(id)} bound to two globals/statics`, line);
    this.worldOf.set(id, slot);
  }

  /** The function prints, writes the world or calls a function that does (order of effects matters). */
  get effectful(): boolean {
    return this.printsOrTouchesWorld;
  }

  /** The function writes object properties, itself or through calls (evaluation order of property reads matters). */
  get writesProps(): boolean {
    return this.writesProperties;
  }

  markWritesProps(): void {
    if (!this.writesProperties) {
      this.writesProperties = true;
      this.changed = true;
    }
  }

  /**
   * The function writes properties of objects other than its own `$this`, itself or through
   * calls. A constructor that does not is invisible to the other operands of the expression
   * holding its `new`: the object it writes does not exist for them.
   */
  get writesOtherProps(): boolean {
    return this.writesOtherProperties;
  }

  markWritesOtherProps(): void {
    this.markWritesProps();
    if (!this.writesOtherProperties) {
      this.writesOtherProperties = true;
      this.changed = true;
    }
  }

  markEffectful(): void {
    if (!this.printsOrTouchesWorld) {
      this.printsOrTouchesWorld = true;
      this.changed = true;
    }
  }

  /** Argument positions passed by reference. */
  byRefIndexes(): ReadonlySet<number> {
    return new Set(this.paramIds.flatMap((id, i) => (this.byRef.has(id) ? [i] : [])));
  }

  /**
   * At a fixed point: an array parameter no module caller and no sample gave element types takes
   * any array. Returns whether something changed.
   */
  settleParams(): boolean {
    let changed = false;
    this.paramIds.forEach((id, i) => {
      if (this.paramTypes[i] === 'array' && this.localType(id) === BOT) {
        this.types[id] = arrayOf('mixed');
        changed = true;
      }
    });
    if (changed) this.changed = true;
    return changed;
  }

  joinReturn(t: Ty, _line: number): void {
    const next = joinTypes(this.inferredReturn, t);
    if (next !== this.inferredReturn) {
      this.inferredReturn = next;
      this.changed = true;
    }
  }

  get inferred(): Ty {
    return this.inferredReturn;
  }

  /** The type callers see and returns convert to: the declared one if any, else the inferred join. */
  get returnType(): Ty {
    switch (this.declaredReturn) {
      case 'int':
      case 'float':
      case 'bool':
      case 'string':
        return this.declaredReturn;
      case 'array':
        return isArrayType(this.inferredReturn) ? this.inferredReturn : this.inferredReturn === BOT ? BOT : arrayOf('mixed');
      case 'void':
        return 'null';
      case 'any':
        return this.inferredReturn;
      default:
        // A class: the exact class of what is returned (lowering checked it is an instance of the declared one).
        return this.inferredReturn;
    }
  }
}

/**
 * Property types of the module's classes under inference: per class and property, the join of
 * every value written (declared defaults included), or the declared type when the property has one.
 */
export class ClassEnv {
  private readonly types = new Map<string, Ty>();
  private readonly inits = new Map<string, IrExpr>();
  /** Classes some `new` instantiates natively. */
  readonly instantiated = new Set<string>();
  changed = false;

  private key(cls: string, prop: string): string {
    return `${cls}\0${prop}`;
  }

  type(cls: string, prop: string): Ty {
    return this.types.get(this.key(cls, prop)) ?? BOT;
  }

  join(cls: string, prop: string, t: Ty): Ty {
    const k = this.key(cls, prop);
    const cur = this.types.get(k) ?? BOT;
    const next = joinTypes(cur, t);
    if (next !== cur) {
      this.types.set(k, next);
      this.changed = true;
    }
    return next;
  }

  /** The declared default of a property (a constant expression), recorded when the lowering first meets the class. */
  setInit(cls: string, prop: string, e: IrExpr): void {
    this.inits.set(this.key(cls, prop), e);
  }

  initOf(cls: string, prop: string): IrExpr | undefined {
    return this.inits.get(this.key(cls, prop));
  }

  /** At a fixed point: a property only ever read (loaded from host objects) holds whatever the host has. */
  settleUnknown(cls: string, prop: string): void {
    if (this.type(cls, prop) === BOT) {
      this.types.set(this.key(cls, prop), 'mixed');
      this.changed = true;
    }
  }

  markInstantiated(cls: string): void {
    if (!this.instantiated.has(cls)) {
      this.instantiated.add(cls);
      this.changed = true;
    }
  }
}

export interface TypeEnv {
  readonly functions: FunctionEnv[];
  readonly world: WorldEnv;
  readonly classes: ClassEnv;
}
