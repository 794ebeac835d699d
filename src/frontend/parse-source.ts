// Parses one region's PHP source text with php-parser and finds the function declaration it holds.
import { Engine } from 'php-parser';
import { FrontendDecline } from './frontend-decline.ts';

/** The slice of php-parser's AST the frontend reads; everything is checked by `kind` first. */
export interface AstNode {
  readonly kind: string;
  readonly loc?: { readonly start: { readonly line: number } } | null;
  readonly [key: string]: unknown;
}

const engine = new Engine({
  parser: { php8: true, extractDoc: false, suppressErrors: false },
  ast: { withPositions: true },
  lexer: { short_tags: false },
});

/** Returns the one `function` node of `text` named `lcName` (case-insensitive). */
export function parseFunction(text: string, lcName: string): AstNode {
  let program: AstNode;
  try {
    const trimmed = text.trimStart();
    program = (trimmed.startsWith('<?php') ? engine.parseCode(text, 'region.php') : engine.parseEval(text)) as unknown as AstNode;
  } catch (err) {
    throw new FrontendDecline(`PHP source does not parse: ${(err as Error).message.split('\n')[0]}`);
  }
  const children = (program['children'] as AstNode[] | undefined) ?? [];
  const found = children.filter((c) => c.kind === 'function');
  if (children.some((c) => c.kind === 'namespace')) throw new FrontendDecline('unsupported construct \'namespace\'');
  if (found.length !== 1 || children.length !== 1) {
    const other = children.find((c) => c.kind !== 'function');
    throw new FrontendDecline(other ? `unsupported construct '${other.kind}' at top level` : `expected exactly one function in the region source, found ${found.length}`);
  }
  const fn = fixPowPrecedence(found[0]!);
  const name = (fn['name'] as AstNode | undefined)?.['name'];
  if (typeof name !== 'string' || name.toLowerCase() !== lcName) {
    throw new FrontendDecline('region source declares a different function than planned');
  }
  return fn;
}

/**
 * php-parser binds a cast or `@` tighter than `**`, but PHP binds `**` tighter:
 * `(int)$a ** $b` is `(int)($a ** $b)` (so `(int)2.5 ** 2` is 6, not 4). Re-associate every
 * such unparenthesized prefix so the AST means what PHP computes.
 */
export function fixPowPrecedence(node: AstNode): AstNode {
  const out: Record<string, unknown> = { ...node };
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) out[key] = value.map((v) => (isNode(v) ? fixPowPrecedence(v) : v));
    else if (isNode(value)) out[key] = fixPowPrecedence(value);
  }
  const fixed = out as AstNode;
  const left = fixed['left'];
  if (fixed.kind !== 'bin' || fixed['type'] !== '**' || !isNode(left)) return fixed;
  if ((left.kind !== 'cast' && left.kind !== 'silent') || left['parenthesizedExpression']) return fixed;
  const inner = fixPowPrecedence({ ...fixed, left: left['expr'] as AstNode, parenthesizedExpression: false });
  return { ...left, expr: inner, parenthesizedExpression: fixed['parenthesizedExpression'] } as AstNode;
}

function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as AstNode).kind === 'string';
}

export function lineOf(node: AstNode): number {
  return node.loc?.start.line ?? 1;
}
