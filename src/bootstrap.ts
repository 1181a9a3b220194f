import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule, type AppContext } from './app.module';
import { Clock, SystemClock } from './common/clock';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { rewriteLegacyPath } from './common/http/api-paths';
import { applyCors } from './common/http/cors';
import { createValidationPipe } from './common/http/validation';
import { LazyChildLogger } from './common/logging/lazy-child-logger';
import { createLogger } from './common/logging/logger';
import { RequestLogController } from './common/logging/request-log-controller';
import { PinoNestLogger } from './common/logging/nest-logger';
import type { AppConfig } from './config/config.schema';
import { ControllerMetaRepository } from './database/controller-meta.repository';
import { openDatabase } from './database/data-source';
import { readBuildInfo } from './info/build-info';
import { registerDirectRoutes } from './security/direct-route';
import { loadOrInitPki } from './x509/pki-store';

export interface ControllerOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
}

export interface ControllerHandle {
  app: NestFastifyApplication;
  ctx: AppContext;
  /** https://host:port of the running listener (the real port when ZT_PORT=0). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const TEXT_TYPES = ['text/plain', 'application/x-pem-file', 'application/pkcs7', 'application/pkcs10', 'application/x-x509-ca-cert'];

/**
 * Short per-request ids, as OpenZiti uses, carried in error bodies, the response header and every log
 * line: a random per-process prefix and a counter (unique without a CSPRNG call on every request; the id
 * is a correlation handle, not a secret).
 */
const REQ_PREFIX = randomBytes(3).toString('base64url');
let reqCounter = 0;
function requestId(): string {
  reqCounter = (reqCounter + 1) % 36 ** 4;
  return REQ_PREFIX + reqCounter.toString(36).padStart(4, '0');
}

/** Headers on every answer: the request id, and which controller answered (reference §1.4). */
interface IdentityHeaders {
  server: string;
  instanceId: string;
}

function createFastify(config: AppConfig, ctx: Pick<AppContext, 'pki' | 'logger'>, identity: IdentityHeaders): FastifyInstance {
  const instance = Fastify({
    https: {
      key: ctx.pki.server.keyPem,
      cert: ctx.pki.server.certPem,
      // The root only. Besides naming acceptable issuers to clients, this store is where Node looks up
      // issuers to complete getPeerCertificate(true): with our intermediate in it, a client that did not
      // send the intermediate would look as if it had, and improperClientCertChain could not be detected.
      ca: [ctx.pki.root.certPem],
      // Request, never require, a client certificate: certificate authentication and enrollment decide later.
      requestCert: true,
      rejectUnauthorized: false,
    },
    bodyLimit: config.maxBodyBytes,
    genReqId: requestId,
    loggerInstance: ctx.logger,
    childLoggerFactory: (logger, bindings, options) => new LazyChildLogger(logger as never, bindings, options) as never,
    logController: new RequestLogController(ctx.logger),
    rewriteUrl: (req) => rewriteLegacyPath(req.url ?? '/'),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });
  instance.addContentTypeParser(TEXT_TYPES, { parseAs: 'string', bodyLimit: config.maxBodyBytes }, (_req, body, done) => done(null, body));
  // One hook for what every request needs before routing (each hook is a step on every request).
  instance.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id).header('server', identity.server).header('ziti-instance-id', identity.instanceId);
    if (!applyCors(req, reply)) done();
  });
  return instance as unknown as FastifyInstance;
}

export async function createController(config: AppConfig, opts: ControllerOptions = {}): Promise<ControllerHandle> {
  const logger = createLogger(config.logLevel, opts.logDestination);
  const { pki, created, reissuedServerCert } = loadOrInitPki(config.pkiDir, { advertisedHost: config.advertisedHost });
  if (created) logger.info({ dir: config.pkiDir }, 'generated a new internal PKI');
  if (reissuedServerCert) logger.info({ dir: config.pkiDir }, 're-issued the API server certificate');
  const dataSource = await openDatabase(config.dbUrl);
  const instanceId = await new ControllerMetaRepository(dataSource).instanceId();
  const buildInfo = readBuildInfo();
  const ctx: AppContext = { config, dataSource, pki, logger, clock: opts.clock ?? new SystemClock(), buildInfo };

  const instance = createFastify(config, ctx, { server: `ztc/${buildInfo.version}`, instanceId });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(ctx), new FastifyAdapter(instance as never), {
    logger: new PinoNestLogger(logger),
    // Fastify's own JSON parser: its errors carry codes we map (unparsable JSON → COULD_NOT_PARSE_BODY).
    bodyParser: false,
  });
  const routeMethods = (url: string) => METHODS.filter((m) => instance.findRoute({ method: m, url: url.split('?')[0] }) !== null);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(logger, routeMethods));
  registerDirectRoutes(instance, app);
  await app.listen(config.port, config.host);
  const port = (instance.server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info({ url: `https://${host}:${port}`, advertisedAddress: config.advertisedAddress }, 'ztc listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    // Stops accepting, lets in-flight requests finish, then closes the database (TypeORM module shutdown).
    closing ??= app.close().then(async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    });
    return closing;
  };
  return { app, ctx, url: `https://${host}:${port}`, port, close };
}
