// Test helper: builds IR modules by hand (strings, arrays, mixed values, world slots) for codegen and pass tests.
import type { ParamType } from '../../src/core/php-value.ts';
import type { IrExpr, IrFunction, IrLocal, IrModule, IrStmt, IrType, WorldSlot } from '../../src/frontend/types.ts';

export const int = (v: number | bigint): IrExpr => ({ k: 'const', type: 'int', value: BigInt(v) });
export const flt = (v: number): IrExpr => ({ k: 'const', type: 'float', value: v });
export const bool = (v: boolean): IrExpr => ({ k: 'const', type: 'bool', value: v });
export const str = (v: string): IrExpr => ({ k: 'const', type: 'string', value: v });
export const loc = (id: number, type: IrType): IrExpr => ({ k: 'local', type, id });
export const assign = (id: number, value: IrExpr): IrExpr => ({ k: 'assign', type: value.type, id, value });
export const bin = (op: Extract<IrExpr, { k: 'binary' }>['op'], left: IrExpr, right: IrExpr, type: IrType = left.type): IrExpr => ({ k: 'binary', type, op, opType: left.type, left, right });
export const concat = (...parts: IrExpr[]): IrExpr => ({ k: 'concat', type: 'string', parts });
export const conv = (mode: Extract<IrExpr, { k: 'convert' }>['mode'], type: IrType, arg: IrExpr): IrExpr => ({ k: 'convert', type, mode, arg });
export const call = (name: Extract<IrExpr, { k: 'builtin' }>['name'], type: IrType, ...args: IrExpr[]): IrExpr => ({ k: 'builtin', type, name, opType: args[0]?.type ?? 'int', args });
export const expr = (e: IrExpr, line = 2): IrStmt => ({ k: 'expr', line, expr: e });
export const ret = (value: IrExpr | null, line = 9): IrStmt => ({ k: 'return', line, value });
export const echo = (...args: IrExpr[]): IrStmt => ({ k: 'echo', line: 3, args });

export interface FnOpts {
  readonly name: string;
  readonly index?: number;
  readonly locals: readonly Omit<IrLocal, 'id'>[];
  readonly paramTypes?: readonly ParamType[];
  readonly returnType: IrType;
  readonly body: readonly IrStmt[];
  readonly exported?: boolean;
}

export function fn(o: FnOpts): IrFunction {
  const locals = o.locals.map((l, id) => ({ ...l, id }));
  const params = locals.filter((l) => l.isParam).map((l) => l.id);
  return {
    index: o.index ?? 0,
    regionKey: `/app/t.php::::${o.name}`,
    name: o.name,
    lcName: o.name,
    sourceSha256: '0'.repeat(64),
    exported: o.exported ?? true,
    paramTypes: o.paramTypes ?? [],
    params,
    locals,
    returnType: o.returnType,
    line: 1,
    body: o.body,
  };
}

export function mod(functions: IrFunction[], world: WorldSlot[] = []): IrModule {
  return { rootKey: functions[0]!.regionKey, functions, world };
}
