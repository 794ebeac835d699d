// Child-process entry that loads a kernel artifact and runs one kernel on each argument tuple.
// Runs apart from the service so a crashing kernel takes only this process down; it sends each
// result before starting the next call, so the parent knows which tuple a crash happened on.
import type { PhpValue } from '../core/php-value.ts';
import { loadKernelModule, type KernelDescriptor, type KernelModule } from './addon.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

function send(msg: WorkerReply): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send!(msg, undefined, {}, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}

const CODES = { null: 1, int: 4, float: 5, string: 6, array: 7, object: 8 } as const;

function guardAccepts(guard: number, arg: PhpValue): boolean {
  const code = arg.kind === 'bool' ? (arg.value ? 3 : 2) : CODES[arg.kind];
  const type = guard & 0x7f; // PV_GUARD_TYPE: by-reference parameters are guarded on the referenced value
  return type === 3 ? code === 2 || code === 3 : type === code;
}

/** What the extension checks before entering a kernel: $this of exactly its class (methods), then the guards. */
function kernelAccepts(kernel: KernelDescriptor, args: readonly PhpValue[]): boolean {
  const self = kernel.receiverClass === null ? 0 : 1;
  if (args.length !== kernel.arity + self) return false;
  if (self) {
    const recv = args[0]!;
    if (recv.kind !== 'object' || recv.className.replace(/[A-Z]/g, (c) => c.toLowerCase()) !== kernel.receiverClass) return false;
  }
  return args.slice(self).every((a, j) => guardAccepts(kernel.guard[j]!, a));
}

async function run(req: WorkerRequest): Promise<void> {
  let mod: KernelModule;
  try {
    mod = loadKernelModule(req.path);
  } catch (e) {
    await send({ type: 'load-error', message: (e as Error).message });
    return;
  }
  const kernelIndex = mod.kernels.findIndex((k) => k.functionName === req.functionName);
  await send({
    type: 'loaded',
    abiVersion: mod.abiVersion,
    phpVersionId: mod.phpVersionId,
    kernels: mod.kernels.map((k) => ({ ...k, guard: [...k.guard] })),
    kernelIndex,
  });
  if (kernelIndex < 0) return;
  const kernel = mod.kernels[kernelIndex]!;
  for (let i = 0; i < req.samples.length; i++) {
    const args = req.samples[i]!;
    if (!kernelAccepts(kernel, args)) {
      await send({ type: 'skipped', i });
      continue;
    }
    try {
      const r = mod.call(kernelIndex, args, req.worlds?.[i]);
      await send({ type: 'result', i, result: r });
    } catch (e) {
      await send({ type: 'call-error', i, message: (e as Error).message });
    }
  }
  mod.close();
}

process.once('message', (req: WorkerRequest) => {
  run(req)
    .then(() => send({ type: 'done' }))
    .then(() => process.disconnect())
    .catch((e: unknown) => {
      process.stderr.write(`kernel worker: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(70);
    });
});
