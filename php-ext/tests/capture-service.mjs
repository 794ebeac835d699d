// capture-service.mjs — a stand-in polyvirt service for phpt tests: accepts Connect streams on
// a unix socket, answers Hello with Synced, and appends every RegionProfile it receives to a
// JSON-lines file (bytes as hex, 64-bit ints as decimal strings, -0 kept), so a test can check
// exactly what the extension put on the wire. Usage: node capture-service.mjs <socket> <out>
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(new URL('../../package.json', import.meta.url)));
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [socket, out] = process.argv.slice(2);
const def = protoLoader.loadSync(fileURLToPath(new URL('../../proto/polyvirt.proto', import.meta.url)), {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
});
const pkg = grpc.loadPackageDefinition(def);

const hex = (b) => Buffer.from(b ?? []).toString('hex');
function value(v) {
  switch (v?.v) {
    case 'null_value': return { null: true };
    case 'bool_value': return { bool: v.bool_value };
    case 'int_value': return { int: v.int_value };
    case 'float_value': return { float: Object.is(v.float_value, -0) ? '-0' : String(v.float_value) };
    case 'string_value': return { string: hex(v.string_value) };
    case 'array_value': return { array: entries(v.array_value) };
    case 'object_value': return { object: v.object_value.class_name, props: entries(v.object_value.properties) };
    default: return { unset: true };
  }
}

function entries(arr) {
  return (arr?.entries ?? []).map((e) => [e.key === 'string_key' ? hex(e.string_key) : Number(e.int_key), value(e.value)]);
}

const server = new grpc.Server();
server.addService(pkg.polyvirt.v1.Polyvirt.service, {
  Connect(call) {
    call.on('data', (msg) => {
      if (msg.body === 'hello') call.write({ synced: {} });
      if (msg.body !== 'batch') return;
      for (const r of msg.batch.regions) {
        appendFileSync(out, JSON.stringify({
          function: r.function_name, by_ref_params: r.by_ref_params, by_ref_mask: r.by_ref_mask,
          arg_types: r.arg_types.map((t) => t.types), samples: r.samples.map((s) => s.args.map(value)),
          arg_classes: r.arg_classes,
          source: r.source ? {
            lines: [r.source.line_start, r.source.line_end],
            classes: r.source.classes.map((c) => ({
              name: c.name, parent: c.parent, file: c.file.split('/').pop(), lines: [c.line_start, c.line_end],
              text: c.text, sha256: c.sha256,
            })),
            world: r.source.world.map((h) => `${h.kind} ${h.name} ${h.type}`),
          } : null,
        }) + '\n');
      }
    });
    call.on('end', () => call.end());
    call.on('error', () => {});
  },
});
server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) { console.error(String(err)); process.exit(1); }
  console.log('ready');
});
process.on('SIGTERM', () => server.forceShutdown() ?? process.exit(0));
