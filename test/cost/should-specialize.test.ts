import { describe, it, expect } from 'vitest';
import { estimatedTimeNs, shouldSpecialize } from '../../src/cost/index.ts';
import { isDeclined } from '../../src/core/declined.ts';
import { profile } from '../ingest/profile-fixture.ts';

describe('shouldSpecialize', () => {
  it('accepts a region with enough calls', () => {
    expect(shouldSpecialize(profile({ calls: 1_000 }))).toBe(true);
    expect(shouldSpecialize(profile({ calls: 10 }), { minCalls: 10 })).toBe(true);
  });

  it('accepts a rarely called region whose estimated inclusive time is large', () => {
    // 100 calls, 10 timed taking 5 ms each → ~500 ms total.
    const p = profile({ calls: 100, timedCalls: 10, timeNs: 50_000_000 });
    expect(estimatedTimeNs(p)).toBe(500_000_000);
    expect(shouldSpecialize(p)).toBe(true);
  });

  it('declines, as a value, what is not worth it yet', () => {
    const d = shouldSpecialize(profile({ calls: 100, timedCalls: 10, timeNs: 1_000 }));
    expect(isDeclined(d)).toBe(true);
    if (!isDeclined(d)) return;
    expect(d.stage).toBe('cost');
    expect(d.region).toBe('/app/fib.php::::fib');
    expect(d.reason).toMatch(/^not worth it yet: 100 calls/);
    expect(isDeclined(shouldSpecialize(profile({ calls: 0, timedCalls: 0, timeNs: 0 })))).toBe(true);
  });

  it('uses configured thresholds', () => {
    const p = profile({ calls: 999, timedCalls: 999, timeNs: 2_000_000 });
    expect(isDeclined(shouldSpecialize(p))).toBe(true);
    expect(shouldSpecialize(p, { minTimeNs: 2_000_000 })).toBe(true);
    expect(shouldSpecialize(p, { minCalls: 999 })).toBe(true);
    expect(isDeclined(shouldSpecialize(profile({ calls: 5000 }), { minCalls: 10_000 }))).toBe(true);
  });
});
