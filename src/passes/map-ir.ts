// Bottom-up rewriting and read-only walks of IR expressions and statements, shared by the passes and codegen.
import type { IrExpr, IrFunction, IrModule, IrStmt } from '../frontend/types.ts';

/** Rebuilds `e` bottom-up, applying `f` to every node after its children. */
export function mapExpr(e: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
  return f(mapChildren(e, (x) => mapExpr(x, f)));
}

/** `e` with each direct sub-expression replaced by `m(sub)` (the node itself is not passed to m). */
export function mapChildren(e: IrExpr, m: (e: IrExpr) => IrExpr): IrExpr {
  const mp = (x: IrExpr | null) => (x === null ? null : m(x));
  switch (e.k) {
    case 'const':
    case 'null':
    case 'local':
    case 'incdec':
    case 'constant':
      return e;
    case 'assign':
      return { ...e, value: m(e.value) };
    case 'unary':
    case 'convert':
    case 'print':
      return { ...e, arg: m(e.arg) } as IrExpr;
    case 'binary':
      return { ...e, left: m(e.left), right: m(e.right) };
    case 'logical':
      return { ...e, left: m(e.left), right: m(e.right) };
    case 'cond':
      return { ...e, test: m(e.test), then: m(e.then), else: m(e.else) };
    case 'call':
      return { ...e, args: e.args.map(m) };
    case 'builtin':
      return { ...e, args: e.args.map(m) };
    case 'concat':
      return { ...e, parts: e.parts.map(m) };
    case 'array':
      return { ...e, items: e.items.map((it) => ({ key: mp(it.key), value: m(it.value) })) };
    case 'index':
      return { ...e, base: m(e.base), key: m(e.key) };
    case 'str_index':
      return { ...e, base: m(e.base), index: m(e.index) };
    case 'elem_assign':
      return { ...e, path: e.path.map(mp), value: m(e.value) };
    case 'isset':
      return { ...e, path: e.path.map(m) };
    case 'new':
      return { ...e, args: e.args.map(m) };
    case 'prop':
      return { ...e, obj: m(e.obj) };
    case 'prop_isset':
      return { ...e, obj: m(e.obj), path: e.path.map(m) };
    case 'prop_assign':
      return { ...e, obj: m(e.obj), ...(e.path ? { path: e.path.map(mp) } : {}), value: m(e.value) };
  }
}

export function mapStmts(list: readonly IrStmt[], f: (e: IrExpr) => IrExpr): IrStmt[] {
  const m = (e: IrExpr) => mapExpr(e, f);
  return list.map((s): IrStmt => {
    switch (s.k) {
      case 'expr':
        return { ...s, expr: m(s.expr) };
      case 'return':
        return { ...s, value: s.value ? m(s.value) : null };
      case 'if':
        return { ...s, test: m(s.test), then: mapStmts(s.then, f), else: mapStmts(s.else, f) };
      case 'loop':
        return { ...s, init: s.init.map(m), test: s.test.map(m), step: s.step.map(m), body: mapStmts(s.body, f) };
      case 'echo':
        return { ...s, args: s.args.map(m) };
      case 'foreach':
        return { ...s, subject: m(s.subject), body: mapStmts(s.body, f) };
      case 'unset':
        return { ...s, path: s.path.map(m) };
      case 'break':
      case 'continue':
        return s;
    }
  });
}

/** The direct sub-expressions of `e`, in PHP's evaluation order. */
export function childrenOf(e: IrExpr): IrExpr[] {
  switch (e.k) {
    case 'const':
    case 'null':
    case 'local':
    case 'incdec':
    case 'constant':
      return [];
    case 'assign':
      return [e.value];
    case 'unary':
    case 'convert':
    case 'print':
      return [e.arg];
    case 'binary':
    case 'logical':
      return [e.left, e.right];
    case 'cond':
      return [e.test, e.then, e.else];
    case 'call':
    case 'builtin':
      return [...e.args];
    case 'concat':
      return [...e.parts];
    case 'array':
      return e.items.flatMap((it) => (it.key ? [it.key, it.value] : [it.value]));
    case 'index':
      return [e.base, e.key];
    case 'str_index':
      return [e.base, e.index];
    case 'elem_assign':
      return [...e.path.filter((p): p is IrExpr => p !== null), e.value];
    case 'isset':
      return [...e.path];
    case 'new':
      return [...e.args];
    case 'prop':
      return [e.obj];
    case 'prop_isset':
      return [e.obj, ...e.path];
    case 'prop_assign':
      return [e.obj, ...(e.path ?? []).filter((p): p is IrExpr => p !== null), e.value];
  }
}

/** Whether `pred` holds for `e` or any node below it. */
export function someExpr(e: IrExpr, pred: (e: IrExpr) => boolean): boolean {
  return pred(e) || childrenOf(e).some((c) => someExpr(c, pred));
}

/** Every expression directly held by a statement (not those of nested statements). */
export function stmtExprs(s: IrStmt): IrExpr[] {
  switch (s.k) {
    case 'expr':
      return [s.expr];
    case 'return':
      return s.value ? [s.value] : [];
    case 'if':
      return [s.test];
    case 'loop':
      return [...s.init, ...s.test, ...s.step];
    case 'echo':
      return [...s.args];
    case 'foreach':
      return [s.subject];
    case 'unset':
      return [...s.path];
    case 'break':
    case 'continue':
      return [];
  }
}

/** The statement lists nested in a statement. */
export function stmtBodies(s: IrStmt): (readonly IrStmt[])[] {
  if (s.k === 'if') return [s.then, s.else];
  if (s.k === 'loop' || s.k === 'foreach') return [s.body];
  return [];
}

/** Calls `fs` on every statement and `fe` on every expression node of a body, depth first. */
export function walkBody(list: readonly IrStmt[], fe: (e: IrExpr) => void, fs?: (s: IrStmt) => void): void {
  const we = (e: IrExpr): void => {
    fe(e);
    childrenOf(e).forEach(we);
  };
  for (const s of list) {
    fs?.(s);
    stmtExprs(s).forEach(we);
    stmtBodies(s).forEach((b) => walkBody(b, fe, fs));
  }
}

/** Internal functions that change the array passed as their first argument (PHP takes it by reference). */
export const BY_REF_BUILTINS: ReadonlySet<string> = new Set(['sort', 'rsort', 'array_push', 'array_pop', 'array_shift']);

/**
 * Locals a function body may change: assigned, incremented, element-assigned, unset, bound by a
 * foreach, or passed to a by-reference parameter of a module function or of sort, array_push….
 */
export function writtenLocals(ir: IrModule, fn: IrFunction): Set<number> {
  return writtenIn(ir, fn.body);
}

/** Locals a statement list may change (as writtenLocals, for a part of a body such as a loop's). */
export function writtenIn(ir: IrModule, list: readonly IrStmt[]): Set<number> {
  const out = new Set<number>();
  walkBody(
    list,
    (e) => {
      if (e.k === 'assign' || e.k === 'incdec' || e.k === 'elem_assign') out.add(e.id);
      if (e.k === 'builtin' && BY_REF_BUILTINS.has(e.name) && e.args[0]?.k === 'local') out.add(e.args[0].id);
      // A constructor is a module function too (its first parameter receives the new object):
      // its by-reference parameters write the arguments.
      if (e.k === 'call' || (e.k === 'new' && e.ctor !== null)) {
        const callee = ir.functions[e.k === 'call' ? e.callee : e.ctor!];
        const skip = e.k === 'call' ? 0 : 1;
        e.args.forEach((a, i) => {
          if (a.k === 'local' && callee?.locals[callee.params[i + skip]!]?.byRef) out.add(a.id);
        });
      }
    },
    (s) => {
      if (s.k === 'unset') out.add(s.id);
      if (s.k === 'foreach') {
        out.add(s.valueId);
        if (s.keyId !== null) out.add(s.keyId);
      }
    },
  );
  return out;
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

/** Rebuilds a statement list top-down: `f` sees each statement (with its original children) and returns its replacement(s); `recurse` rebuilds nested lists the same way. */
export function mapStmtTree(list: readonly IrStmt[], f: (s: IrStmt, recurse: (l: readonly IrStmt[]) => IrStmt[]) => IrStmt | IrStmt[]): IrStmt[] {
  const recurse = (l: readonly IrStmt[]): IrStmt[] => mapStmtTree(l, f);
  return list.flatMap((s) => f(s, recurse));
}

/** `s` with its nested statement lists rebuilt by `m` (the statement itself is not passed to m). */
export function mapBodies(s: IrStmt, m: (l: readonly IrStmt[]) => IrStmt[]): IrStmt {
  if (s.k === 'if') return { ...s, then: m(s.then), else: m(s.else) };
  if (s.k === 'loop' || s.k === 'foreach') return { ...s, body: m(s.body) };
  return s;
}
