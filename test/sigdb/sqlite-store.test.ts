import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SqliteSignatureStore, storeBackends } from '../../src/sigdb/index.ts';
import { MIGRATIONS } from '../../src/sigdb/sqlite-migrations.ts';
import { describeStoreConformance, sig } from './store-conformance.ts';

describeStoreConformance('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-sigdb-'));
  const location = join(dir, 'nested', 'store.db');
  return {
    open: () => openStore({ kind: 'sqlite', location }),
    reopen: () => openStore({ kind: 'sqlite', location, mustExist: true }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('sqlite store specifics', () => {
  it('runs in WAL mode with the latest schema, and migrating twice is a no-op', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-sigdb-'));
    try {
      const location = join(dir, 's.db');
      const a = new SqliteSignatureStore({ location });
      expect(a.journalMode()).toBe('wal');
      expect(a.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
      await a.putSignature(sig('s1'));
      await a.close();
      const b = new SqliteSignatureStore({ location });
      expect(b.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
      expect(await b.getSignature('s1')).toBeDefined();
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to create a store when it must exist, and rejects unknown backends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-sigdb-'));
    try {
      await expect(openStore({ location: join(dir, 'missing.db'), mustExist: true })).rejects.toThrow(/no store at/);
      await expect(openStore({ kind: 'nosuch', location: 'x' })).rejects.toThrow(/unknown store backend "nosuch"/);
      expect(storeBackends()).toContain('sqlite');
      const junk = join(dir, 'junk.db');
      writeFileSync(junk, 'this is not a database, just text long enough to be read as a header....');
      await expect(openStore({ location: junk })).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
