// Bottom-up rewriting of IR expressions and statements, shared by the passes.
import type { IrExpr, IrFunction, IrModule, IrStmt } from '../frontend/types.ts';

/** Rebuilds `e` bottom-up, applying `f` to every node after its children. */
export function mapExpr(e: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
  const m = (x: IrExpr) => mapExpr(x, f);
  switch (e.k) {
    case 'const':
    case 'local':
    case 'incdec':
      return f(e);
    case 'assign':
      return f({ ...e, value: m(e.value) });
    case 'unary':
    case 'convert':
      return f({ ...e, arg: m(e.arg) } as IrExpr);
    case 'binary':
      return f({ ...e, left: m(e.left), right: m(e.right) });
    case 'logical':
      return f({ ...e, left: m(e.left), right: m(e.right) });
    case 'cond':
      return f({ ...e, test: m(e.test), then: m(e.then), else: m(e.else) });
    case 'call':
      return f({ ...e, args: e.args.map(m) });
    case 'builtin':
      return f({ ...e, args: e.args.map(m) });
  }
}

export function mapStmts(list: readonly IrStmt[], f: (e: IrExpr) => IrExpr): IrStmt[] {
  return list.map((s): IrStmt => {
    switch (s.k) {
      case 'expr':
        return { ...s, expr: mapExpr(s.expr, f) };
      case 'return':
        return { ...s, value: s.value ? mapExpr(s.value, f) : null };
      case 'if':
        return { ...s, test: mapExpr(s.test, f), then: mapStmts(s.then, f), else: mapStmts(s.else, f) };
      case 'loop':
        return {
          ...s,
          init: s.init.map((e) => mapExpr(e, f)),
          test: s.test.map((e) => mapExpr(e, f)),
          step: s.step.map((e) => mapExpr(e, f)),
          body: mapStmts(s.body, f),
        };
      default:
        return s;
    }
  });
}

/** Applies an expression rewrite to every function; reports whether any node changed identity. */
export function rewriteModule(ir: IrModule, f: (e: IrExpr, fn: IrFunction) => IrExpr): { ir: IrModule; changed: boolean } {
  let changed = false;
  const functions = ir.functions.map((fn) => {
    const body = mapStmts(fn.body, (e) => {
      const r = f(e, fn);
      if (r !== e) changed = true;
      return r;
    });
    return { ...fn, body };
  });
  return { ir: changed ? { ...ir, functions } : ir, changed };
}
