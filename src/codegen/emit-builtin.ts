// Emits calls of PHP's string and array functions (and the type tests on tagged values): dispatch on the IR argument types to the runtime's overloads.
import type { IrExpr, IrType } from '../frontend/types.ts';
import { elemType, isArrayType } from '../frontend/types.ts';
import { cppType, isTrivialType } from './cpp-types.ts';
import { coerce, loadStored, storeOf, Unsupported } from './emit-function.ts';

type Builtin = Extract<IrExpr, { k: 'builtin' }>;

export interface BuiltinEnv {
  /** Name of the invocation context (printf prints through it). */
  readonly ctx: string;
  /** A C++ lvalue for argument i, for the functions taking an array by reference (sort, array_push…). */
  lvalue(i: number): string;
}

/** Functions whose runtime overloads take the arguments as they are and return the IR result type. */
const DIRECT: ReadonlySet<string> = new Set([
  'strlen', 'substr', 'str_repeat', 'dechex', 'decbin', 'decoct', 'hexdec', 'bindec', 'octdec',
  'strtoupper', 'strtolower', 'ucfirst', 'lcfirst', 'strrev', 'str_pad', 'ord', 'chr',
  'str_contains', 'str_starts_with', 'str_ends_with', 'str_replace', 'number_format', 'range',
  'array_values', 'array_reverse', 'array_slice', 'array_merge',
]);

/** Runtime names that differ from PHP's (a C++ name that would clash with the C library). */
const RUNTIME_NAME: Readonly<Record<string, string>> = { strlen: 'strlen_' };

/** What the runtime function returns, where it is fixed and may differ from the IR type (converted after). */
const NATIVE_RESULT: Readonly<Record<string, IrType>> = {
  strpos: 'mixed',
  array_keys: 'array<mixed>',
  array_sum: 'num',
  array_product: 'num',
  hexdec: 'num',
  bindec: 'num',
  octdec: 'num',
  count: 'int',
  array_push: 'int',
  in_array: 'bool',
  array_key_exists: 'bool',
  explode: 'array<string>',
  implode: 'string',
  sprintf: 'string',
  printf: 'int',
};

export function emitBuiltin(e: Builtin, args: readonly string[], env: BuiltinEnv): string {
  const types = e.args.map((a) => a.type);
  const native = NATIVE_RESULT[e.name];
  const code = call(e, args, types, env);
  return native && native !== e.type ? coerce(code, native, e.type) : code;
}

function call(e: Builtin, args: readonly string[], types: readonly IrType[], env: BuiltinEnv): string {
  const [a, b, c] = args;
  const n = args.length;
  const fn = `pv::${RUNTIME_NAME[e.name] ?? e.name}`;
  if (DIRECT.has(e.name)) return `${fn}(${args.join(', ')})`;
  switch (e.name) {
    case 'trim':
    case 'ltrim':
    case 'rtrim':
      if (n !== 1) throw new Unsupported(`${e.name} with a character list`);
      return `${fn}(${a})`;
    case 'strpos':
      return `${fn}(${args.join(', ')})`;
    case 'implode':
      // implode($array) joins with "" (PHP 8 accepts only (separator, array) otherwise).
      if (n === 1) return `pv::implode(pv::Str(), ${a})`;
      if (!isArrayType(types[1]!)) throw new Unsupported('implode with the array first');
      return `pv::implode(${a}, ${b})`;
    case 'explode':
      if (n !== 2) throw new Unsupported('explode with a limit');
      return `pv::explode(${a}, ${b})`;
    case 'sprintf':
    case 'printf': {
      const vals = args.slice(1).map((x, i) => boxed(x, types[i + 1]!));
      const fmt = `pv::sprintf(${a}, ${vals.length ? 'v' : 'nullptr'}, ${vals.length}u)`;
      const decl = vals.length ? `const pv::Val v[] = {${vals.join(', ')}}; ` : '';
      if (e.name === 'sprintf') return vals.length ? `[&]() { ${decl}return ${fmt}; }()` : fmt;
      // printf prints the formatted string and returns its length in bytes.
      return `[&]() { ${decl}const pv::Str s = ${fmt}; pv::echo(${env.ctx}, s); return pv::strlen_(s); }()`;
    }
    case 'count':
      if (!isArrayType(types[0]!)) throw new Unsupported(`count of ${types[0]}`);
      return `${a}.count()`;
    case 'array_fill': {
      const t = e.type;
      if (!isArrayType(t)) throw new Unsupported(`array_fill typed ${t}`);
      return `pv::array_fill(${a}, ${b}, ${storeOf(coerce(c!, types[2]!, elemType(t)), elemType(t))})`;
    }
    case 'in_array': {
      if (!isArrayType(types[1]!)) throw new Unsupported(`in_array in ${types[1]}`);
      if (n === 2) return `pv::in_array(${a}, ${b})`;
      const strict = e.args[2]!;
      if (strict.k !== 'const' || strict.type !== 'bool') throw new Unsupported('in_array with a non-constant strict flag');
      return strict.value ? `pv::in_array(${a}, ${b}, true)` : `pv::in_array(${a}, ${b})`;
    }
    case 'array_sum':
    case 'array_product':
    case 'array_keys':
      if (n !== 1) throw new Unsupported(`${e.name} with ${n} arguments`);
      return `${fn}(${a})`;
    case 'array_key_exists':
      if (!isArrayType(types[1]!)) throw new Unsupported(`array_key_exists on ${types[1]}`);
      return `${b}.exists(${a})`;
    case 'array_push': {
      if (!isArrayType(types[0]!)) throw new Unsupported(`array_push on ${types[0]}`);
      const el = elemType(types[0]);
      const arr = env.lvalue(0);
      // Elements in order, then the new count (what PHP returns).
      const pushes = args.slice(1).map((x, i) => `${arr}.append(${storeOf(coerce(x, types[i + 1]!, el), el)});`);
      return `[&]() { ${pushes.join(' ')} return ${arr}.count(); }()`;
    }
    case 'array_pop':
    case 'array_shift': {
      if (!isArrayType(types[0]!)) throw new Unsupported(`${e.name} on ${types[0]}`);
      // The runtime returns a tagged value (null for an empty array): unboxed to the IR type.
      return coerce(`${fn}(${env.lvalue(0)})`, 'mixed', e.type);
    }
    case 'sort':
    case 'rsort':
      if (n !== 1) throw new Unsupported(`${e.name} with flags`);
      return `${fn}(${env.lvalue(0)})`;
    case 'min':
    case 'max': {
      if (n !== 1 || !isArrayType(types[0]!)) throw new Unsupported(`${e.name} on ${types.join(', ')}`);
      const el = elemType(types[0]);
      return coerce(loadStored(`${fn}(${a})`, el), el, e.type);
    }
    case 'is_string':
    case 'is_array':
    case 'is_bool':
    case 'is_null':
    case 'is_numeric':
    case 'is_int':
    case 'is_float': {
      const t = types[0]!;
      if (t === 'mixed') return `${fn}(${a})`;
      if (t === 'string' && e.name === 'is_numeric') return `pv::is_numeric(pv::Val(${a}))`;
      return staticTypeTest(e.name, t, a!);
    }
  }
  throw new Unsupported(`builtin ${e.name}(${types.join(', ')})`);
}

/** A type test answered by the static type; the argument is still evaluated for its effects. */
function staticTypeTest(name: string, t: IrType, a: string): string {
  const holds =
    name === 'is_string' ? t === 'string'
    : name === 'is_array' ? isArrayType(t)
    : name === 'is_bool' ? t === 'bool'
    : name === 'is_null' ? false
    : name === 'is_int' ? t === 'int'
    : name === 'is_float' ? t === 'float'
    : t === 'int' || t === 'float';
  if (t === 'num' && (name === 'is_int' || name === 'is_float' || name === 'is_numeric')) {
    if (name === 'is_numeric') return `pv::always_true(${a})`;
    return name === 'is_int' ? `(${a}).is_int` : `(!(${a}).is_int)`;
  }
  return isTrivialType(t) ? `pv::${holds ? 'always_true' : 'always_false'}(${a})` : `(static_cast<void>(${a}), ${holds})`;
}

/** An argument as a tagged value (sprintf takes its arguments as pv::Val). */
function boxed(code: string, t: IrType): string {
  return t === 'mixed' ? code : coerce(code, t, 'mixed');
}

export { cppType };
