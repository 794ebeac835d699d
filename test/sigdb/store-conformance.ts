// Conformance suite every SignatureStore backend must pass (sqlite now, redis later): call it from a backend's test file.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import type { SignatureInput, SignatureStore } from '../../src/sigdb/types.ts';

export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<SignatureStore>;
  /** The same store again after close(), to prove durability. */
  reopen(): Promise<SignatureStore>;
  cleanup(): Promise<void>;
}

export function sig(id: string, o: Partial<SignatureInput> = {}): SignatureInput {
  return {
    id,
    app: 'app',
    regionKey: `/app/x.php::::${id}`,
    sourceSha256: 'ab'.repeat(32),
    graphJson: '{"nodes":[],"edges":[]}',
    dominantArgTypes: [4],
    calls: 10,
    timedCalls: 1,
    timeNs: 100,
    argTypes: [{ types: [4], count: 10 }],
    ...o,
  };
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export function describeStoreConformance(name: string, makeHarness: () => StoreHarness): void {
  describe(`SignatureStore conformance: ${name}`, () => {
    let h: StoreHarness;
    let store: SignatureStore;

    beforeEach(async () => {
      h = makeHarness();
      store = await h.open();
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup();
    });

    it('stores, updates and lists signatures', async () => {
      await store.putSignature(sig('s2', { app: 'b' }));
      await store.putSignature(sig('s1'));
      const first = (await store.getSignature('s1'))!;
      expect(first).toMatchObject({ ...sig('s1') });
      await store.putSignature(sig('s1', { calls: 99, argTypes: [{ types: [4], count: 99 }], graphJson: '{"n":1}' }));
      const second = (await store.getSignature('s1'))!;
      expect(second.calls).toBe(99);
      expect(second.graphJson).toBe('{"n":1}');
      expect(second.firstSeen).toBe(first.firstSeen);
      expect(second.lastSeen).toBeGreaterThanOrEqual(first.lastSeen);
      expect((await store.listSignatures()).map((s) => s.id)).toEqual(['s1', 's2']);
      expect((await store.listSignatures({ app: 'b' })).map((s) => s.id)).toEqual(['s2']);
      expect(await store.getSignature('nope')).toBeUndefined();
      await store.putSignature(sig('s3', { dominantArgTypes: undefined }));
      expect((await store.getSignature('s3'))!.dominantArgTypes).toBeUndefined();
    });

    it('keeps one decision per signature and its creation time', async () => {
      await store.putSignature(sig('s1'));
      const a = await store.setDecision({ signatureId: 's1', status: 'pending', stage: 'cost', reason: 'not worth it yet' });
      const b = await store.setDecision({ signatureId: 's1', status: 'declined', stage: 'frontend', reason: 'uses eval' });
      expect(b).toMatchObject({ signatureId: 's1', status: 'declined', stage: 'frontend', reason: 'uses eval' });
      expect(b.createdAt).toBe(a.createdAt);
      expect(b.updatedAt).toBeGreaterThan(a.updatedAt);
      expect(await store.getDecision('s1')).toEqual(b);
      expect(await store.getDecision('s2')).toBeUndefined();
    });

    it('refuses a decision for an unknown signature', async () => {
      await expect(store.setDecision({ signatureId: 'ghost', status: 'pending', stage: 'x', reason: '' })).rejects.toThrow();
      expect(await store.getDecision('ghost')).toBeUndefined();
    });

    it('stores artifacts by content', async () => {
      const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 255]);
      const id = await store.putArtifact(bytes);
      expect(id).toBe(sha(bytes));
      expect(await store.putArtifact(bytes)).toBe(id);
      expect([...(await store.getArtifact(id))!]).toEqual([...bytes]);
      expect(await store.getArtifact('00'.repeat(32))).toBeUndefined();
    });

    it('commits a deployment with its artifact and decision, records outcomes, reverts', async () => {
      await store.putSignature(sig('s1'));
      const bytes = Buffer.from('not really an ELF');
      const kernels = [{ regionKey: '/app/x.php::::s1', sourceSha256: 'ab'.repeat(32), guardTypes: [4] }];
      const d = await store.commitDeployment({ id: 'dep1', signatureId: 's1', app: 'app', kernels, artifact: bytes, artifactSha256: sha(bytes), reason: 'ok' });
      expect(d).toMatchObject({ id: 'dep1', signatureId: 's1', app: 'app', artifactSha256: sha(bytes), kernels, status: 'active', installed: 0, failed: 0 });
      expect(await store.getDecision('s1')).toMatchObject({ status: 'deployed', deploymentId: 'dep1', stage: 'deploy', reason: 'ok' });
      expect(Buffer.from((await store.getArtifact(sha(bytes)))!).toString()).toBe('not really an ELF');
      expect((await store.listDeployments({ app: 'app', status: 'active' })).map((x) => x.id)).toEqual(['dep1']);
      expect(await store.listDeployments({ app: 'other' })).toEqual([]);

      const k = { regionKey: '/app/x.php::::s1', nativeCalls: 10, guardFailures: 1, deopts: 2, throws: 0 };
      expect(await store.recordOutcome('dep1', { installed: true, error: '', kernels: [k] })).toBe(true);
      expect(await store.recordOutcome('dep1', { installed: false, error: 'dlopen failed', kernels: [k] })).toBe(true);
      expect(await store.recordOutcome('nope', { installed: true, error: '', kernels: [] })).toBe(false);
      const after = (await store.getDeployment('dep1'))!;
      expect(after).toMatchObject({ installed: 1, failed: 1, lastError: 'dlopen failed' });
      expect(after.counters['/app/x.php::::s1']).toEqual({ nativeCalls: 20, guardFailures: 2, deopts: 4, throws: 0 });

      expect(await store.revertDeployment('dep1', 'slower')).toBe(true);
      expect(await store.revertDeployment('nope', 'x')).toBe(false);
      expect(await store.getDeployment('dep1')).toMatchObject({ status: 'reverted', revertReason: 'slower' });
      expect(await store.getDecision('s1')).toMatchObject({ status: 'declined', reason: 'reverted: slower' });
      expect(await store.listDeployments({ status: 'active' })).toEqual([]);
    });

    it('a failing transaction leaves nothing behind', async () => {
      const bytes = Buffer.from('artifact bytes');
      // Unknown signature: the artifact row written first must be rolled back with the rest.
      await expect(
        store.commitDeployment({ id: 'dep1', signatureId: 'ghost', app: 'app', kernels: [], artifact: bytes, artifactSha256: sha(bytes) }),
      ).rejects.toThrow();
      expect(await store.getArtifact(sha(bytes))).toBeUndefined();
      expect(await store.getDeployment('dep1')).toBeUndefined();
      // Wrong digest.
      await store.putSignature(sig('s1'));
      await expect(
        store.commitDeployment({ id: 'dep2', signatureId: 's1', app: 'app', kernels: [], artifact: bytes, artifactSha256: 'cd'.repeat(32) }),
      ).rejects.toThrow(/does not match/);
      expect(await store.getArtifact(sha(bytes))).toBeUndefined();
      expect(await store.getDeployment('dep2')).toBeUndefined();
      expect(await store.getDecision('s1')).toBeUndefined();
      // Duplicate deployment id: the second commit changes nothing.
      await store.putSignature(sig('s2'));
      await store.commitDeployment({ id: 'dep3', signatureId: 's1', app: 'app', kernels: [], artifact: bytes, artifactSha256: sha(bytes) });
      const other = Buffer.from('other bytes');
      await expect(
        store.commitDeployment({ id: 'dep3', signatureId: 's2', app: 'app', kernels: [], artifact: other, artifactSha256: sha(other) }),
      ).rejects.toThrow();
      expect(await store.getArtifact(sha(other))).toBeUndefined();
      expect(await store.getDecision('s2')).toBeUndefined();
    });

    it('survives close and reopen', async () => {
      await store.putSignature(sig('s1'));
      await store.setDecision({ signatureId: 's1', status: 'declined', stage: 'verify', reason: 'mismatch on (3)' });
      await store.close();
      store = await h.reopen();
      expect((await store.getSignature('s1'))!.calls).toBe(10);
      expect(await store.getDecision('s1')).toMatchObject({ status: 'declined', reason: 'mismatch on (3)' });
    });
  });
}
