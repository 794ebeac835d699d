// The PHP script that replays argument tuples under php-cli, and the parser of its result lines.
import { StageError } from '../core/declined.ts';
import type { PhpObjectValue, PhpValue } from '../core/php-value.ts';
import type { ClassSource } from '../ingest/types.ts';
import type { PlannedFunction } from '../plan/types.ts';
import { floatFromBitsHex, phpConstLiteral, phpLiteral, phpObjectLiteral, phpStringLiteral } from './php-literal.ts';

export interface PhpCall {
  /** Caller's identifier for the tuple, echoed back with its result. */
  readonly id: number;
  readonly args: readonly PhpValue[];
  /** Globals set before this call (by name); a name of HarnessWorld.globals missing here is unset. */
  readonly globals?: ReadonlyMap<string, PhpValue>;
}

/** The state outside the calls the replay sets up, and which of it it reports after each call. */
export interface HarnessWorld {
  /** Per parameter of the callee: by reference (passed through a variable, reported after the call). */
  readonly byRef?: readonly boolean[];
  /** Global variables set before, and reported after, every call. */
  readonly globals?: readonly string[];
  /** Constants defined once: "N" and "ns\\N" with define(), "A::B" / "ns\\A::B" as class constants. */
  readonly constants?: readonly { readonly name: string; readonly value: PhpValue }[];
  /** Statics reported after every call (ReflectionFunction/ReflectionMethod::getStaticVariables; fn "class::method" for a method). */
  readonly statics?: readonly { readonly fn: string; readonly name: string }[];
  /** User classes declared before the calls, at their source lines where they fit (methods come with their class). */
  readonly classes?: readonly ClassSource[];
}

/** The state after a call: by-reference arguments, globals (absent: unset), statics (absent: unbound). */
export interface PhpAfter {
  readonly byRef: ReadonlyMap<number, PhpValue>;
  /** Every argument that was an object ($this is argument 0 of a method), after the call. */
  readonly objects: ReadonlyMap<number, PhpValue>;
  readonly globals: ReadonlyMap<string, PhpValue>;
  /** Keyed "fn::name". */
  readonly statics: ReadonlyMap<string, PhpValue>;
}

/** What PHP did on one call: returned a value (maybe a non-scalar one) or threw. */
export type PhpOutcome = (
  | { readonly id: number; readonly kind: 'value'; readonly value: PhpValue; readonly output: Buffer }
  | { readonly id: number; readonly kind: 'other'; readonly phpType: string; readonly output: Buffer }
  | {
      readonly id: number;
      readonly kind: 'throw';
      readonly errorClass: string;
      readonly message: string;
      readonly line: number;
      readonly output: Buffer;
    }
) & { readonly after: PhpAfter };

export interface PhpHarness {
  readonly script: string;
  /** True when every function sits at its original source lines, so exception lines are comparable. */
  readonly linesPreserved: boolean;
}

const MARK = '@@polyvirt';
// A PHP (possibly namespaced) function name; anything else must never reach the script.
const NAME_RE = /^[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)*$/;

function splitName(region: string, lcName: string): { namespace: string; qualified: string } {
  if (!NAME_RE.test(lcName)) throw new StageError('verify', region, `not a PHP function name: ${JSON.stringify(lcName)}`);
  const cut = lcName.lastIndexOf('\\');
  return { namespace: cut < 0 ? '' : lcName.slice(0, cut), qualified: `\\${lcName}` };
}

// Helpers live in the global namespace under names no user function is expected to take.
// The value encoding is self-delimiting and space-free: n t f i<dec>; d<16 hex> s<hex>; x<hex type>;
// a<count>{<key><value>…} with keys i<dec>; or s<hex>;.
const HELPERS = `function __polyvirt_encode($r, $top = true) {
  if ($top) $GLOBALS['__polyvirt_shown'] = [];
  if (\\is_int($r)) return 'i' . $r . ';';
  if (\\is_float($r)) return 'd' . \\bin2hex(\\pack('E', $r));
  if (\\is_bool($r)) return $r ? 't' : 'f';
  if ($r === null) return 'n';
  if (\\is_string($r)) return 's' . \\bin2hex($r) . ';';
  if (\\is_array($r)) {
    $s = 'a' . \\count($r) . '{';
    foreach ($r as $k => $v) $s .= (\\is_int($k) ? 'i' . $k . ';' : 's' . \\bin2hex($k) . ';') . __polyvirt_encode($v, false);
    return $s . '}';
  }
  if (__polyvirt_is_user_object($r)) {
    $s = 'O' . __polyvirt_id($r) . ';' . \\bin2hex(\\get_class($r)) . ';';
    if (isset($GLOBALS['__polyvirt_shown'][\\spl_object_id($r)])) return $s . 'r';
    $GLOBALS['__polyvirt_shown'][\\spl_object_id($r)] = true;
    return $s . __polyvirt_encode(__polyvirt_props($r), false);
  }
  return 'x' . \\bin2hex(\\get_debug_type($r)) . ';';
}
// Objects of user classes are values to compare; enums, closures and internal classes are not.
function __polyvirt_is_user_object($r) {
  return \\is_object($r) && !($r instanceof \\UnitEnum) && (new \\ReflectionObject($r))->isUserDefined();
}
// Initialized properties as seen from inside the object's class, in PHP's order.
function __polyvirt_props($o) {
  return (function () { return \\get_object_vars($this); })->call($o);
}
// Objects are numbered per call by first sight: arguments first, then as the results show them.
function __polyvirt_id($o) {
  $h = \\spl_object_id($o);
  if (!isset($GLOBALS['__polyvirt_ids'][$h])) {
    $GLOBALS['__polyvirt_ids'][$h] = \\count($GLOBALS['__polyvirt_ids']);
    $GLOBALS['__polyvirt_keep'][] = $o;
  }
  return $GLOBALS['__polyvirt_ids'][$h];
}
function __polyvirt_register($v) {
  if (\\is_array($v)) { foreach ($v as $e) __polyvirt_register($e); return; }
  if (!__polyvirt_is_user_object($v) || isset($GLOBALS['__polyvirt_ids'][\\spl_object_id($v)])) return;
  __polyvirt_id($v);
  foreach (__polyvirt_props($v) as $e) __polyvirt_register($e);
}
// A recorded object rebuilt without its constructor, its properties set from inside its class.
function __polyvirt_obj($c, $props) {
  $o = (new \\ReflectionClass($c))->newInstanceWithoutConstructor();
  (function () use ($props) { foreach ($props as $k => $v) $this->$k = $v; })->call($o);
  return $o;
}
function __polyvirt_after($refs, $globals, $statics) {
  $g = [];
  foreach ($globals as $n) if (\\array_key_exists($n, $GLOBALS)) $g[$n] = $GLOBALS[$n];
  $st = [];
  foreach ($statics as [$f, $n]) {
    $vars = (\\str_contains($f, '::') ? new \\ReflectionMethod($f) : new \\ReflectionFunction($f))->getStaticVariables();
    if (\\array_key_exists($n, $vars)) $st[$f . '::' . $n] = $vars[$n];
  }
  return __polyvirt_encode($refs) . ' ' . __polyvirt_encode($g) . ' ' . __polyvirt_encode($st);
}
function __polyvirt_drain($level) {
  $out = '';
  while (\\ob_get_level() > $level) $out = \\ob_get_clean() . $out;
  return \\bin2hex($out);
}
function __polyvirt_emit($id, $text) {
  echo '${MARK} ', $id, ' ', $text, "\\n";
  \\flush();
}
echo '${MARK} version ', \\PHP_VERSION_ID, "\\n";
$__polyvirt_level = \\ob_get_level();
`;

/** Source text placed in the script: a function, or a class (which brings its methods). */
interface Placed {
  readonly lineStart: number;
  readonly text: string;
  /** Namespace of the declaration ('' for the global one). */
  readonly namespace: string;
}

function isMethodOf(f: PlannedFunction): boolean {
  return (f.className ?? '') !== '';
}

// Parents before children (a class whose parent is declared later fails at runtime in one script);
// otherwise in line order. Reports whether that kept the line order.
function classOrder(classes: readonly ClassSource[]): { ordered: ClassSource[]; inLineOrder: boolean } {
  const byLine = [...classes].sort((a, b) => a.lineStart - b.lineStart);
  const lc = (n: string): string => n.replace(/^\\/, '').toLowerCase();
  const names = new Set(byLine.map((c) => lc(c.name)));
  const ordered: ClassSource[] = [];
  const placed = new Set<string>();
  const place = (c: ClassSource, depth: number): void => {
    if (placed.has(lc(c.name)) || depth > 64) return;
    const parent = byLine.find((p) => lc(p.name) === lc(c.parent));
    if (parent && names.has(lc(c.parent))) place(parent, depth + 1);
    placed.add(lc(c.name));
    ordered.push(c);
  };
  for (const c of byLine) place(c, 0);
  return { ordered, inLineOrder: ordered.every((c, i) => c === byLine[i]) };
}

/**
 * Builds the replay script: every planned function's source and every class of the world (which
 * brings the planned methods) at their original line numbers where they do not overlap (each in
 * a braced namespace block), the world's constants, then per tuple its globals, the objects it
 * passes (rebuilt without constructors, the same id being one object) and one guarded call —
 * `$this->method()` for an instance method, with $this first in the tuple — whose result line
 * carries the exact value (ints decimal, floats as bits, strings as hex, arrays in order, objects
 * with their identity and properties), or the exception, the argument objects after the call, the
 * call's output in hex, and the by-reference arguments, globals and statics after the call.
 */
export function buildPhpHarness(
  region: string,
  functions: readonly PlannedFunction[],
  callee: string,
  calls: readonly PhpCall[],
  world: HarnessWorld = {},
): PhpHarness {
  const method = functions.find((f) => f.lcName === callee && isMethodOf(f));
  if (!method) splitName(region, callee);
  const seen = new Set<string>();
  const placedFunctions: Placed[] = [];
  for (const f of functions) {
    if (isMethodOf(f)) continue;
    splitName(region, f.lcName);
    if (seen.has(f.lcName)) continue;
    seen.add(f.lcName);
    placedFunctions.push({ lineStart: f.source.lineStart, text: f.source.text, namespace: splitName(region, f.lcName).namespace });
  }
  const classes = classOrder(world.classes ?? []);
  const placedClasses = classes.ordered.map((c): Placed => ({ lineStart: c.lineStart, text: c.text, namespace: splitName(region, c.name.toLowerCase()).namespace }));
  // Everything by line when that declares parents first (a stable sort keeps that order); else the
  // classes after the functions, parents first, and the lines are not preserved.
  const byLine = (a: Placed, b: Placed): number => a.lineStart - b.lineStart;
  const layout = classes.inLineOrder ? [...placedFunctions, ...placedClasses].sort(byLine) : [...placedFunctions.sort(byLine), ...placedClasses];

  let script = '<?php';
  let line = 1;
  let linesPreserved = true;
  for (const f of layout) {
    const start = f.lineStart;
    if (start >= line) {
      script += '\n'.repeat(start - line);
      line = start;
    } else {
      linesPreserved = false;
      script += '\n';
      line += 1;
    }
    const text = f.text;
    // Close the block on the declaration's last line unless a line comment could swallow the brace.
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    const closeInline = text.trimEnd().endsWith('}') && !/\/\/|#/.test(lastLine);
    script += ` namespace ${f.namespace} { ${text}${closeInline ? ' }' : '\n}'}`;
    line += (text.match(/\n/g)?.length ?? 0) + (closeInline ? 0 : 1);
  }

  script += classConstants(region, world.constants ?? []);
  script += '\nnamespace {\n' + HELPERS;
  for (const c of world.constants ?? []) {
    if (!c.name.includes('::')) script += `\\define(${phpStringLiteral(c.name)}, ${phpLiteral(c.value)});\n`;
  }
  const globalNames = world.globals ?? [];
  const statics = world.statics ?? [];
  for (const st of statics) for (const part of st.fn.split('::')) splitName(region, part);
  const staticList = `[${statics.map((st) => `[${phpStringLiteral(st.fn)}, ${phpStringLiteral(st.name)}]`).join(', ')}]`;
  const globalList = `[${globalNames.map(phpStringLiteral).join(', ')}]`;
  const invoke = method ? methodInvoker(region, method) : `\\${callee}`;
  for (const call of calls) {
    // $this is argument 0 of an instance method; by-reference flags are per declared parameter.
    const self = method?.isMethod ? 1 : 0;
    const byRef = call.args.map((_, i) => i >= self && (world.byRef ?? [])[i - self] === true);
    let setup = `$GLOBALS['__polyvirt_ids'] = []; $GLOBALS['__polyvirt_keep'] = []; `;
    for (const g of globalNames) {
      const v = call.globals?.get(g);
      setup += v === undefined ? `unset($GLOBALS[${phpStringLiteral(g)}]); ` : `$GLOBALS[${phpStringLiteral(g)}] = ${phpLiteral(v)}; `;
    }
    // Objects are built once per identity and passed by handle; the rest are plain literals.
    const objectVars = new Map<number, string>();
    let objectCount = 0;
    const objectVar = (o: PhpObjectValue): string => {
      const known = o.id === undefined ? undefined : objectVars.get(o.id);
      if (known) return known;
      const name = `$__polyvirt_o${objectCount++}`;
      if (o.id !== undefined) objectVars.set(o.id, name);
      const built = phpObjectLiteral(o, (v) => phpLiteral(v, objectVar));
      setup += `${name} = ${built}; `;
      return name;
    };
    const holdsObject = (v: PhpValue): boolean => v.kind === 'object' || (v.kind === 'array' && v.entries.some((e) => holdsObject(e.value)));
    // Arguments that are written (by reference) or hold objects go through variables, reported after the call.
    const viaVar = call.args.map((a, i) => byRef[i] || holdsObject(a));
    call.args.forEach((a, i) => {
      if (!viaVar[i]) return;
      // Built first: building appends the objects' own assignments to the setup.
      const literal = phpLiteral(a, objectVar);
      setup += `$__polyvirt_a${i} = ${literal}; `;
    });
    const args = call.args.map((a, i) => (viaVar[i] ? `$__polyvirt_a${i}` : phpLiteral(a)));
    setup += `__polyvirt_register([${args.join(', ')}]); `;
    const refs = `[${call.args.flatMap((_, i) => (byRef[i] ? [`${i} => $__polyvirt_a${i}`] : [])).join(', ')}]`;
    const objects = `__polyvirt_encode([${call.args.flatMap((a, i) => (a.kind === 'object' ? [`${i} => $__polyvirt_a${i}`] : [])).join(', ')}])`;
    const after = `${objects} . ' ' . __polyvirt_drain($__polyvirt_level) . ' ' . __polyvirt_after(${refs}, ${globalList}, ${staticList})`;
    script +=
      `${setup}\\ob_start();\n` +
      `try { $__polyvirt_r = ${invoke}(${args.join(', ')}); ` +
      `__polyvirt_emit(${call.id}, 'v' . __polyvirt_encode($__polyvirt_r) . ' ' . ${after}); }\n` +
      `catch (\\Throwable $__polyvirt_e) { __polyvirt_emit(${call.id}, 'e:' . \\bin2hex(\\get_class($__polyvirt_e)) . ':' . ` +
      `\\bin2hex($__polyvirt_e->getMessage()) . ':' . $__polyvirt_e->getLine() . ' ' . ${after}); }\n`;
  }
  script += '}\n';
  return { script, linesPreserved };
}

const IDENT_ONLY_RE = /^[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*$/;

/**
 * A callable expression that calls the method from inside its class (so private and protected
 * methods are reachable, as they are from the code that called them): `$this->m(...)` with $this
 * first for an instance method, `C::m(...)` for a static one. By-reference parameters stay so.
 */
function methodInvoker(region: string, f: PlannedFunction): string {
  const cls = f.className ?? '';
  splitName(region, cls.toLowerCase());
  if (!IDENT_ONLY_RE.test(f.functionName)) throw new StageError('verify', region, `not a PHP method name: ${JSON.stringify(f.functionName)}`);
  const params = f.paramTypes.map((_, i) => `${f.byRef[i] ? '&' : ''}$p${i}`);
  const pass = f.paramTypes.map((_, i) => `$p${i}`).join(', ');
  const qualified = `\\${cls}`;
  const body = f.isMethod
    ? `static function ($__polyvirt_self${params.map((p) => `, ${p}`).join('')}) { return $__polyvirt_self->${f.functionName}(${pass}); }`
    : `static function (${params.join(', ')}) { return ${qualified}::${f.functionName}(${pass}); }`;
  return `(\\Closure::bind(${body}, null, ${qualified}::class))`;
}

const IDENT_RE = /^[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*$/;

// "A::B" constants need a class: one declaration per class, in its namespace, after the functions
// so their source lines stay where they were. The planned functions never declare classes.
function classConstants(region: string, constants: readonly { readonly name: string; readonly value: PhpValue }[]): string {
  const classes = new Map<string, string[]>();
  for (const c of constants) {
    const cut = c.name.indexOf('::');
    if (cut < 0) continue;
    const cls = c.name.slice(0, cut).replace(/^\\/, '');
    const constName = c.name.slice(cut + 2);
    splitName(region, cls.toLowerCase());
    if (!IDENT_RE.test(constName)) throw new StageError('verify', region, `not a PHP constant name: ${JSON.stringify(constName)}`);
    const list = classes.get(cls) ?? [];
    list.push(`const ${constName} = ${phpConstLiteral(c.value)};`);
    classes.set(cls, list);
  }
  let out = '';
  for (const [cls, consts] of classes) {
    const cut = cls.lastIndexOf('\\');
    out += `\nnamespace ${cut < 0 ? '' : cls.slice(0, cut)} { class ${cls.slice(cut + 1)} { ${consts.join(' ')} } }`;
  }
  return out;
}

export interface ParsedHarnessOutput {
  /** PHP_VERSION_ID of the php binary, when it got that far. */
  readonly versionId?: number;
  readonly outcomes: Map<number, PhpOutcome>;
}

function hexText(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

/** A value the encoding cannot carry (an object somewhere inside): the PHP type it was. */
class NotAValue {
  constructor(readonly phpType: string) {}
}

/** Decodes __polyvirt_encode's text; undefined when malformed. Strings come back binary (latin1). */
export function decodeValue(text: string): PhpValue | NotAValue | undefined {
  let pos = 0;
  const until = (end: string, re: RegExp): string | undefined => {
    const stop = text.indexOf(end, pos);
    if (stop < 0) return undefined;
    const body = text.slice(pos, stop);
    if (!re.test(body)) return undefined;
    pos = stop + 1;
    return body;
  };
  let other: NotAValue | undefined;
  const one = (depth: number): PhpValue | undefined => {
    if (depth > 64) return undefined;
    const tag = text[pos++];
    switch (tag) {
      case 'n':
        return { kind: 'null' };
      case 't':
      case 'f':
        return { kind: 'bool', value: tag === 't' };
      case 'i': {
        const d = until(';', /^-?\d{1,19}$/);
        return d === undefined ? undefined : { kind: 'int', value: BigInt(d) };
      }
      case 'd': {
        const hex = text.slice(pos, pos + 16);
        if (!/^[0-9a-f]{16}$/.test(hex)) return undefined;
        pos += 16;
        return { kind: 'float', value: floatFromBitsHex(hex) };
      }
      case 's': {
        const hex = until(';', /^(?:[0-9a-f]{2})*$/);
        return hex === undefined ? undefined : { kind: 'string', value: Buffer.from(hex, 'hex').toString('latin1') };
      }
      case 'x': {
        const hex = until(';', /^(?:[0-9a-f]{2})*$/);
        if (hex === undefined) return undefined;
        other ??= new NotAValue(depth === 0 ? hexText(hex) : `array holding ${hexText(hex)}`);
        return { kind: 'null' };
      }
      case 'O': {
        // O<id>;<hex class>; then r (shown earlier in this value) or the properties as an array.
        const id = until(';', /^\d{1,9}$/);
        const cls = id === undefined ? undefined : until(';', /^(?:[0-9a-f]{2})+$/);
        if (id === undefined || cls === undefined) return undefined;
        const className = Buffer.from(cls, 'hex').toString('latin1');
        if (text[pos] === 'r') {
          pos++;
          return { kind: 'object', className, props: [], id: Number(id), repeat: true };
        }
        const props = one(depth + 1);
        if (props === undefined || props.kind !== 'array') return undefined;
        return { kind: 'object', className, props: props.entries, id: Number(id) };
      }
      case 'a': {
        const n = until('{', /^\d{1,9}$/);
        if (n === undefined) return undefined;
        const entries: { key: bigint | string; value: PhpValue }[] = [];
        for (let i = 0; i < Number(n); i++) {
          const kt = text[pos++];
          const key = kt === 'i' ? until(';', /^-?\d{1,19}$/) : kt === 's' ? until(';', /^(?:[0-9a-f]{2})*$/) : undefined;
          if (key === undefined) return undefined;
          const value = one(depth + 1);
          if (value === undefined) return undefined;
          entries.push({ key: kt === 'i' ? BigInt(key) : Buffer.from(key, 'hex').toString('latin1'), value });
        }
        if (text[pos++] !== '}') return undefined;
        return { kind: 'array', entries };
      }
      default:
        return undefined;
    }
  };
  const v = one(0);
  if (v === undefined || pos !== text.length) return undefined;
  return other ?? v;
}

function decodeMap<K>(text: string, key: (k: bigint | string) => K): Map<K, PhpValue> | undefined {
  const v = decodeValue(text);
  if (v === undefined || v instanceof NotAValue || v.kind !== 'array') return undefined;
  return new Map(v.entries.map((e) => [key(e.key), e.value]));
}

function parseAfter(objects: string, refs: string, globals: string, statics: string): PhpAfter | undefined {
  const objs = decodeMap(objects, (k) => Number(k));
  const byRef = decodeMap(refs, (k) => Number(k));
  const g = decodeMap(globals, (k) => String(k));
  const st = decodeMap(statics, (k) => String(k));
  return objs && byRef && g && st ? { objects: objs, byRef, globals: g, statics: st } : undefined;
}

function parseResult(id: number, body: string, output: Buffer, after: PhpAfter): PhpOutcome | undefined {
  if (body.startsWith('v')) {
    const v = decodeValue(body.slice(1));
    if (v === undefined) return undefined;
    if (v instanceof NotAValue) return { id, kind: 'other', phpType: v.phpType, output, after };
    return { id, kind: 'value', value: v, output, after };
  }
  const m = /^e:([0-9a-f]*):([0-9a-f]*):(\d+)$/.exec(body);
  if (m) return { id, kind: 'throw', errorClass: hexText(m[1]!), message: hexText(m[2]!), line: Number(m[3]), output, after };
  return undefined;
}

/** Reads the harness's result lines; lines that are not complete result lines are ignored. */
export function parseHarnessOutput(stdout: string): ParsedHarnessOutput {
  let versionId: number | undefined;
  const outcomes = new Map<number, PhpOutcome>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(`${MARK} `)) continue;
    const fields = line.slice(MARK.length + 1).split(' ');
    if (fields[0] === 'version' && fields.length === 2) {
      versionId = Number(fields[1]);
      continue;
    }
    // id, result, argument objects after, output (hex), by-reference arguments, globals, statics.
    if (fields.length !== 7 || !/^\d+$/.test(fields[0]!) || !/^[0-9a-f]*$/.test(fields[3]!)) continue;
    const id = Number(fields[0]);
    const after = parseAfter(fields[2]!, fields[4]!, fields[5]!, fields[6]!);
    if (!after) continue;
    const outcome = parseResult(id, fields[1]!, Buffer.from(fields[3]!, 'hex'), after);
    if (outcome) outcomes.set(id, outcome);
  }
  return { versionId, outcomes };
}
