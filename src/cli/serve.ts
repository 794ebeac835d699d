// `polyvirt serve`: run the service until SIGINT/SIGTERM, then shut down gracefully.
import { startService } from '../deploy/service.ts';
import type { ServiceOptions } from '../deploy/service.ts';
import { createLogger, isLogLevel } from '../deploy/logger.ts';

export { startService } from '../deploy/service.ts';
export type { Service, ServiceOptions } from '../deploy/service.ts';

export interface ServeFlags {
  readonly socket: string;
  readonly tcp?: string;
  readonly store: string;
  readonly cacheDir: string;
  readonly logLevel: string;
  readonly php: string;
  readonly socketMode?: string;
}

export async function serve(flags: ServeFlags): Promise<void> {
  if (!isLogLevel(flags.logLevel)) throw new Error(`--log-level must be debug, info, warn or error (got "${flags.logLevel}")`);
  const logger = createLogger({ level: flags.logLevel });
  const options: ServiceOptions = {
    socket: flags.socket,
    ...(flags.socketMode ? { socketMode: parseInt(flags.socketMode, 8) } : {}),
    ...(flags.tcp ? { tcp: flags.tcp } : {}),
    store: flags.store,
    cacheDir: flags.cacheDir,
    php: flags.php,
    logger,
  };
  // Handlers go in before anything is announced, so a signal right after "ready" is never missed.
  const starting = startService(options);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    logger.info('signal received, shutting down', { signal });
    starting
      .then((service) => service.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          logger.error('shutdown failed', { error: e });
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const service = await starting;
  logger.info('polyvirt service ready', { ...service.address, store: flags.store, cacheDir: flags.cacheDir });
}
