// Whether a method region declares a static method: read from its own source text, since profiles do not say.
import { Engine } from 'php-parser';

const engine = new Engine({
  parser: { php8: true, extractDoc: false, suppressErrors: false },
  ast: { withPositions: false },
  lexer: { short_tags: false },
});

interface MethodNode {
  readonly kind: string;
  readonly name?: { readonly name?: unknown } | string;
  readonly isStatic?: boolean;
  readonly isAbstract?: boolean;
}

export interface MethodKind {
  readonly isStatic: boolean;
}

/**
 * The method `functionName` declared by `text` (a method's lines, as cut from its class), or a
 * reason why it cannot be told: the text is wrapped in a throwaway class so php-parser accepts it.
 */
export function methodKind(text: string, functionName: string): MethodKind | string {
  let program: { children?: { body?: MethodNode[] }[] };
  try {
    program = engine.parseEval(`class __polyvirt_probe {\n${text}\n}`) as unknown as typeof program;
  } catch (err) {
    return `method source does not parse: ${(err as Error).message.split('\n')[0]}`;
  }
  const body = program.children?.[0]?.body ?? [];
  const methods = body.filter((m) => m.kind === 'method');
  const lc = functionName.toLowerCase();
  const found = methods.filter((m) => {
    const name = typeof m.name === 'string' ? m.name : m.name?.name;
    return typeof name === 'string' && name.toLowerCase() === lc;
  });
  if (found.length !== 1 || body.length !== 1) return `expected exactly the method ${functionName} in the region source`;
  if (found[0]!.isAbstract) return `method ${functionName} is abstract`;
  return { isStatic: found[0]!.isStatic === true };
}
