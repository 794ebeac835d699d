// `polyvirt db …`: read-only admin views of the signature store (list regions and their decisions, show one).
import type { Decision, SignatureRecord, SignatureStore } from '../sigdb/types.ts';

export interface RegionRow {
  readonly app: string;
  readonly region: string;
  readonly calls: number;
  readonly signatureId: string;
  /** deployed, declined(reason), pending(reason) or compiling — as shown in the table. */
  readonly status: string;
  readonly decision?: Decision;
}

export function showStatus(d: Decision | undefined): string {
  if (!d) return 'pending';
  if (d.status === 'declined') return `declined(${d.stage}: ${d.reason})`;
  if (d.status === 'pending') return d.reason ? `pending(${d.reason})` : 'pending';
  return d.status;
}

export async function listRegions(store: SignatureStore, app?: string): Promise<RegionRow[]> {
  const sigs = await store.listSignatures(app !== undefined ? { app } : {});
  const rows: RegionRow[] = [];
  for (const s of sigs) {
    const decision = await store.getDecision(s.id);
    rows.push({
      app: s.app,
      region: s.regionKey,
      calls: s.calls,
      signatureId: s.id,
      status: showStatus(decision),
      ...(decision ? { decision } : {}),
    });
  }
  return rows;
}

export function formatRegionTable(rows: readonly RegionRow[]): string {
  const head = ['APP', 'REGION', 'CALLS', 'SIGNATURE', 'STATUS'];
  const cells = rows.map((r) => [r.app, r.region, String(r.calls), r.signatureId, r.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string =>
    c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ');
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}

export interface SignatureDetails {
  readonly signature: SignatureRecord;
  readonly status: string;
  readonly decision?: Decision;
  readonly deployment?: Awaited<ReturnType<SignatureStore['getDeployment']>>;
}

export async function showSignature(store: SignatureStore, id: string): Promise<SignatureDetails | undefined> {
  const signature = await store.getSignature(id);
  if (!signature) return undefined;
  const decision = await store.getDecision(id);
  const deployment = decision?.deploymentId ? await store.getDeployment(decision.deploymentId) : undefined;
  return { signature, status: showStatus(decision), ...(decision ? { decision } : {}), ...(deployment ? { deployment } : {}) };
}

export function formatSignature(d: SignatureDetails): string {
  const s = d.signature;
  const lines = [
    `signature  ${s.id}`,
    `app        ${s.app}`,
    `region     ${s.regionKey}`,
    `source     ${s.sourceSha256 || '(none)'}`,
    `calls      ${s.calls}  (timed ${s.timedCalls}, ${(s.timeNs / 1e6).toFixed(1)} ms)`,
    `arg types  ${s.argTypes.map((t) => `(${t.types.join(',')})×${t.count}`).join(' ') || '(none)'}`,
    `status     ${d.status}`,
  ];
  if (d.decision) lines.push(`decided    ${new Date(d.decision.updatedAt).toISOString()} by ${d.decision.stage}`);
  if (d.deployment) {
    const dep = d.deployment;
    lines.push(`deployment ${dep.id} (${dep.status}) artifact ${dep.artifactSha256}`);
    lines.push(`           installed in ${dep.installed} process(es), failed in ${dep.failed}${dep.lastError ? `: ${dep.lastError}` : ''}`);
    for (const k of dep.kernels) {
      const c = dep.counters[k.regionKey];
      lines.push(
        `  kernel   ${k.regionKey} guard (${k.guardTypes.join(',')})` +
          (c ? ` native ${c.nativeCalls}, guard failures ${c.guardFailures}, deopts ${c.deopts}, throws ${c.throws}` : ''),
      );
    }
  }
  return lines.join('\n') + '\n';
}
