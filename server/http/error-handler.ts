import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ServiceErrorCode } from '../../contract/errors';
import { ServiceError } from '../domain/errors';

const MESSAGES: Partial<Record<ServiceErrorCode, string>> = {
  invalid_request: 'The request does not match the schema.',
  payload_too_large: 'The request body is too large.',
  not_found: 'Not found.',
  internal: 'Something went wrong on our side; please try again.',
  unavailable: 'The service is not available right now; please try again shortly.',
};

/** An error answer as its request's log line tells it: the code, and the rules, fields or reasons it names. */
export interface LoggedError {
  error: ServiceErrorCode;
  rules?: string[];
  fields?: string[];
  reasons?: string[];
}

const answered = new WeakMap<object, LoggedError>();

/** What the error answer to this request said, for its log line (none for an answer that is not an error). */
export const loggedErrorOf = (request: object): LoggedError | undefined => answered.get(request);

/** Words of the contract only (`missing_field:event.date`, `password`): never a value someone typed. */
const WORD = /^[A-Za-z0-9_.:-]{1,80}$/u;
const wordsIn = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && WORD.test(x))
    ? (v as string[])
    : undefined;

export function sendError(
  reply: FastifyReply,
  code: ServiceErrorCode,
  status: number,
  details?: Record<string, unknown>,
  message = MESSAGES[code] ?? code,
): FastifyReply {
  const said: LoggedError = { error: code };
  for (const key of ['rules', 'fields', 'reasons'] as const) {
    const words = wordsIn(details?.[key]);
    if (words) said[key] = words;
  }
  answered.set(reply.request, said);
  const retry = details?.retryAfterSeconds;
  if (typeof retry === 'number') void reply.header('retry-after', String(retry));
  const body: ErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** Names of the fields a failed validation is about, unknown fields included. */
function fieldsOf(validation: Array<{ instancePath: string; keyword: string; params: Record<string, unknown> }>) {
  const fields = new Set<string>();
  for (const v of validation) {
    const base = v.instancePath.replace(/^\//u, '').replaceAll('/', '.');
    const keys =
      v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys) ? (v.params.keys as string[]) : [null];
    for (const k of keys) fields.add([base, k].filter((p) => p).join('.') || '(body)');
  }
  return [...fields];
}

const DB_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '08006',
  '08001',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/**
 * Every failure leaves in the contract's one error shape. Faults of the service
 * answer `internal` and say nothing of its insides; the log keeps the detail.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ServiceError) return sendError(reply, err.code, err.status, err.details, err.message);
    if (hasZodFastifySchemaValidationErrors(err)) {
      return sendError(reply, 'invalid_request', 400, {
        in: err.validationContext,
        fields: fieldsOf(err.validation as never),
      });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'payload_too_large', 413);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Broken JSON, a wrong content type, an empty body and the like.
      return sendError(reply, 'invalid_request', status === 415 ? 415 : 400, { reason: err.code ?? 'bad_request' });
    }
    const code = (err as { code?: string }).code;
    if (code && DB_DOWN.has(code)) {
      request.log.error({ err: { code, message: err.message } }, 'store unavailable');
      return sendError(reply, 'unavailable', 503);
    }
    request.log.error({ err }, 'unhandled fault');
    return sendError(reply, 'internal', 500);
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 'not_found', 404));
}

/**
 * Requests that never reach a route because Node's HTTP parser refused them (headers over
 * 16 KB, a broken request line) still answer in the contract's error shape.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) {
    socket.destroy(err);
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body: ErrorBody = {
    error: {
      code: 'invalid_request',
      message: status === 431 ? 'The request headers are too large.' : 'The request could not be read.',
      details: { reason: status === 431 ? 'headers_too_large' : 'bad_request' },
    },
  };
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
      text,
  );
}
