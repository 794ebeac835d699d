// Emits the module's invocation context: one typed slot per global, static and constant, loaded from the host on first use and committed on success.
import { StageError } from '../core/declined.ts';
import type { IrModule, WorldSlot } from '../frontend/types.ts';
import { bytesLiteral } from './cpp-literals.ts';
import { cppType } from './cpp-types.ts';

/** A name for the host as (bytes, length) arguments. */
function nameArgs(name: string): string {
  return `${bytesLiteral(name)}, ${Buffer.byteLength(name, 'utf8')}u`;
}

export const slotGet = (w: number): string => `w${w}_get`;
export const slotSet = (w: number): string => `w${w}_set`;
export const slotMut = (w: number): string => `w${w}_mut`;

/** The `Cx` struct, the slot accessors and commit_world; empty when the module touches no world slot. */
export function emitWorld(ir: IrModule, rootKey: string): string {
  if (ir.world.length === 0) return '';
  for (const w of ir.world) {
    if (w.type === 'null') throw new StageError('codegen', rootKey, `world slot of type ${w.type}`);
  }
  const o: string[] = [
    '// The context of one kernel invocation: output journal plus the globals, statics and constants it',
    '// touches, each loaded from the host on first use and, when written, committed only on success.',
    'struct Cx : pv::Ctx {',
    '  explicit Cx(const pv_host *h) : pv::Ctx(h) {}',
  ];
  ir.world.forEach((w, i) => {
    o.push(`  ${cppType(w.type)} w${i}{};  // ${w.kind} #${i}`, `  bool w${i}_loaded = false;`);
    if (w.kind === 'global') o.push(`  bool w${i}_bound = false;  // a function binding it with \`global\` ran`);
  });
  const writable = ir.world.filter((w) => w.written && w.kind !== 'constant').length;
  if (writable > 0) {
    ir.world.forEach((w, i) => {
      if (w.written && w.kind !== 'constant') o.push(`  bool w${i}_dirty = false;`);
    });
    o.push('  // Written slots in the order PHP first wrote them: the order they are committed in.', `  uint8_t order[${writable}] = {};`, '  uint32_t written = 0;');
  }
  o.push('};', '');
  ir.world.forEach((w, i) => o.push(...accessors(w, i), ''));
  o.push(...checkBound(ir.world), '', ...commit(ir.world));
  return o.join('\n');
}

/**
 * `global $x` creates $x (as null) when it is unset, even if the function then never touches it.
 * So when a function binding it ran and the global is unset (and was never loaded or written
 * here), the call is PHP's own: DEOPT, before anything is committed.
 */
function checkBound(world: readonly WorldSlot[]): string[] {
  const o = ['// Before committing: every global the module binds exists (see emit-world.ts checkBound).', 'void check_bound_globals(Cx &cx) {'];
  const checks: string[] = [];
  world.forEach((w, i) => {
    if (w.kind !== 'global') return;
    checks.push(
      `  if (cx.w${i}_bound && !cx.w${i}_loaded) {`,
      '    pv_value v{};',
      `    cx.host->global_get(cx.host->ctx, ${nameArgs(w.name)}, &v);`,
      '    if (PV_UNLIKELY((v.type_info & 0xffu) == PV_UNDEF)) pv::deopt();',
      '  }',
    );
  });
  if (checks.length === 0) checks.push('  (void)cx;');
  return [...o, ...checks, '}'];
}

function accessors(w: WorldSlot, i: number): string[] {
  const t = cppType(w.type);
  const host = 'cx.host->';
  const fetch =
    w.kind === 'global'
      ? `${host}global_get(${host}ctx, ${nameArgs(w.name)}, &v);`
      : w.kind === 'static'
        ? `${host}static_get(${host}ctx, ${nameArgs(w.fn ?? '')}, ${nameArgs(w.name)}, &v);`
        : `${host}constant_get(${host}ctx, ${nameArgs(w.name)}, &v);`;
  // An unset global warns and an undefined constant throws in PHP; a static the host reports as
  // null while its initializer is not null has not been initialized by PHP yet: PHP runs first.
  const staticInitNull = !w.init || w.init.k === 'null';
  const missing = w.kind === 'static' ? (staticInitNull ? 'PV_UNDEF' : 'PV_NULL') : 'PV_UNDEF';
  const o = [
    `// ${w.kind} #${i}: read`,
    `${t} &${slotGet(i)}(Cx &cx) {`,
    `  if (!cx.w${i}_loaded) {`,
    '    pv_value v{};',
    `    ${fetch}`,
    `    if (PV_UNLIKELY((v.type_info & 0xffu) == ${missing}${missing === 'PV_NULL' ? ' || (v.type_info & 0xffu) == PV_UNDEF' : ''})) pv::deopt();`,
    `    cx.w${i} = pv::from_host<${t}>(cx, &v);`,
    `    cx.w${i}_loaded = true;`,
    '  }',
    `  return cx.w${i};`,
    '}',
  ];
  if (!w.written || w.kind === 'constant') return o;
  const mark = [`  if (!cx.w${i}_dirty) {`, `    cx.w${i}_dirty = true;`, `    cx.order[cx.written++] = ${i};`, '  }'];
  return [
    ...o,
    `// ${w.kind} #${i}: a whole new value (no load: PHP does not read it either)`,
    `${t} &${slotSet(i)}(Cx &cx) {`,
    ...mark,
    `  cx.w${i}_loaded = true;`,
    `  return cx.w${i};`,
    '}',
    `// ${w.kind} #${i}: changed in place`,
    `${t} &${slotMut(i)}(Cx &cx) {`,
    `  ${slotGet(i)}(cx);`,
    ...mark,
    `  return cx.w${i};`,
    '}',
  ];
}

function commit(world: readonly WorldSlot[]): string[] {
  const o = ['// Hands every written slot to the host, in first-write order. Runs after all native work succeeded.', 'void commit_world(Cx &cx) {'];
  const cases: string[] = [];
  world.forEach((w, i) => {
    if (!w.written || w.kind === 'constant') return;
    const set =
      w.kind === 'global'
        ? `cx.host->global_set(cx.host->ctx, ${nameArgs(w.name)}, &v);`
        : `cx.host->static_set(cx.host->ctx, ${nameArgs(w.fn ?? '')}, ${nameArgs(w.name)}, &v);`;
    cases.push(`      case ${i}:`, `        pv::to_host(cx, cx.w${i}, &v);`, `        ${set}`, '        break;');
  });
  if (cases.length === 0) {
    o.push('  (void)cx;', '}');
    return o;
  }
  o.push('  for (uint32_t n = 0; n < cx.written; n++) {', '    pv_value v{};', '    switch (cx.order[n]) {', ...cases, '    }', '  }', '}');
  return o;
}
