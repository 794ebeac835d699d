import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { matchSignature } from '../../src/match/index.ts';
import { openStore } from '../../src/sigdb/index.ts';
import { sig } from '../sigdb/store-conformance.ts';

describe('matchSignature', () => {
  it('finds nothing for a new signature, the decision and deployment for a known one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-match-'));
    const store = await openStore({ location: join(dir, 's.db') });
    try {
      expect(await matchSignature({ id: 's1' }, store)).toEqual({ kind: 'none' });
      await store.putSignature(sig('s1'));
      await store.setDecision({ signatureId: 's1', status: 'declined', stage: 'frontend', reason: 'uses eval' });
      const m = await matchSignature({ id: 's1' }, store);
      expect(m).toMatchObject({ kind: 'exact', decision: { status: 'declined', reason: 'uses eval' } });
      expect('deployment' in m).toBe(false);

      await store.putSignature(sig('s2'));
      const bytes = Buffer.from('so');
      await store.commitDeployment({
        id: 'd2', signatureId: 's2', app: 'app', kernels: [], artifact: bytes,
        artifactSha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(await matchSignature({ id: 's2' }, store)).toMatchObject({ kind: 'exact', decision: { status: 'deployed' }, deployment: { id: 'd2' } });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
