// Locates the built PHP extension (php-ext/modules/polyvirt.so) of this checkout.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXTENSION_PATH = fileURLToPath(new URL('../../php-ext/modules/polyvirt.so', import.meta.url));

/** Absolute path of the extension, or undefined if it has not been built. */
export function extensionPath(): string | undefined {
  return existsSync(EXTENSION_PATH) ? EXTENSION_PATH : undefined;
}
