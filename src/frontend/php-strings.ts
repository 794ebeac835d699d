// Decodes PHP string literals from their raw source text into PHP's bytes (one char per byte), escapes exactly as PHP 8.2 does.
import { FrontendDecline } from './frontend-decline.ts';

/** Source text (UTF-16 JS string of the UTF-8 file) → the bytes PHP sees, as a binary string. */
export function sourceBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** A single-quoted literal's body (without quotes): only `\\` and `\'` are escapes. */
export function decodeSingleQuoted(body: string): string {
  return sourceBytes(body.replace(/\\([\\'])/g, '$1'));
}

const SIMPLE: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$' };

/**
 * A double-quoted or heredoc literal segment: `\n \t \r \v \e \f \\ \$`, `\"` (double quotes
 * only), octal `\[0-7]{1,3}` (PHP keeps the low byte of an overflowing \4xx–\7xx), `\x` with one
 * or two hex digits, `\u{…}` as UTF-8; any other backslash stays as written.
 */
export function decodeDoubleQuoted(raw: string, heredoc: boolean): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c !== '\\' || i + 1 >= raw.length) {
      // A source character: its UTF-8 bytes (the file is UTF-8; escapes below produce raw bytes).
      const cp = raw.codePointAt(i)!;
      out += utf8Of(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const n = raw[i + 1]!;
    const simple = SIMPLE[n];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (n === '"' && !heredoc) {
      out += '"';
      i += 2;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(raw.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += 1 + m.length;
    } else if (n === 'x' && /[0-9A-Fa-f]/.test(raw[i + 2] ?? '')) {
      const m = /^[0-9A-Fa-f]{1,2}/.exec(raw.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(m, 16));
      i += 2 + m.length;
    } else if (n === 'u' && raw[i + 2] === '{') {
      const m = /^\{([0-9A-Fa-f]+)\}/.exec(raw.slice(i + 2));
      if (!m) throw new FrontendDecline('invalid \\u{} escape');
      const cp = parseInt(m[1]!, 16);
      if (cp > 0x10ffff) throw new FrontendDecline('invalid \\u{} escape');
      out += utf8Of(cp);
      i += 2 + m[0].length;
    } else {
      out += '\\';
      i++;
    }
  }
  return out;
}

/** UTF-8 bytes of a code point, as PHP's \u{} (surrogates included, as PHP does not check them). */
function utf8Of(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/**
 * Removes a flexible heredoc's closing-marker indentation (PHP 7.3+) from a literal segment.
 * `atLineStart`: the segment begins a line of the heredoc body.
 */
export function dedent(raw: string, indent: number, atLineStart: boolean): string {
  if (indent === 0) return raw;
  const strip = (line: string) => {
    let k = 0;
    while (k < indent && (line[k] === ' ' || line[k] === '\t')) k++;
    return line.slice(k);
  };
  return raw
    .split('\n')
    .map((line, i) => (i === 0 && !atLineStart ? line : strip(line)))
    .join('\n');
}

/** Indentation of a heredoc/nowdoc closing marker, from the node's raw text. */
export function closingIndent(raw: string, label: string): number {
  const lastNl = raw.lastIndexOf('\n');
  const tail = raw.slice(lastNl + 1);
  if (!tail.endsWith(label)) throw new FrontendDecline('unsupported heredoc form');
  const ws = tail.slice(0, tail.length - label.length);
  if (!/^[ \t]*$/.test(ws)) throw new FrontendDecline('unsupported heredoc form');
  return ws.length;
}
