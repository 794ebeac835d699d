// The PHP script that replays argument tuples under php-cli, and the parser of its result lines.
import { StageError } from '../core/declined.ts';
import type { PhpValue } from '../core/php-value.ts';
import type { PlannedFunction } from '../plan/types.ts';
import { floatFromBitsHex, phpLiteral } from './php-literal.ts';

export interface PhpCall {
  /** Caller's identifier for the tuple, echoed back with its result. */
  readonly id: number;
  readonly args: readonly PhpValue[];
}

/** What PHP did on one call: returned a value (maybe a non-scalar one) or threw. */
export type PhpOutcome =
  | { readonly id: number; readonly kind: 'value'; readonly value: PhpValue; readonly output: Buffer }
  | { readonly id: number; readonly kind: 'other'; readonly phpType: string; readonly output: Buffer }
  | {
      readonly id: number;
      readonly kind: 'throw';
      readonly errorClass: string;
      readonly message: string;
      readonly line: number;
      readonly output: Buffer;
    };

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
const HELPERS = `function __polyvirt_encode($r) {
  if (\\is_int($r)) return 'i:' . $r;
  if (\\is_float($r)) return 'd:' . \\bin2hex(\\pack('E', $r));
  if (\\is_bool($r)) return $r ? 'b:1' : 'b:0';
  if ($r === null) return 'n';
  return 'x:' . \\bin2hex(\\get_debug_type($r));
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

/**
 * Builds the replay script: every planned function's source at its original line numbers where
 * they do not overlap (each in a braced namespace block), then one guarded call per tuple whose
 * result line carries the exact value (ints decimal, floats as bits), or the exception, plus the
 * call's output in hex.
 */
export function buildPhpHarness(region: string, functions: readonly PlannedFunction[], callee: string, calls: readonly PhpCall[]): PhpHarness {
  const target = splitName(region, callee);
  const seen = new Set<string>();
  const unique = functions.filter((f) => {
    splitName(region, f.lcName);
    if (seen.has(f.lcName)) return false;
    seen.add(f.lcName);
    return true;
  });
  const ordered = [...unique].sort((a, b) => a.source.lineStart - b.source.lineStart);

  let script = '<?php';
  let line = 1;
  let linesPreserved = true;
  for (const f of ordered) {
    const start = f.source.lineStart;
    if (start >= line) {
      script += '\n'.repeat(start - line);
      line = start;
    } else {
      linesPreserved = false;
      script += '\n';
      line += 1;
    }
    const text = f.source.text;
    const ns = splitName(region, f.lcName).namespace;
    // Close the block on the function's last line unless a line comment could swallow the brace.
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    const closeInline = text.trimEnd().endsWith('}') && !/\/\/|#/.test(lastLine);
    script += ` namespace ${ns} { ${text}${closeInline ? ' }' : '\n}'}`;
    line += (text.match(/\n/g)?.length ?? 0) + (closeInline ? 0 : 1);
  }

  script += '\nnamespace {\n' + HELPERS;
  for (const call of calls) {
    const args = call.args.map(phpLiteral).join(', ');
    script +=
      `\\ob_start();\n` +
      `try { $__polyvirt_r = ${target.qualified}(${args}); ` +
      `__polyvirt_emit(${call.id}, __polyvirt_encode($__polyvirt_r) . ' ' . __polyvirt_drain($__polyvirt_level)); }\n` +
      `catch (\\Throwable $__polyvirt_e) { __polyvirt_emit(${call.id}, 'e:' . \\bin2hex(\\get_class($__polyvirt_e)) . ':' . ` +
      `\\bin2hex($__polyvirt_e->getMessage()) . ':' . $__polyvirt_e->getLine() . ' ' . __polyvirt_drain($__polyvirt_level)); }\n`;
  }
  script += '}\n';
  return { script, linesPreserved };
}

export interface ParsedHarnessOutput {
  /** PHP_VERSION_ID of the php binary, when it got that far. */
  readonly versionId?: number;
  readonly outcomes: Map<number, PhpOutcome>;
}

function hexText(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

function parseResult(id: number, body: string, output: Buffer): PhpOutcome | undefined {
  if (body === 'n') return { id, kind: 'value', value: { kind: 'null' }, output };
  const tag = body.slice(0, 2);
  const rest = body.slice(2);
  if (tag === 'i:' && /^-?\d+$/.test(rest)) return { id, kind: 'value', value: { kind: 'int', value: BigInt(rest) }, output };
  if (tag === 'd:' && /^[0-9a-f]{16}$/.test(rest)) return { id, kind: 'value', value: { kind: 'float', value: floatFromBitsHex(rest) }, output };
  if (tag === 'b:' && (rest === '0' || rest === '1')) return { id, kind: 'value', value: { kind: 'bool', value: rest === '1' }, output };
  if (tag === 'x:') return { id, kind: 'other', phpType: hexText(rest), output };
  const m = /^e:([0-9a-f]*):([0-9a-f]*):(\d+)$/.exec(body);
  if (m) return { id, kind: 'throw', errorClass: hexText(m[1]!), message: hexText(m[2]!), line: Number(m[3]), output };
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
    if (fields.length !== 3 || !/^\d+$/.test(fields[0]!) || !/^[0-9a-f]*$/.test(fields[2]!)) continue;
    const id = Number(fields[0]);
    const outcome = parseResult(id, fields[1]!, Buffer.from(fields[2]!, 'hex'));
    if (outcome) outcomes.set(id, outcome);
  }
  return { versionId, outcomes };
}
