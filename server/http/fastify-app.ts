import fastifyAccepts from '@fastify/accepts';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from '../config';
import type { Clock } from '../domain/clock';
import { randomToken } from '../domain/identity/secrets';
import { clientErrorHandler, installErrorHandling, loggedErrorOf, sendError } from './error-handler';
import { storableText } from './storable-text';

const JSON_BODY_LIMIT = 64 * 1024;
/** A request id the app may give (X-Request-Id): what the main process makes, with room for a proxy's. */
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/u;

/**
 * The HTTP server every area registers its routes on, before any of them: the contract's
 * validation and error shape, the log (one redacted JSON line a request, named by the app's
 * request id), the headers of every answer, what it says while closing, and the OpenAPI document.
 */
export async function createHttpApp(o: {
  config: Config;
  clock: Clock;
  logStream?: { write(line: string): void };
}): Promise<{ app: FastifyInstance; closing: () => boolean }> {
  const { config, clock } = o;
  const app = Fastify({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    // Requests that come while closing get the contract's error shape (below), not Fastify's own.
    return503OnClosing: false,
    clientErrorHandler,
    // The app's own id of the call (X-Request-Id, made in the main process) names the request in
    // the log, so a complaint can be followed from the app's log to this one; anything else sent
    // as one (too long, odd characters that could forge a log line) is replaced by ours.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomToken(8);
    },
    logger: {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          '*.password',
          '*.passwordConfirmation',
          '*.code',
          '*.accessToken',
          '*.refreshToken',
        ],
        censor: '[redacted]',
      },
      ...(o.logStream ? { stream: o.logStream } : {}),
    },
  });
  // The contract's schemas, each with the rule of all text: nothing the database cannot store.
  app.setValidatorCompiler((route) => validatorCompiler({ ...route, schema: storableText(route.schema as never) }));
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  // JSON in and out (api-v1.md): any other body type is refused with 415.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (closing) return sendError(reply.header('connection', 'close'), 'unavailable', 503);
  });
  app.addHook('onSend', async (request, reply) => {
    // Answers carry tokens and personal data: no cache may keep them, no browser may guess their type.
    // (Documents set their own revalidation rules.)
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-request-id', request.id);
    // The app turns instants into countdowns with this header: it must be the service's own now.
    void reply.header('date', new Date(clock.now()).toUTCString());
    // Answers finished while closing close their connection, so the process need not wait out keep-alive.
    if (closing) void reply.header('connection', 'close');
  });

  // One line per request, naming the route pattern, never the path: flow ids are capabilities.
  // An error answer adds its code and the rules or fields it names, so a refusal the person
  // reports can be read from the log. A load balancer's probes are not worth a line each.
  app.addHook('onResponse', async (request, reply) => {
    const probe = request.routeOptions.url?.startsWith('/health/');
    request.log[probe ? 'debug' : 'info'](
      {
        method: request.method,
        route: request.routeOptions.url ?? '(unmatched)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...loggedErrorOf(request),
      },
      'request',
    );
  });

  await app.register(fastifyAccepts);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Portal Nasabah policy service', version: '1.0.0' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          adminKey: { type: 'http', scheme: 'bearer', description: 'A back-office key of ADMIN_API_KEYS' },
          doctorAuth: { type: 'http', scheme: 'bearer', description: "A doctor's session (never a customer's)" },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  return { app, closing: () => closing };
}
