// Emits one C++ struct per class of the module (typed property fields over pv::ObjBase, see obj.h), its property accessors and the `new` helpers that run constructors.
import { StageError } from '../core/declined.ts';
import { classOfType, isObjectType, type IrClass, type IrFunction, type IrModule } from '../frontend/types.ts';
import { bytesLiteral } from './cpp-literals.ts';
import { classStruct, cppType, isTrivialType } from './cpp-types.ts';
import type { ModuleFacts } from './module-facts.ts';

const MAX_PROPS = 64;

/** Accessor names: read (loads a host property on first use), write (marks it written). */
export const propGet = (cls: string, slot: number): string => `${classStruct(cls)}_get${slot}`;
export const propSet = (cls: string, slot: number): string => `${classStruct(cls)}_set${slot}`;
/** In-place access for element writes below a property (loads it first, marks it written). */
export const propMut = (cls: string, slot: number): string => `${classStruct(cls)}_mut${slot}`;
export const newOf = (cls: string): string => `${classStruct(cls)}_new`;

/** Slot of property `name` in class `cls`. */
export function propSlot(ir: IrModule, cls: string, name: string, rootKey: string): number {
  const c = ir.classes?.find((k) => k.lcName === cls);
  const slot = c?.props.findIndex((p) => p.name === name) ?? -1;
  if (slot < 0) throw new StageError('codegen', rootKey, `property ${cls}::${name} is not in the module's classes`);
  return slot;
}

function nameArgs(name: string): string {
  return `${bytesLiteral(name)}, ${Buffer.byteLength(name, 'latin1')}u`;
}

/** Forward declarations, then the structs, then everything that needs them complete. */
export function emitClasses(ir: IrModule, rootKey: string, constInit: (c: IrClass, slot: number) => string): string {
  const classes = ir.classes ?? [];
  if (classes.length === 0) return '';
  const o: string[] = ['// Objects: one struct per class (obj.h explains native and host bodies).'];
  for (const c of classes) o.push(`struct ${classStruct(c.lcName)};`);
  o.push('');
  for (const c of classes) {
    if (c.props.length > MAX_PROPS) throw new StageError('codegen', rootKey, `class ${c.lcName} has more than ${MAX_PROPS} properties`);
    const s = classStruct(c.lcName);
    o.push(
      `// class ${bytesComment(c.name)}: ${c.props.length} declared propert${c.props.length === 1 ? 'y' : 'ies'}`,
      `struct ${s} final : pv::ObjBase {`,
      `  static constexpr const char *kName = ${bytesLiteral(c.lcName)};`,
      `  static constexpr size_t kNameLen = ${Buffer.byteLength(c.lcName, 'latin1')}u;`,
      '  struct HostTag {};',
      ...c.props.map((p, i) => `  ${cppType(p.type)} p${i}{};`),
      `  ${s}();`,
      `  explicit ${s}(HostTag) {}`,
      `  ~${s}() override;`,
      '  const char *cls(size_t *len) const override { *len = kNameLen; return kName; }',
      '  void fill(pv::Ctx &cx) override;',
      '  void write_back(pv::Ctx &cx) override;',
      '  bool representable() override;',
      '};',
      '',
    );
  }
  for (const c of classes) {
    const s = classStruct(c.lcName);
    const inits = c.props.flatMap((p, i) => (p.init ? [`  p${i} = ${constInit(c, i)};`] : []));
    const have = c.props.reduce((m, p, i) => (p.init ? m | (1n << BigInt(i)) : m), 0n);
    o.push(`${s}::${s}() {`, ...inits, ...(have ? [`  have = 0x${have.toString(16)}ull;`] : []), '}');
    o.push(`${s}::~${s}() = default;`);
    const sets = (mask: string) => c.props.map((p, i) => `  if (${mask} & (1ull << ${i})) pv::prop_set(cx, &hv, ${nameArgs(p.name)}, p${i});`);
    o.push(`void ${s}::fill(pv::Ctx &cx) {`, ...sets('have'), '}');
    o.push(`void ${s}::write_back(pv::Ctx &cx) {`, ...sets('dirty'), '}');
    const checks = c.props.flatMap((p, i) => (isTrivialType(p.type) ? [] : [`(!(have & (1ull << ${i})) || pv::host_representable(p${i}))`]));
    o.push(`bool ${s}::representable() {`, `  return ${checks.length ? checks.join(' && ') : 'true'};`, '}', '');
    c.props.forEach((p, i) => o.push(...accessors(c, i), ''));
  }
  return o.join('\n');
}

function accessors(c: IrClass, i: number): string[] {
  const s = classStruct(c.lcName);
  const p = c.props[i]!;
  const t = cppType(p.type);
  const bit = `(1ull << ${i})`;
  const convertLoaded = isObjectType(p.type) ? `o->objs->wrap<${classStruct(classOfType(p.type))}>(&v)` : `pv::from_host<${t}>(o->objs->cx, &v)`;
  return [
    `// $${bytesComment(p.name)}: a native body without a value, or a host property unset, uninitialized or of another type, DEOPTs.`,
    `[[gnu::cold, gnu::noinline]] static void ${propGet(c.lcName, i)}_load(${s} *o) {`,
    '  if (!o->is_host) pv::missing_prop();',
    '  pv_value v{};',
    `  o->objs->load(o, ${nameArgs(p.name)}, &v);`,
    `  o->p${i} = ${convertLoaded};`,
    `  o->have |= ${bit};`,
    '}',
    `static inline const ${t} &${propGet(c.lcName, i)}(${s} *o) {`,
    `  if (PV_UNLIKELY(!(o->have & ${bit}))) ${propGet(c.lcName, i)}_load(o);`,
    `  return o->p${i};`,
    '}',
    `static inline ${t} &${propMut(c.lcName, i)}(${s} *o) {`,
    `  if (PV_UNLIKELY(!(o->have & ${bit}))) ${propGet(c.lcName, i)}_load(o);`,
    `  o->dirty |= ${bit};`,
    `  return o->p${i};`,
    '}',
    `static inline const ${t} &${propSet(c.lcName, i)}(${s} *o, ${t} v) {`,
    `  o->p${i} = std::move(v);`,
    `  o->have |= ${bit};`,
    `  o->dirty |= ${bit};`,
    `  return o->p${i};`,
    '}',
  ];
}

/** `new C(args)` for classes with a constructor: a native object, then the constructor run on it. */
export function emitNewHelpers(ir: IrModule, facts: ModuleFacts, nativeName: (f: IrFunction) => string, stackLimit: string, ctx: string): string {
  const out: string[] = [];
  const done = new Set<number>();
  for (const fn of ir.functions) {
    if (!fn.receiverClass || !fn.lcName.endsWith('::__construct') || done.has(fn.index)) continue;
    if (!ir.classes?.some((c) => c.lcName === fn.receiverClass && c.instantiated)) continue;
    done.add(fn.index);
    const s = classStruct(fn.receiverClass);
    const params = fn.params.slice(1).map((id, i) => {
      const l = fn.locals[id]!;
      if (l.byRef) throw new StageError('codegen', fn.regionKey, 'constructor with a by-reference parameter');
      return `${cppType(l.type)} a${i}`;
    });
    const cx = facts.ctx[fn.index] ? `, ${facts.ctxType} &${ctx}` : '';
    const args = fn.params.slice(1).map((_, i) => `, std::move(a${i})`).join('');
    out.push(
      `static pv::Ref<${s}> ${newOf(fn.receiverClass)}${fn.index}(const char *${stackLimit}${cx}${params.map((p) => ', ' + p).join('')}) {`,
      `  pv::Ref<${s}> o = pv::make_obj<${s}>();`,
      `  ${nativeName(fn)}(${stackLimit}${cx ? `, ${ctx}` : ''}, o${args});`,
      '  return o;',
      '}',
      '',
    );
  }
  return out.join('\n');
}

/** A class or property name inside a C++ comment: printable ASCII only. */
function bytesComment(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '?');
}
