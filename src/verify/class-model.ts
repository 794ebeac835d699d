// The instance layout of user classes, read from their source: which properties a fresh object
// (newInstanceWithoutConstructor, or a kernel's object_new) has, in PHP's order, with their defaults.
import { Engine } from 'php-parser';
import type { PhpArrayEntry, PhpValue } from '../core/php-value.ts';
import type { ClassSource } from '../ingest/types.ts';

/** A class as the verifier models it: every declared instance property slot and the initialized ones. */
export interface ClassLayout {
  /** As declared. */
  readonly name: string;
  /** Declared instance properties in slot order (parent's first), initialized or not. */
  readonly slots: readonly string[];
  /** The properties a fresh object holds (typed ones without a default are uninitialized: absent). */
  readonly defaults: readonly PhpArrayEntry[];
}

interface Node {
  readonly kind: string;
  readonly [key: string]: unknown;
}

const engine = new Engine({
  parser: { php8: true, extractDoc: false, suppressErrors: false },
  ast: { withPositions: false },
  lexer: { short_tags: false },
});

const INT64_MAX = (1n << 63n) - 1n;

/** The value of a literal default (numbers, plain strings, true/false/null, arrays of those); undefined otherwise. */
export function literalOf(n: Node | null | undefined): PhpValue | undefined {
  if (!n) return undefined;
  switch (n.kind) {
    case 'nullkeyword':
      return { kind: 'null' };
    case 'boolean':
      return { kind: 'bool', value: n['value'] === true };
    case 'number': {
      const text = String(n['value']);
      if (/^(0|[1-9]\d*)$/.test(text)) return BigInt(text) <= INT64_MAX ? { kind: 'int', value: BigInt(text) } : undefined;
      // Decimal floats only: hex, octal, binary and `_` separators are left to PHP (class skipped).
      if (/^(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(text)) return { kind: 'float', value: Number(text) };
      return undefined;
    }
    case 'string': {
      const raw = String(n['raw'] ?? '');
      // Only strings whose bytes are exactly what is written: no escapes, no interpolation, ASCII.
      if (!/^'[^'\\]*'$|^"[^"\\$]*"$/.test(raw) || /[^\x20-\x7e]/.test(raw)) return undefined;
      return { kind: 'string', value: raw.slice(1, -1) };
    }
    case 'unary': {
      if (n['type'] !== '-') return undefined;
      const v = literalOf(n['what'] as Node);
      if (v?.kind === 'int') return { kind: 'int', value: -v.value };
      if (v?.kind === 'float') return { kind: 'float', value: -v.value };
      return undefined;
    }
    case 'array':
      return arrayLiteral((n['items'] as (Node | null)[]) ?? []);
    default:
      return undefined;
  }
}

function arrayLiteral(items: readonly (Node | null)[]): PhpValue | undefined {
  const entries: PhpArrayEntry[] = [];
  let next = 0n;
  for (const item of items) {
    if (!item || item.kind !== 'entry' || item['byRef'] || item['unpack']) return undefined;
    const value = literalOf(item['value'] as Node);
    if (!value) return undefined;
    let key: bigint | string;
    if (item['key'] === null || item['key'] === undefined) key = next;
    else {
      const k = literalOf(item['key'] as Node);
      // String keys PHP would turn into ints ("8") and non-int/string keys are left to PHP.
      if (k?.kind === 'int') key = k.value;
      else if (k?.kind === 'string' && !/^(0|-?[1-9]\d*)$/.test(k.value)) key = k.value;
      else return undefined;
    }
    const at = entries.findIndex((e) => e.key === key);
    if (at >= 0) entries[at] = { key, value };
    else entries.push({ key, value });
    if (typeof key === 'bigint' && key >= next) next = key + 1n;
  }
  return { kind: 'array', entries };
}

interface OwnProps {
  readonly name: string;
  readonly parent: string;
  /** In declaration order; value undefined: uninitialized (typed without default); null when not literal. */
  readonly props: readonly { readonly name: string; readonly value: PhpValue | undefined | null; readonly isPrivate: boolean }[];
}

function identifierName(n: unknown): string | undefined {
  if (typeof n === 'string') return n;
  const name = (n as Node | null)?.['name'];
  return typeof name === 'string' ? name : undefined;
}

// One class declaration's own instance properties, promoted constructor parameters included.
function ownProps(source: ClassSource): OwnProps | undefined {
  let program: Node;
  try {
    program = engine.parseEval(source.text) as unknown as Node;
  } catch {
    return undefined;
  }
  const decls = ((program['children'] as Node[]) ?? []).filter((c) => c.kind === 'class');
  const cls = decls.find((c) => identifierName(c['name'])?.toLowerCase() === source.name.toLowerCase());
  if (!cls || decls.length !== 1) return undefined;
  const props: { name: string; value: PhpValue | undefined | null; isPrivate: boolean }[] = [];
  for (const member of (cls['body'] as Node[]) ?? []) {
    if (member.kind === 'propertystatement') {
      if (member['isStatic']) continue;
      for (const p of (member['properties'] as Node[]) ?? []) {
        const name = identifierName(p['name']);
        if (!name) return undefined;
        const typed = p['type'] !== null && p['type'] !== undefined;
        const init = p['value'] as Node | null;
        // PHP: an untyped property without a default is null; a typed one is uninitialized.
        const value = init ? (literalOf(init) ?? null) : typed ? undefined : { kind: 'null' as const };
        props.push({ name, value, isPrivate: member['visibility'] === 'private' });
      }
    } else if (member.kind === 'method' && identifierName(member['name'])?.toLowerCase() === '__construct') {
      for (const arg of (member['arguments'] as Node[]) ?? []) {
        const flags = Number(arg['flags'] ?? 0);
        const promoted = flags !== 0 || arg['readonly'] === true;
        if (!promoted) continue;
        const name = identifierName(arg['name']);
        if (!name) return undefined;
        // A promoted property never takes the parameter's default: untyped is null, typed is uninitialized.
        const typed = arg['type'] !== null && arg['type'] !== undefined;
        props.push({ name, value: typed ? undefined : { kind: 'null' }, isPrivate: (flags & 4) !== 0 });
      }
    } else if (member.kind === 'traituse') {
      return undefined; // trait properties come from sources we do not have
    }
  }
  return { name: source.name, parent: source.parent, props };
}

/**
 * The layout of class `name` from the plan's class sources, or undefined when it cannot be told
 * exactly: a source missing (the class or a parent), not parseable, traits, a default that is not
 * a literal, or a private property of a parent the child redeclares (two slots of one name).
 */
export function classLayout(classes: readonly ClassSource[], name: string): ClassLayout | undefined {
  const byName = new Map(classes.map((c) => [c.name.toLowerCase(), c]));
  const chain: OwnProps[] = [];
  for (let at: string = name; at !== ''; ) {
    const source = byName.get(at.toLowerCase());
    if (!source || chain.length > 32) return undefined;
    const own = ownProps(source);
    if (!own) return undefined;
    chain.unshift(own);
    at = own.parent;
  }
  const slots: string[] = [];
  const values = new Map<string, PhpValue | undefined>();
  const privateOf = new Map<string, boolean>();
  for (const own of chain) {
    for (const p of own.props) {
      if (p.value === null) return undefined;
      if (values.has(p.name) || slots.includes(p.name)) {
        if (privateOf.get(p.name)) return undefined;
      } else slots.push(p.name);
      values.set(p.name, p.value);
      privateOf.set(p.name, p.isPrivate);
    }
  }
  const defaults: PhpArrayEntry[] = [];
  for (const s of slots) {
    const v = values.get(s);
    if (v !== undefined) defaults.push({ key: s, value: v });
  }
  return { name: byName.get(name.toLowerCase())!.name, slots, defaults };
}

/** A fresh object of the class with its default properties, for extra samples; undefined when not exactly known. */
export function defaultObject(classes: readonly ClassSource[], name: string): PhpValue | undefined {
  const layout = classLayout(classes, name);
  return layout ? { kind: 'object', className: layout.name, props: layout.defaults } : undefined;
}
