// The typed IR the frontend produces, the passes rewrite and codegen reads: structured, fully typed, conversions explicit.
import type { ParamType } from '../core/php-value.ts';

/**
 * Static type of an IR value. `num` is a PHP value that is an int or a float, decided at run
 * time (e.g. int / int); `null` only appears as the result of a function that returns nothing.
 * `string` is a PHP byte string (pv::Str); `mixed` is a tagged value with PHP's dynamic semantics
 * (pv::Val: null, bool, int, float, string or array<mixed>), used where a type is not stable;
 * `array<T>` is a PHP array (any keys) whose elements all have type T (pv::Array<T>).
 */
export type IrType = 'int' | 'float' | 'bool' | 'num' | 'null' | 'string' | 'mixed' | ArrayType | ObjectType;
export type ArrayType = `array<${string}>`;
/**
 * `object<c>`: a PHP object whose class is exactly `c` (lowercased name), known statically: made
 * by `new c`, `$this` of a method compiled for receiver class c, or an object parameter the plan
 * names c for (the entry checks it). A handle (pv::Ref): copies share the object, `===` is
 * identity. Objects never go into `mixed` or arrays (the frontend declines those joins).
 */
export type ObjectType = `object<${string}>`;

export function objectOf(lcClass: string): ObjectType {
  return `object<${lcClass}>`;
}

export function isObjectType(t: string): t is ObjectType {
  return t.startsWith('object<');
}

/** The lowercased class of an object type. */
export function classOfType(t: ObjectType): string {
  return t.slice('object<'.length, -1);
}

export function arrayOf(elem: IrType): ArrayType {
  return `array<${elem}>`;
}

export function isArrayType(t: string): t is ArrayType {
  return t.startsWith('array<');
}

/** Element type of an array type. */
export function elemType(t: ArrayType): IrType {
  return t.slice('array<'.length, -1) as IrType;
}

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'pow';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'cmp' | 'ident' | 'nident';
/** `<<`, `>>`, `&`, `|`, `^`: int operands (PHP converts first), int result. */
export type BitOp = 'shl' | 'shr' | 'band' | 'bor' | 'bxor';
export type BinaryOp = ArithOp | CompareOp | BitOp;

/** Internal PHP functions the subset understands (lowercase PHP names). */
export type BuiltinName =
  | 'abs' | 'min' | 'max' | 'sqrt' | 'floor' | 'ceil' | 'round' | 'fmod' | 'intdiv' | 'pi'
  | 'is_int' | 'is_float' | 'is_nan' | 'is_infinite' | 'is_finite' | 'pow'
  // strings (runtime str.h)
  | 'strlen' | 'substr' | 'str_repeat' | 'dechex' | 'decbin' | 'decoct' | 'hexdec' | 'bindec' | 'octdec'
  | 'strtoupper' | 'strtolower' | 'ucfirst' | 'lcfirst' | 'strrev' | 'trim' | 'ltrim' | 'rtrim' | 'str_pad'
  | 'ord' | 'chr' | 'strpos' | 'str_contains' | 'str_starts_with' | 'str_ends_with' | 'str_replace'
  | 'implode' | 'explode' | 'number_format' | 'sprintf' | 'printf'
  // arrays (runtime array.h)
  | 'count' | 'range' | 'array_fill' | 'in_array' | 'array_sum' | 'array_product' | 'array_keys' | 'array_values'
  | 'array_key_exists' | 'array_push' | 'array_pop' | 'array_shift' | 'array_reverse' | 'array_slice' | 'array_merge'
  | 'sort' | 'rsort'
  // type tests on mixed values
  | 'is_string' | 'is_array' | 'is_bool' | 'is_null' | 'is_numeric';

/**
 * How a `convert` changes a value: `widen` is exact (int→float, int/float→num, num→float,
 * bool→int for arithmetic); `truthy` is PHP's bool conversion; `cast` is an explicit (int)
 * cast (modular, never fails); `exact` is an implicit float→int that PHP would warn about
 * unless the float is an integral in-range value (the kernel DEOPTs instead).
 */
export type ConvertMode = 'widen' | 'truthy' | 'cast' | 'exact' | 'tostr' | 'box' | 'unbox';
// ABI 2 modes: `tostr` is PHP's string conversion (precision=14 for floats; arrays DEOPT);
// `box` puts a typed value into a mixed one (array<T> → array<mixed> converts the elements, and
// nested: array<array<int>> → array<array<mixed>>, wherever the target has mixed);
// `unbox` takes a mixed value as the type `type` (DEOPT when it holds anything else; `num`
// accepts int and float).

export type IrExpr =
  | { readonly k: 'const'; readonly type: 'int'; readonly value: bigint }
  | { readonly k: 'const'; readonly type: 'float'; readonly value: number }
  | { readonly k: 'const'; readonly type: 'bool'; readonly value: boolean }
  /** `value` holds the PHP bytes, one char per byte (a "binary" JS string, char codes 0–255). */
  | { readonly k: 'const'; readonly type: 'string'; readonly value: string }
  /** The null literal (type mixed). */
  | { readonly k: 'null'; readonly type: 'mixed' }
  | { readonly k: 'local'; readonly type: IrType; readonly id: number }
  /** Assignment as an expression; `value` already has the local's type. Yields the new value. */
  | { readonly k: 'assign'; readonly type: IrType; readonly id: number; readonly value: IrExpr }
  | { readonly k: 'incdec'; readonly type: IrType; readonly id: number; readonly op: 'inc' | 'dec'; readonly prefix: boolean }
  /** `neg` on int/float/num (operand of the same type); `not` on bool; `bnot` (`~`) on int. */
  | { readonly k: 'unary'; readonly type: IrType; readonly op: 'neg' | 'not' | 'bnot'; readonly arg: IrExpr }
  /**
   * Both operands have type `opType`; result type is `type`. `noOverflow`: a pass proved this
   * int add/sub/mul cannot overflow, so it needs no check.
   */
  | { readonly k: 'binary'; readonly type: IrType; readonly op: BinaryOp; readonly opType: IrType; readonly left: IrExpr; readonly right: IrExpr; readonly noOverflow?: boolean }
  /** Operands are bool; and/or short-circuit, xor evaluates both. */
  | { readonly k: 'logical'; readonly type: 'bool'; readonly op: 'and' | 'or' | 'xor'; readonly left: IrExpr; readonly right: IrExpr }
  /** Ternary; test is bool, both branches have type `type`. */
  | { readonly k: 'cond'; readonly type: IrType; readonly test: IrExpr; readonly then: IrExpr; readonly else: IrExpr }
  | { readonly k: 'convert'; readonly type: IrType; readonly mode: ConvertMode; readonly arg: IrExpr }
  /** Call of a function of the same module (index into IrModule.functions); args have the callee's param types. */
  | { readonly k: 'call'; readonly type: IrType; readonly callee: number; readonly args: readonly IrExpr[]; readonly direct: boolean }
  /**
   * Internal function. The numeric builtins of the scalar subset (abs … pow): args have type
   * `opType` (except round's precision: int), and min/max with ONE argument take an array (opType
   * is its type, the result its element type). The string/array/type-test builtins (frontend
   * builtins.ts SIGNATURES): each arg already has the type of its PHP parameter, as PHP coerces it
   * (read each arg's own type); `opType` is the first arg's type. array_push/array_pop/
   * array_shift/sort/rsort: args[0] is a `local` of array type, modified in place (by reference).
   * sprintf/printf: args after the format are mixed. printf prints (journaled) and returns the length.
   */
  | { readonly k: 'builtin'; readonly type: IrType; readonly name: BuiltinName; readonly opType: IrType; readonly args: readonly IrExpr[] }
  /** Concatenation of string parts (each already `string`; conversions are explicit `tostr`). */
  | { readonly k: 'concat'; readonly type: 'string'; readonly parts: readonly IrExpr[] }
  /** `[k => v, …]`; a null key means "next index". Keys are int, string or mixed; values have the element type. */
  | { readonly k: 'array'; readonly type: ArrayType; readonly items: readonly { readonly key: IrExpr | null; readonly value: IrExpr }[] }
  /** `base[key]` read on an array (missing key → DEOPT, PHP warns); key int, string or mixed. */
  | { readonly k: 'index'; readonly type: IrType; readonly base: IrExpr; readonly key: IrExpr }
  /** `base[i]` on a string: one byte, negative from the end (out of range → DEOPT). */
  | { readonly k: 'str_index'; readonly type: 'string'; readonly base: IrExpr; readonly index: IrExpr }
  /**
   * `$local[k1][k2]… = value` (a null key is `[]`, append). Missing intermediate arrays are created
   * as PHP does; the local itself may be unset/null (becomes an array). Yields `value`.
   */
  | { readonly k: 'elem_assign'; readonly type: IrType; readonly id: number; readonly path: readonly (IrExpr | null)[]; readonly value: IrExpr }
  /** isset($local[k1]…[kn]) (no path: isset($local)); `empty` negates truthiness as PHP's empty(). */
  | { readonly k: 'isset'; readonly type: 'bool'; readonly id: number; readonly path: readonly IrExpr[]; readonly empty?: boolean }
  /** A constant defined at run time (define()/const/class constant "A::B"), read through the host once per invocation. */
  | { readonly k: 'constant'; readonly type: IrType; readonly name: string }
  /** `print expr` (always 1); `arg` is a string. */
  | { readonly k: 'print'; readonly type: 'int'; readonly arg: IrExpr }
  /**
   * `new C(args)`: a native object of IrModule.classes entry `cls` with its declared defaults, then
   * its constructor `ctor` (a module function taking the object as its first argument; null when
   * the class has none) called with `args` (already of the constructor's parameter types).
   */
  | { readonly k: 'new'; readonly type: ObjectType; readonly cls: string; readonly ctor: number | null; readonly args: readonly IrExpr[] }
  /** `obj->name` read of a declared, accessible property of obj's class (not holding a value → DEOPT). */
  | { readonly k: 'prop'; readonly type: IrType; readonly obj: IrExpr; readonly name: string }
  /**
   * `obj->name = value` (value already of the property's type; evaluated after obj, as in PHP).
   * With `path`: `obj->name[k1]…[kn] = value` (a null key is `[]`), `type` and `value` of the
   * element type, intermediate arrays created as PHP does (like elem_assign). Yields the value.
   * Compound forms are lowered to a read and this write of the same pure obj.
   */
  | { readonly k: 'prop_assign'; readonly type: IrType; readonly obj: IrExpr; readonly name: string; readonly value: IrExpr; readonly path?: readonly (IrExpr | null)[] }
  /**
   * isset($obj->name[k1]…[kn]) (`empty` negates truthiness as empty()): a property without a value
   * (null, uninitialized) or a missing level is simply "not set".
   */
  | { readonly k: 'prop_isset'; readonly type: 'bool'; readonly obj: IrExpr; readonly name: string; readonly path: readonly IrExpr[]; readonly empty?: boolean };

export type IrStmt =
  | { readonly k: 'expr'; readonly line: number; readonly expr: IrExpr }
  | { readonly k: 'if'; readonly line: number; readonly test: IrExpr; readonly then: readonly IrStmt[]; readonly else: readonly IrStmt[] }
  /**
   * A loop: `init` once, then while the last of `test` (a bool; the others are evaluated for
   * effect) holds: `body`, then `step`. `do` loops run the body before the first test.
   * An empty `test` means "forever".
   */
  | {
      readonly k: 'loop';
      readonly line: number;
      readonly kind: 'while' | 'do' | 'for';
      readonly init: readonly IrExpr[];
      readonly test: readonly IrExpr[];
      readonly step: readonly IrExpr[];
      readonly body: readonly IrStmt[];
      /** Set by the record-trip-counts pass: the loop counts (see CountedLoop); verifyIr re-checks it. */
      readonly counted?: CountedLoop;
    }
  | { readonly k: 'break'; readonly line: number; readonly levels: number }
  | { readonly k: 'continue'; readonly line: number; readonly levels: number }
  /** `value` has the function's return type; null only in functions returning null. */
  | { readonly k: 'return'; readonly line: number; readonly value: IrExpr | null }
  /** echo a, b, …: each argument is string, int, float, bool or mixed, printed with PHP's conversion. */
  | { readonly k: 'echo'; readonly line: number; readonly args: readonly IrExpr[] }
  /**
   * foreach by value over a snapshot of `subject` (an array). `keyId` (optional) receives the keys
   * (type int, string or mixed as inferred), `valueId` the elements.
   */
  | { readonly k: 'foreach'; readonly line: number; readonly subject: IrExpr; readonly keyId: number | null; readonly valueId: number; readonly body: readonly IrStmt[] }
  /** unset($local[k1]…[kn]) (path non-empty). Missing intermediate keys: nothing happens, as in PHP. */
  | { readonly k: 'unset'; readonly line: number; readonly id: number; readonly path: readonly IrExpr[] };

/**
 * A counted loop (src/passes/counted-loops.ts): its one test is `counter <cmp> bound` (int), its
 * one step is `counter += step` (a nonzero constant, upward for lt/le, downward for gt/ge), the
 * counter is a plain int local (no world slot, not by reference) that nothing but the step
 * writes, and `bound` (an int constant or such a local) is not written in the loop. So the loop
 * runs at most tripCount(counter's value at the first test) times; `start`, when not null, is the
 * counter's first value: the loop's init is exactly `counter = start` with start a constant or a
 * plain local.
 */
export interface CountedLoop {
  readonly counter: number;
  readonly start: IrExpr | null;
  readonly cmp: 'lt' | 'le' | 'gt' | 'ge';
  readonly bound: IrExpr;
  readonly step: bigint;
}

export interface IrLocal {
  readonly id: number;
  /** PHP variable name without `$` ('' for compiler temporaries). Never pasted into C++. */
  readonly name: string;
  readonly type: IrType;
  readonly isParam: boolean;
  /** A by-reference parameter: written back to the caller's variable when the kernel commits. */
  readonly byRef?: boolean;
  /**
   * `global $x` / `static $x = init`: the local is bound to a slot of the module's world (see
   * IrModule.world); reads and writes go to the slot, loaded on first use in an invocation and
   * committed on success.
   */
  readonly world?: number;
}

/**
 * Something outside the call a module reads or writes: a global variable, a static variable of a
 * function, or a run-time constant (read-only). Loaded from the host on first use (a type other
 * than `mixed` is a guard: the kernel DEOPTs when the value has another type; an unset global
 * DEOPTs, PHP would warn) and, when written, committed through the host on PV_OK.
 */
export interface WorldSlot {
  readonly kind: 'global' | 'static' | 'constant';
  /** Variable or constant name as PHP looks it up (constants as written, "A::B" for class constants). */
  readonly name: string;
  /** For statics: the lowercased function name owning it. */
  readonly fn?: string;
  /** For statics: the initial value (`static $x = init;`), a constant expression. */
  readonly init?: IrExpr;
  readonly type: IrType;
  readonly written: boolean;
}

export interface IrFunction {
  readonly index: number;
  /**
   * A method compiled for exactly this receiver class (lowercased): params[0] is `$this` (type
   * object<receiverClass>, paramTypes[0] 'object'), the declared parameters follow. An exported
   * method's kernel takes $this in args[0] (PV_KERNEL_METHOD). Absent for functions and static methods.
   */
  readonly receiverClass?: string;
  readonly regionKey: string;
  /** As declared; for messages only. */
  readonly name: string;
  readonly lcName: string;
  readonly sourceSha256: string;
  /** Gets its own kernel entry in the module descriptor. */
  readonly exported: boolean;
  /**
   * Guard types, one per kernel argument (the plan's paramTypes; 'object' first for $this). For a
   * method the frontend found through a class (not in the plan, never exported) the parameter
   * locals take the types of the module's call sites and these only mirror them.
   */
  readonly paramTypes: readonly ParamType[];
  /** Local ids of the parameters that receive arguments, in order. */
  readonly params: readonly number[];
  readonly locals: readonly IrLocal[];
  readonly returnType: IrType;
  /** Absolute source line of the declaration. */
  readonly line: number;
  readonly body: readonly IrStmt[];
}

/** A declared property of a class as the module stores it natively. */
export interface IrProp {
  /** Name as declared (case-sensitive, as PHP looks it up). */
  readonly name: string;
  readonly type: IrType;
  /** The declared default (a constant expression of `type`); absent: null (untyped) or uninitialized (typed). */
  readonly init?: IrExpr;
}

/** A class the module handles objects of: its properties in PHP's declaration order (parents' first). */
export interface IrClass {
  readonly name: string;
  readonly lcName: string;
  readonly props: readonly IrProp[];
  /** Some `new` creates it natively: the entry checks the class is declared (class_exists). */
  readonly instantiated: boolean;
}

export interface IrModule {
  readonly rootKey: string;
  readonly functions: readonly IrFunction[];
  /** Classes of the module's object types (absent: none). */
  readonly classes?: readonly IrClass[];
  /** Globals, statics and constants the module touches (indexes used by IrLocal.world). */
  readonly world: readonly WorldSlot[];
}
