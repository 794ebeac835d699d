// Emits a kernel entry: guarded arguments converted to native parameters, the native call, then the commit of effects and the result.
import { StageError } from '../core/declined.ts';
import { classOfType, isObjectType, type IrFunction, type IrModule } from '../frontend/types.ts';
import { bytesLiteral, sanitizeName } from './cpp-literals.ts';
import { classStruct, cppType, isTrivialType } from './cpp-types.ts';
import { bare, localName, nativeName } from './emit-function.ts';
import type { ModuleFacts } from './module-facts.ts';

const PUT: Readonly<Record<string, string>> = { int: 'put_i', float: 'put_d', bool: 'put_b', num: 'put_n' };

/** A guarded scalar argument read in place, converted to the parameter's native type. */
function scalarArg(f: IrFunction, i: number): string {
  const id = f.params[i]!;
  const guard = f.paramTypes[i]!;
  const local = f.locals[id]!.type;
  const raw = guard === 'int' ? `args[${i}].value.lval` : guard === 'float' ? `args[${i}].value.dval` : guard === 'bool' ? `pv::arg_b(&args[${i}])` : undefined;
  if (raw !== undefined) {
    if (guard === local) return raw;
    if (guard === 'int' && local === 'float') return `double(${raw})`;
    if (guard === 'int' && local === 'num') return `pv::num::of_int(${raw})`;
    if (guard === 'float' && local === 'num') return `pv::num::of_dbl(${raw})`;
  }
  throw new StageError('codegen', f.regionKey, `parameter ${localName(f, id)} guarded ${guard} but typed ${local}`);
}

/** The first lines of kernel entry `k` (the ABI signature and the DEOPT landing), shared by both entry kinds. */
function entryHead(f: IrFunction, k: number): string[] {
  return [
    `// kernel ${k}: PHP function #${f.index} (${sanitizeName(f.lcName)})`,
    `uint32_t k${k}(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {`,
    '  (void)nargs;',
    '  (void)args;',
    '  PV_DEOPT_LANDING();',
  ];
}

/** The entry of a module whose DEOPT is a longjmp: scalars only, exactly the code of ABI 1. */
export function emitScalarEntry(f: IrFunction, k: number): string {
  const args = f.params.map((_, i) => scalarArg(f, i));
  const call = `${nativeName(f)}(host->stack_limit${args.map((a) => ', ' + bare(a)).join('')})`;
  const lines = entryHead(f, k);
  const rt = f.returnType;
  if (rt === 'null') lines.push(`  ${call};`, '  pv::put_null(ret);');
  else lines.push(`  const ${cppType(rt)} r = ${call};`, `  pv::${PUT[rt]}(ret, r);`);
  lines.push('  return PV_OK;', '}');
  return lines.join('\n');
}

/**
 * The entry of a module whose DEOPT throws pv::Deopt. Arguments become native values (strings
 * and arrays copied out of the host), the native call runs with a fresh context, and only after
 * it returned: world slots in first-write order, by-reference arguments, output, the result.
 * Nothing in the commit can DEOPT, so once the first set ran the kernel returns PV_OK.
 */
export function emitThrowingEntry(ir: IrModule, f: IrFunction, k: number, facts: ModuleFacts): string {
  const lines = [...entryHead(f, k), '  try {', `    ${facts.ctxType} cx(host);`];
  const classes = ir.classes ?? [];
  if (classes.length > 0) {
    // Host objects of this invocation (after cx: destroyed first). A class the kernel instantiates
    // must be declared now (PHP would autoload it or throw), so the commit can always create it.
    lines.push('    pv::Objs objs(cx);');
    for (const c of classes) {
      if (c.instantiated) lines.push(`    if (!pv::class_declared(cx, ${bytesLiteral(c.lcName)}, ${Buffer.byteLength(c.lcName, 'latin1')}u)) pv::deopt();`);
    }
  }
  const callArgs: string[] = [];
  const written = facts.written[f.index]!;
  const writeBack: number[] = [];
  f.params.forEach((id, i) => {
    const l = f.locals[id]!;
    const guard = f.paramTypes[i]!;
    if (isTrivialType(l.type) && !l.byRef) {
      callArgs.push(bare(scalarArg(f, i)));
      return;
    }
    const name = `a${i}`;
    if (isTrivialType(l.type)) {
      lines.push(`    ${cppType(l.type)} ${name} = ${bare(scalarArg(f, i))};`);
    } else if (guard === 'object') {
      // $this (the host checked its class) or an object argument (its class checked here).
      if (!isObjectType(l.type)) throw new StageError('codegen', f.regionKey, `parameter ${localName(f, id)} guarded object but typed ${l.type}`);
      lines.push(`    ${cppType(l.type)} ${name} = objs.wrap<${classStruct(classOfType(l.type))}>(&args[${i}]);`);
    } else {
      const fits = (guard === 'string' && (l.type === 'string' || l.type === 'mixed')) || (guard === 'array' && (l.type.startsWith('array<') || l.type === 'mixed')) || l.type === 'mixed';
      if (!fits) throw new StageError('codegen', f.regionKey, `parameter ${localName(f, id)} guarded ${guard} but typed ${l.type}`);
      lines.push(`    ${cppType(l.type)} ${name} = pv::from_host<${cppType(l.type)}>(cx, &args[${i}]);`);
    }
    callArgs.push(name);
    if (l.byRef && written.has(id)) writeBack.push(i);
  });
  const call = `${nativeName(f)}(host->stack_limit${facts.ctx[f.index] ? ', cx' : ''}${callArgs.map((a) => ', ' + a).join('')})`;
  const rt = f.returnType;
  lines.push(rt === 'null' ? `    ${call};` : `    const ${cppType(rt)} r = ${call};`);
  if (classes.length > 0) {
    // Everything handed to the host must be representable before the first write.
    lines.push('    objs.check();');
    if (!isTrivialType(rt) && rt !== 'null') lines.push('    pv::check_to_host(r);');
  }
  if (facts.ctxType === 'Cx') lines.push('    check_bound_globals(cx);');
  lines.push('    // Commit: nothing below may DEOPT.');
  if (facts.ctxType === 'Cx') lines.push('    commit_world(cx);');
  for (const i of writeBack) lines.push(`    {`, `      pv_value v{};`, `      pv::to_host(cx, a${i}, &v);`, `      host->arg_set(host->ctx, ${i}u, &v);`, `    }`);
  if (classes.length > 0) lines.push('    objs.commit();');
  if (facts.effects[f.index] || facts.ctx[f.index]) lines.push('    pv::commit_output(cx);');
  if (rt === 'null') lines.push('    pv::put_null(ret);');
  else if (isTrivialType(rt)) lines.push(`    pv::${PUT[rt]}(ret, r);`);
  else lines.push('    pv::to_host(cx, r, ret);');
  lines.push('    return PV_OK;', '  } catch (const pv::Deopt &) {', '    return PV_DEOPT;', '  }', '}');
  return lines.join('\n');
}
