// The plan carries the world hints of every planned function, joined into one list for the module.
import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import type { RegionProfile, WorldHint } from '../../src/ingest/types.ts';
import { planRegion } from '../../src/plan/index.ts';
import { profile } from '../ingest/profile-fixture.ts';

const ROOT = 'function root($n) {\n    global $LAST;\n    return gen($n) + IM + $LAST;\n}';
const GEN = 'function gen($n) {\n    return $n * IA % IM;\n}';

function withWorld(p: RegionProfile, world: WorldHint[]): RegionProfile {
  return { ...p, source: { ...p.source!, world } };
}

describe('planRegion: world hints', () => {
  it('joins the hints of the root and its callees; a name reported with two types says nothing', () => {
    const root = withWorld(profile({ text: ROOT, name: 'root', file: '/app/m.php' }), [
      { kind: 'global', name: 'LAST', type: 4 },
      { kind: 'constant', name: 'IM', type: 4 },
      { kind: 'constant', name: 'IA', type: 4 },
    ]);
    const gen = withWorld(profile({ text: GEN, name: 'gen', file: '/app/m.php', callers: new Map([[root.key, 1e6]]) }), [
      { kind: 'constant', name: 'IA', type: 5 },
      { kind: 'constant', name: 'IM', type: 4 },
      { kind: 'global', name: 'SEED', type: 6 },
    ]);
    const plan = planRegion(root, [root, gen]);
    if (isDeclined(plan)) throw new Error(plan.reason);
    expect(plan.functions.map((f) => f.functionName)).toEqual(['root', 'gen']);
    expect(plan.world).toEqual([
      { kind: 'global', name: 'LAST', type: 4 },
      { kind: 'constant', name: 'IM', type: 4 },
      { kind: 'constant', name: 'IA', type: 0 },
      { kind: 'global', name: 'SEED', type: 6 },
    ]);
  });

  it('no hints, no world', () => {
    const root = profile({ text: ROOT, name: 'root', file: '/app/m.php' });
    const plan = planRegion(root, [root]);
    if (isDeclined(plan)) throw new Error(plan.reason);
    expect(plan.world).toBeUndefined();
  });
});
