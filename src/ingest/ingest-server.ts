// gRPC server for the extension's streams: binds the unix socket (and optionally TCP), validates, aggregates, dispatches.
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { StageError } from '../core/declined.ts';
import type { Logger } from '../deploy/logger.ts';
import { silentLogger } from '../deploy/logger.ts';
import { ProfileAggregator } from './aggregate-profiles.ts';
import { loadPolyvirtProto } from './proto.ts';
import type { WireClientMessage, WireServerMessage } from './proto.ts';
import type { RegionProfile } from './types.ts';
import { checkBatch, checkHello, checkOutcome, checkSpecialize } from './validate-message.ts';
import type { BatchInfo, HelloInfo, OutcomeInfo } from './validate-message.ts';

export interface IngestOptions {
  /** Unix socket path; omitted or "" means no unix socket. */
  readonly socket?: string;
  /** File mode of the socket (default 0o600: only the service's user may connect). */
  readonly socketMode?: number;
  /** "host:port" for an insecure TCP listener (port 0 picks a free one). */
  readonly tcp?: string;
  readonly maxReceiveBytes?: number;
  readonly maxSendBytes?: number;
  /** Consecutive rejected messages after which a stream is closed. */
  readonly maxConsecutiveRejects?: number;
  /** Per-app tokens; an app listed here must present its token in Hello. */
  readonly tokens?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  readonly aggregator?: ProfileAggregator;
}

/** A connected extension process, after its Hello. */
export interface ClientStream {
  readonly id: number;
  readonly hello: HelloInfo;
  readonly app: string;
  /** Queues a message to the process; false if the stream has ended. */
  send(message: WireServerMessage): boolean;
  readonly closed: boolean;
}

export interface IngestHandlers {
  onHello?(stream: ClientStream): void;
  /** `changed` are the live aggregated profiles the batch touched. */
  onProfiles?(stream: ClientStream, changed: RegionProfile[], batch: BatchInfo): void;
  onOutcome?(stream: ClientStream, outcome: OutcomeInfo): void;
  /**
   * Force mode: `profile` is the live aggregated profile after the request's one-call delta was
   * merged. The handler must answer with a `specialized` message carrying `id`; without a
   * handler the server declines at once, so the PHP process never waits for nothing.
   */
  onSpecialize?(stream: ClientStream, id: string, profile: RegionProfile): void;
  onClose?(stream: ClientStream): void;
}

export interface IngestAddress {
  readonly socket?: string;
  readonly tcp?: string;
}

export interface RejectedMessage {
  readonly streamId: number;
  readonly app?: string;
  readonly reason: string;
}

// The largest profile batch the extension may send; artifacts going out can be larger.
const DEFAULT_MAX_RECEIVE = 16 << 20;
const DEFAULT_MAX_SEND = 256 << 20;

/**
 * Events: 'hello' (ClientStream), 'batch' ({stream, changed, batch}), 'outcome' ({stream, outcome}),
 * 'specialize' ({stream, id, profile}), 'rejected' (RejectedMessage), 'close' (ClientStream).
 */
export class IngestServer extends EventEmitter {
  readonly aggregator: ProfileAggregator;
  address: IngestAddress = {};
  readonly #server: grpc.Server;
  readonly #streams = new Set<{ stream?: ClientStream; call: grpc.ServerDuplexStream<WireClientMessage, WireServerMessage> }>();
  readonly #log: Logger;
  #closed = false;
  #nextId = 1;

  constructor(private readonly options: IngestOptions, private readonly handlers: IngestHandlers = {}) {
    super();
    this.aggregator = options.aggregator ?? new ProfileAggregator();
    this.#log = (options.logger ?? silentLogger).child({ stage: 'ingest' });
    this.#server = new grpc.Server({
      'grpc.max_receive_message_length': options.maxReceiveBytes ?? DEFAULT_MAX_RECEIVE,
      'grpc.max_send_message_length': options.maxSendBytes ?? DEFAULT_MAX_SEND,
    });
    const { service } = loadPolyvirtProto();
    this.#server.addService(service, { Connect: (call: grpc.ServerDuplexStream<WireClientMessage, WireServerMessage>) => this.#connect(call) });
  }

  /** Streams that said Hello, optionally only those of one app. */
  streams(app?: string): ClientStream[] {
    const out: ClientStream[] = [];
    for (const s of this.#streams) if (s.stream && !s.stream.closed && (app === undefined || s.stream.app === app)) out.push(s.stream);
    return out;
  }

  async listen(): Promise<IngestAddress> {
    const creds = grpc.ServerCredentials.createInsecure();
    const address: { socket?: string; tcp?: string } = {};
    if (this.options.socket) {
      const path = resolve(this.options.socket);
      await removeStaleSocket(path);
      mkdirSync(dirname(path), { recursive: true });
      await bind(this.#server, `unix:${path}`, creds);
      chmodSync(path, this.options.socketMode ?? 0o600);
      address.socket = path;
    }
    if (this.options.tcp) {
      const m = /^(.*):(\d+)$/.exec(this.options.tcp);
      if (!m) throw new StageError('ingest', '-', `--tcp wants host:port, got "${this.options.tcp}"`);
      const port = await bind(this.#server, this.options.tcp, creds);
      address.tcp = `${m[1]}:${port}`;
    }
    if (!address.socket && !address.tcp) throw new StageError('ingest', '-', 'neither a unix socket nor a TCP address to listen on');
    this.address = address;
    this.#log.info('listening', { ...address });
    return address;
  }

  /** Stops accepting, ends every stream, removes the socket file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#streams) {
      try {
        s.call.end();
      } catch {
        // already ended by the peer
      }
    }
    await new Promise<void>((done) => {
      const timer = setTimeout(() => {
        this.#server.forceShutdown();
        done();
      }, 2000);
      this.#server.tryShutdown(() => {
        clearTimeout(timer);
        done();
      });
    });
    if (this.address.socket && existsSync(this.address.socket)) unlinkSync(this.address.socket);
    this.#log.info('ingest stopped');
  }

  #connect(call: grpc.ServerDuplexStream<WireClientMessage, WireServerMessage>): void {
    const id = this.#nextId++;
    const entry: { stream?: ClientStream; call: typeof call } = { call };
    this.#streams.add(entry);
    let ended = false;
    let rejects = 0;
    const maxRejects = this.options.maxConsecutiveRejects ?? 8;
    const log = this.#log.child({ stream: id });

    const finish = (): void => {
      if (ended) return;
      ended = true;
      this.#streams.delete(entry);
      if (entry.stream) {
        log.info('stream closed', { app: entry.stream.app, pid: entry.stream.hello.pid });
        this.handlers.onClose?.(entry.stream);
        this.emit('close', entry.stream);
      }
    };
    const abort = (code: grpc.status, details: string): void => {
      if (ended) return;
      call.emit('error', { code, details });
      finish();
    };
    // A stream that cannot be attributed to an app (no or bad Hello) is closed at once.
    const refuse = (code: grpc.status, reason: string, app?: string): void => {
      log.warn('stream rejected', { app, reason });
      this.emit('rejected', { streamId: id, app, reason } satisfies RejectedMessage);
      abort(code, reason);
    };
    const reject = (reason: string): void => {
      rejects++;
      const r: RejectedMessage = { streamId: id, app: entry.stream?.app, reason };
      log.warn('message rejected', { app: entry.stream?.app, reason });
      this.emit('rejected', r);
      if (rejects >= maxRejects) abort(grpc.status.INVALID_ARGUMENT, `closed after ${rejects} rejected messages; last: ${reason}`);
    };

    call.on('data', (msg: WireClientMessage) => {
      if (ended) return;
      try {
        if (!entry.stream) {
          if (msg.body !== 'hello' || !msg.hello) return refuse(grpc.status.FAILED_PRECONDITION, 'first message must be Hello');
          const h = checkHello(msg.hello);
          if (!h.ok) return refuse(grpc.status.INVALID_ARGUMENT, h.reason);
          const want = this.options.tokens?.[h.value.app];
          if (want !== undefined && !sameToken(want, h.value.token)) return refuse(grpc.status.UNAUTHENTICATED, 'bad token', h.value.app);
          const stream: ClientStream = {
            id,
            hello: h.value,
            app: h.value.app,
            send: (m) => {
              if (ended || call.writableEnded || call.destroyed) return false;
              call.write(m);
              return true;
            },
            get closed() {
              return ended;
            },
          };
          entry.stream = stream;
          log.info('stream open', { app: stream.app, pid: stream.hello.pid, sapi: stream.hello.sapi, php: stream.hello.phpVersionId });
          this.handlers.onHello?.(stream);
          this.emit('hello', stream);
          return;
        }
        const stream = entry.stream;
        if (msg.body === 'batch' && msg.batch) {
          const b = checkBatch(msg.batch);
          if (!b.ok) return reject(b.reason);
          rejects = 0;
          const changed = this.aggregator.apply(stream.app, b.value.regions);
          log.debug('batch', { app: stream.app, seq: b.value.seq, regions: b.value.regions.length });
          this.handlers.onProfiles?.(stream, changed, b.value);
          this.emit('batch', { stream, changed, batch: b.value });
        } else if (msg.body === 'outcome' && msg.outcome) {
          const o = checkOutcome(msg.outcome);
          if (!o.ok) return reject(o.reason);
          rejects = 0;
          this.handlers.onOutcome?.(stream, o.value);
          this.emit('outcome', { stream, outcome: o.value });
        } else if (msg.body === 'specialize' && msg.specialize) {
          const r = checkSpecialize(msg.specialize);
          if (!r.ok) {
            // Answer anyway when the id is readable: the process is blocked on it.
            const id = msg.specialize.id;
            if (typeof id === 'string' && /^\d{1,20}$/.test(id)) {
              stream.send({ specialized: { id, region_key: '', deployment_id: '', reason: `rejected: ${r.reason}`, retry: false } });
            }
            return reject(r.reason);
          }
          rejects = 0;
          const [profile] = this.aggregator.apply(stream.app, [r.value.region]);
          log.debug('specialize', { app: stream.app, region: r.value.region.key });
          this.emit('specialize', { stream, id: r.value.id, profile });
          if (this.handlers.onSpecialize) this.handlers.onSpecialize(stream, r.value.id, profile!);
          else stream.send({ specialized: { id: r.value.id, region_key: r.value.region.key, deployment_id: '', reason: 'this service does not specialize', retry: false } });
        } else if (msg.body === 'hello') {
          reject('second Hello on one stream');
        } else {
          reject('empty message');
        }
      } catch (e) {
        // A bug in a handler must not take the server down; the message counts as not processed.
        log.error('internal error handling a message', { app: entry.stream?.app, error: e });
      }
    });
    call.on('end', () => {
      if (!ended) call.end();
      finish();
    });
    call.on('cancelled', finish);
    call.on('error', (e) => {
      log.debug('stream error', { error: String(e) });
      finish();
    });
    call.on('close', finish);
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bind(server: grpc.Server, address: string, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((done, fail) =>
    server.bindAsync(address, creds, (err, port) =>
      err ? fail(new StageError('ingest', '-', `cannot listen on ${address}: ${err.message}`, { cause: err })) : done(port),
    ),
  );
}

/** Removes a socket file left by a dead service; refuses to touch a live one or a non-socket. */
async function removeStaleSocket(path: string): Promise<void> {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new StageError('ingest', '-', `${path} exists and is not a socket`);
  const live = await new Promise<boolean>((done) => {
    const c = connect(path);
    c.once('connect', () => {
      c.destroy();
      done(true);
    });
    c.once('error', () => done(false));
  });
  if (live) throw new StageError('ingest', '-', `${path} is in use by a running service`);
  unlinkSync(path);
}
