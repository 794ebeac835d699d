// session: an in-process service plus the PHP runs around it, shared by the demo, the benchmarks and end-to-end tests.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startService } from '../deploy/service.ts';
import type { Service } from '../deploy/service.ts';
import type { LogLevel } from '../deploy/logger.ts';
import { extensionPath } from './ext-path.ts';
import { PHP_BASE_ARGS, polyvirtArgs, runCommand } from './run-php.ts';
import type { RunResult } from './run-php.ts';

export interface Session {
  readonly service: Service;
  readonly dir: string;
  readonly socket: string;
  readonly extension: string;
  /** Runs a program with polyvirt attached to this session's service and waits until the service has digested it. */
  runWithPolyvirt(app: string, file: string, args: readonly string[], settings?: Record<string, string | number>): Promise<RunResult>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Working directory for the store, artifacts and socket; emptied first. */
  readonly dir: string;
  readonly logLevel?: LogLevel;
  readonly php?: string;
}

/** How long to wait for the service to see a finished PHP process's stream close. */
const STREAM_CLOSE_WAIT_MS = 5000;

export async function openSession(options: SessionOptions): Promise<Session> {
  const extension = extensionPath();
  if (!extension) throw new Error('php-ext/modules/polyvirt.so is not built: run `npm run setup` first');
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const socket = join(options.dir, 'polyvirt.sock');
  const php = options.php ?? 'php';
  const service = await startService({
    socket,
    store: join(options.dir, 'polyvirt.db'),
    cacheDir: join(options.dir, 'artifacts'),
    php,
    logLevel: options.logLevel ?? 'warn',
  });

  const runWithPolyvirt: Session['runWithPolyvirt'] = async (app, file, args, settings = {}) => {
    const closed = new Set<number>();
    const waiters = new Map<number, () => void>();
    const onClose = (ev: { pid: number }): void => {
      closed.add(ev.pid);
      waiters.get(ev.pid)?.();
    };
    service.events.on('stream-close', onClose);
    let pid = -1;
    try {
      const result = await runCommand(
        php,
        [
          ...PHP_BASE_ARGS,
          ...polyvirtArgs(extension, {
            service: `unix:${socket}`,
            app,
            cache_dir: join(options.dir, `php-cache-${process.getuid?.() ?? 0}`),
            ...settings,
          }),
          file,
          ...args,
        ],
        { onSpawn: (p) => (pid = p) },
      );
      if (!closed.has(pid)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, STREAM_CLOSE_WAIT_MS);
          waiters.set(pid, () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      await service.whenIdle();
      return result;
    } finally {
      service.events.off('stream-close', onClose);
    }
  };

  return {
    service,
    dir: options.dir,
    socket,
    extension,
    runWithPolyvirt,
    close: () => service.close(),
  };
}
