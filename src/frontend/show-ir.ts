// showIr: a readable dump of an IR module, for POLYVIRT_DUMP_AFTER and test failures.
import type { IrExpr, IrFunction, IrModule, IrStmt } from './types.ts';

export function showIr(ir: IrModule): string {
  const world = ir.world.map((w, i) => `world w${i} ${w.kind} ${w.fn ? `${w.fn}::` : ''}${JSON.stringify(w.name)}: ${w.type}${w.written ? ' written' : ''}${w.init ? ` = ${showExpr(w.init)}` : ''}`);
  return [...world, ...ir.functions.map(showFunction)].join('\n');
}

export function showFunction(fn: IrFunction): string {
  const name = (id: number) => {
    const l = fn.locals[id];
    return l ? (l.name === '' ? `%t${id}` : `$${l.name}#${id}`) : `?${id}`;
  };
  const params = fn.params.map((id, i) => `${name(id)}: ${fn.locals[id]?.type ?? '?'} <- ${fn.paramTypes[i]}`).join(', ');
  const head = `fn ${fn.index} ${fn.lcName}(${params}): ${fn.returnType}${fn.exported ? ' exported' : ''}  ; line ${fn.line}`;
  const tag = (l: IrFunction['locals'][number]) => `${l.byRef ? ' &' : ''}${l.world !== undefined ? ` @w${l.world}` : ''}`;
  const locals = fn.locals.filter((l) => !l.isParam || l.byRef).map((l) => `${name(l.id)}: ${l.type}${tag(l)}`).join(', ');
  const lines = [head];
  if (locals) lines.push(`  locals ${locals}`);
  showStmts(fn.body, '  ', lines, name);
  return lines.join('\n');
}

function showStmts(list: readonly IrStmt[], ind: string, out: string[], name: (id: number) => string): void {
  for (const s of list) {
    switch (s.k) {
      case 'expr':
        out.push(`${ind}${showExpr(s.expr, name)}  ; ${s.line}`);
        break;
      case 'return':
        out.push(`${ind}return${s.value ? ' ' + showExpr(s.value, name) : ''}  ; ${s.line}`);
        break;
      case 'break':
      case 'continue':
        out.push(`${ind}${s.k} ${s.levels}  ; ${s.line}`);
        break;
      case 'if':
        out.push(`${ind}if ${showExpr(s.test, name)}  ; ${s.line}`);
        showStmts(s.then, ind + '  ', out, name);
        if (s.else.length) {
          out.push(`${ind}else`);
          showStmts(s.else, ind + '  ', out, name);
        }
        break;
      case 'loop': {
        const list = (es: readonly IrExpr[]) => es.map((e) => showExpr(e, name)).join(', ');
        out.push(`${ind}loop ${s.kind} init [${list(s.init)}] test [${list(s.test)}] step [${list(s.step)}]  ; ${s.line}`);
        showStmts(s.body, ind + '  ', out, name);
        break;
      }
      case 'echo':
        out.push(`${ind}echo ${s.args.map((e) => showExpr(e, name)).join(', ')}  ; ${s.line}`);
        break;
      case 'foreach':
        out.push(`${ind}foreach ${showExpr(s.subject, name)} as ${s.keyId !== null ? `${name(s.keyId)} => ` : ''}${name(s.valueId)}  ; ${s.line}`);
        showStmts(s.body, ind + '  ', out, name);
        break;
      case 'unset':
        out.push(`${ind}unset ${name(s.id)}${s.path.map((k) => `[${showExpr(k, name)}]`).join('')}  ; ${s.line}`);
        break;
    }
  }
}

export function showExpr(e: IrExpr, name: (id: number) => string = (id) => `#${id}`): string {
  const s = (x: IrExpr) => showExpr(x, name);
  switch (e.k) {
    case 'const':
      if (e.type === 'string') return `${JSON.stringify(e.value)}:string`;
      return e.type === 'float' ? `${showFloat(e.value)}:float` : `${String(e.value)}:${e.type}`;
    case 'null':
      return 'null';
    case 'local':
      return name(e.id);
    case 'assign':
      return `(${name(e.id)} = ${s(e.value)})`;
    case 'incdec':
      return e.prefix ? `(${e.op} ${name(e.id)})` : `(${name(e.id)} post${e.op})`;
    case 'unary':
      return `${e.op}(${s(e.arg)})`;
    case 'binary':
      return `${e.op}.${e.opType}(${s(e.left)}, ${s(e.right)}):${e.type}`;
    case 'logical':
      return `${e.op}(${s(e.left)}, ${s(e.right)})`;
    case 'cond':
      return `(${s(e.test)} ? ${s(e.then)} : ${s(e.else)}):${e.type}`;
    case 'convert':
      return `${e.mode}<${e.type}>(${s(e.arg)})`;
    case 'call':
      return `call${e.direct ? '.direct' : ''} fn${e.callee}(${e.args.map(s).join(', ')}):${e.type}`;
    case 'builtin':
      return `${e.name}.${e.opType}(${e.args.map(s).join(', ')}):${e.type}`;
    case 'concat':
      return `concat(${e.parts.map(s).join(', ')})`;
    case 'array':
      return `[${e.items.map((it) => (it.key ? `${s(it.key)} => ${s(it.value)}` : s(it.value))).join(', ')}]:${e.type}`;
    case 'index':
      return `${s(e.base)}[${s(e.key)}]:${e.type}`;
    case 'str_index':
      return `${s(e.base)}{${s(e.index)}}:string`;
    case 'elem_assign':
      return `(${name(e.id)}${e.path.map((k) => `[${k ? s(k) : ''}]`).join('')} = ${s(e.value)})`;
    case 'isset':
      return `${e.empty ? 'empty' : 'isset'}(${name(e.id)}${e.path.map((k) => `[${s(k)}]`).join('')})`;
    case 'constant':
      return `constant(${JSON.stringify(e.name)})`;
    case 'print':
      return `print(${s(e.arg)})`;
    case 'new':
      return `new ${e.cls}${e.ctor === null ? '' : ` ctor fn${e.ctor}`}(${e.args.map(s).join(', ')})`;
    case 'prop':
      return `${s(e.obj)}->${e.name}:${e.type}`;
    case 'prop_isset':
      return `${e.empty ? 'empty' : 'isset'}(${s(e.obj)}->${e.name}${e.path.map((k) => `[${s(k)}]`).join('')})`;
    case 'prop_assign':
      return `(${s(e.obj)}->${e.name}${(e.path ?? []).map((k) => `[${k ? s(k) : ''}]`).join('')} = ${s(e.value)})`;
  }
}

function showFloat(v: number): string {
  if (Number.isNaN(v)) return 'NAN';
  if (Object.is(v, -0)) return '-0.0';
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? `${v}.0` : String(v);
}
