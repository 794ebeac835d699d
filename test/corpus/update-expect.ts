// Regenerates test/corpus/*.expect (and test/difftest/regressions/**/*.expect) from php -n: `npx tsx test/corpus/update-expect.ts [php]`.
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeOutput } from '../../src/difftest/php-cases.ts';
import { runPlain } from '../../src/difftest/run-program.ts';

const php = process.argv[2] ?? 'php';
const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs = ['test/corpus', 'test/difftest/regressions', 'test/difftest/regressions/open'].map((d) => join(root, d)).filter(existsSync);
let n = 0;
for (const dir of dirs) {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.php')).sort()) {
    const file = join(dir, f);
    const r = await runPlain(file, { php, timeoutMs: 60_000 });
    if (r.exitCode !== 0) process.stderr.write(`note: ${f} exits with ${r.exitCode} under php -n\n`);
    writeFileSync(file.replace(/\.php$/, '.expect'), normalizeOutput(r.stdout, file), 'latin1');
    n++;
  }
}
process.stdout.write(`wrote ${n} .expect file(s) from ${php} -n\n`);
