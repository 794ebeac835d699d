// Schema of the SQLite store as an ordered list of migrations; applied versions are recorded in schema_migrations.
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE signatures (
        id TEXT PRIMARY KEY,
        app TEXT NOT NULL,
        region_key TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        graph_json TEXT NOT NULL,
        dominant_json TEXT,
        calls INTEGER NOT NULL,
        timed_calls INTEGER NOT NULL,
        time_ns INTEGER NOT NULL,
        arg_types_json TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
      );
      CREATE INDEX signatures_by_app ON signatures (app, region_key);
      CREATE TABLE decisions (
        signature_id TEXT PRIMARY KEY REFERENCES signatures (id),
        status TEXT NOT NULL CHECK (status IN ('pending', 'compiling', 'declined', 'deployed')),
        reason TEXT NOT NULL,
        stage TEXT NOT NULL,
        deployment_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE artifacts (
        sha256 TEXT PRIMARY KEY,
        bytes BLOB NOT NULL,
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE deployments (
        id TEXT PRIMARY KEY,
        signature_id TEXT NOT NULL REFERENCES signatures (id),
        app TEXT NOT NULL,
        artifact_sha256 TEXT NOT NULL REFERENCES artifacts (sha256),
        kernels_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'reverted')),
        revert_reason TEXT,
        created_at INTEGER NOT NULL,
        installed_count INTEGER NOT NULL DEFAULT 0,
        failed_count INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX deployments_by_app ON deployments (app, status);
      CREATE TABLE deployment_kernels (
        deployment_id TEXT NOT NULL REFERENCES deployments (id),
        region_key TEXT NOT NULL,
        native_calls INTEGER NOT NULL DEFAULT 0,
        guard_failures INTEGER NOT NULL DEFAULT 0,
        deopts INTEGER NOT NULL DEFAULT 0,
        throws INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (deployment_id, region_key)
      );
    `,
  },
];
