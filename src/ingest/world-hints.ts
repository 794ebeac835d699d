// Joins world hints (types of the constants and globals a region names) seen by several processes or regions.
import type { WorldHint } from './types.ts';

/**
 * One hint per (kind, name). Two reports of one name agree or say nothing: a constant or global
 * seen with different types (or undefined once) gets type 0, so nothing specializes on it —
 * a guard on either type would DEOPT on the other. Order: first appearance.
 */
export function joinWorldHints(...lists: readonly (readonly WorldHint[] | undefined)[]): WorldHint[] {
  const byId = new Map<string, WorldHint>();
  for (const list of lists) {
    for (const h of list ?? []) {
      const id = `${h.kind}:${h.name}`;
      const have = byId.get(id);
      if (!have) byId.set(id, h);
      else if (have.type !== h.type) byId.set(id, { kind: h.kind, name: h.name, type: 0 });
    }
  }
  return [...byId.values()];
}
