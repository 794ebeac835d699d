// foldConstants: evaluates pure scalar operations on constants that cannot fail, exactly as PHP 8.2 would.
import type { IrExpr } from '../frontend/types.ts';
import { rewriteModule } from './map-ir.ts';
import type { PassFn } from './types.ts';

const INT_MIN = -9223372036854775808n;
const INT_MAX = 9223372036854775807n;

type Const = Extract<IrExpr, { k: 'const' }>;
const isConst = (e: IrExpr): e is Const => e.k === 'const';
const int = (value: bigint): IrExpr => ({ k: 'const', type: 'int', value });
// A NAN result is never folded: its sign bit depends on the operation on x86 (inf * 0 is -NAN)
// and a NAN literal in C++ is always +NAN, so the run-time operation keeps the exact bits.
const float = (value: number): IrExpr | undefined => (Number.isNaN(value) ? undefined : { k: 'const', type: 'float', value });
const bool = (value: boolean): IrExpr => ({ k: 'const', type: 'bool', value });

/** Folds one node whose children are already folded; returns it unchanged when folding could change behavior. */
export function foldExpr(e: IrExpr): IrExpr {
  switch (e.k) {
    case 'convert': {
      const a = e.arg;
      if (!isConst(a)) return e;
      if (e.mode === 'truthy') return bool(a.type === 'bool' ? a.value : a.type === 'int' ? a.value !== 0n : a.value !== 0);
      if (e.mode === 'widen' && a.type === 'bool' && e.type === 'int') return int(a.value ? 1n : 0n);
      // Number(bigint) rounds to nearest like the C++ int64→double conversion.
      if (e.mode === 'widen' && a.type === 'int' && e.type === 'float') return float(Number(a.value)) ?? e;
      // An implicit float→int that PHP accepts silently: an integral value in range (-0.0 gives 0).
      if (e.mode === 'exact' && a.type === 'float' && e.type === 'int' && Number.isInteger(a.value) && a.value >= -(2 ** 63) && a.value < 2 ** 63) {
        return int(BigInt(a.value));
      }
      return e;
    }
    case 'unary': {
      const a = e.arg;
      if (!isConst(a)) return e;
      if (e.op === 'not' && a.type === 'bool') return bool(!a.value);
      if (e.op === 'neg' && a.type === 'float') return float(-a.value) ?? e;
      if (e.op === 'neg' && a.type === 'int' && a.value !== INT_MIN) return int(-a.value);
      if (e.op === 'bnot' && a.type === 'int') return int(~a.value);
      return e;
    }
    case 'logical':
      if (isConst(e.left) && isConst(e.right) && e.left.type === 'bool' && e.right.type === 'bool') {
        const l = e.left.value;
        const r = e.right.value;
        return bool(e.op === 'and' ? l && r : e.op === 'or' ? l || r : l !== r);
      }
      return e;
    case 'cond':
      if (isConst(e.test) && e.test.type === 'bool') return e.test.value ? e.then : e.else;
      return e;
    case 'binary':
      return isConst(e.left) && isConst(e.right) ? foldBinary(e, e.left, e.right) : e;
    case 'concat':
      return foldConcat(e);
    default:
      return e;
  }
}

/** Adjacent constant string parts join (bytes, no conversion involved); one constant part is the result. */
function foldConcat(e: Extract<IrExpr, { k: 'concat' }>): IrExpr {
  const parts: IrExpr[] = [];
  let joined = false;
  for (const p of e.parts) {
    const last = parts[parts.length - 1];
    if (p.k === 'const' && p.type === 'string' && last?.k === 'const' && last.type === 'string') {
      parts[parts.length - 1] = { k: 'const', type: 'string', value: last.value + p.value };
      joined = true;
    } else if (!(p.k === 'const' && p.type === 'string' && p.value === '' && e.parts.length > 1)) {
      parts.push(p);
    } else {
      joined = true;
    }
  }
  if (parts.length === 0) return { k: 'const', type: 'string', value: '' };
  if (parts.length === 1 && parts[0]!.type === 'string') return parts[0]!;
  return joined ? { ...e, parts } : e;
}

function foldBinary(e: Extract<IrExpr, { k: 'binary' }>, l: Const, r: Const): IrExpr {
  if (l.type !== r.type) return e;
  if (l.type === 'int' && r.type === 'int') {
    const a = l.value;
    const b = r.value;
    const inRange = (v: bigint) => (v >= INT_MIN && v <= INT_MAX ? int(v) : e);
    switch (e.op) {
      case 'add':
        return inRange(a + b);
      case 'sub':
        return inRange(a - b);
      case 'mul':
        return inRange(a * b);
      case 'mod':
        return b === 0n ? e : b === -1n ? int(0n) : int(a % b);
      // A negative count throws ArithmeticError: left to the run-time helper (which DEOPTs).
      case 'shl':
        return b < 0n ? e : b >= 64n ? int(0n) : int(BigInt.asIntN(64, a << b));
      case 'shr':
        return b < 0n ? e : int(a >> (b >= 64n ? 63n : b));
      case 'band':
        return int(a & b);
      case 'bor':
        return int(a | b);
      case 'bxor':
        return int(a ^ b);
      default:
        return compare(e, a === b, a < b, a > b);
    }
  }
  if (l.type === 'float' && r.type === 'float') {
    const a = l.value;
    const b = r.value;
    switch (e.op) {
      case 'add':
        return float(a + b) ?? e;
      case 'sub':
        return float(a - b) ?? e;
      case 'mul':
        return float(a * b) ?? e;
      case 'div':
        return b === 0 ? e : float(a / b) ?? e;
      default:
        if (e.op === 'cmp') return int(a === b ? 0n : a < b ? -1n : 1n);
        return compare(e, a === b, a < b, a > b);
    }
  }
  if (l.type === 'bool' && r.type === 'bool') return compare(e, l.value === r.value, !l.value && r.value, l.value && !r.value);
  return e;
}

/** Comparison ops from the three facts; le/ge derived (false for NAN since all three are). */
function compare(e: Extract<IrExpr, { k: 'binary' }>, eq: boolean, lt: boolean, gt: boolean): IrExpr {
  switch (e.op) {
    case 'eq':
    case 'ident':
      return bool(eq);
    case 'ne':
    case 'nident':
      return bool(!eq);
    case 'lt':
      return bool(lt);
    case 'le':
      return bool(lt || eq);
    case 'gt':
      return bool(gt);
    case 'ge':
      return bool(gt || eq);
    case 'cmp':
      return int(eq ? 0n : lt ? -1n : 1n);
    default:
      return e;
  }
}

export const foldConstants: PassFn = (ir) => rewriteModule(ir, (e) => foldExpr(e));
