import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import axios, { AxiosError, type AxiosInstance, type Method } from 'axios';
import pRetry from 'p-retry';
import { z } from 'zod';
import { ErrorBodySchema } from '../../../contract/errors';
import { PortalFailure } from './portal-error';

export interface ApiClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Each answer (true) and each call that got none (false): whether the service can be reached. */
  onReachable?: (reachable: boolean) => void;
  /** Each call that failed: the service's error answer or none, with the id the service logged it under. */
  onFailedCall?: (call: FailedCall) => void;
}

/** What the app's log keeps of a failed call: never its path (flow ids are capabilities) nor its body. */
export interface FailedCall {
  /** Sent as X-Request-Id; the service's log names the request with it. */
  requestId: string;
  method: string;
  /** null: no answer at all. */
  status: number | null;
}

export interface ApiAnswer<T> {
  value: T;
  /** The service's clock minus ours, from the `Date` header (0 when absent). */
  clockSkewMs: number;
}

/**
 * How long from now until one of the service's instants, on the service's own clock (the
 * `Date` header), so a wrong clock on this PC cannot break a countdown. Never negative.
 */
export function msUntil(
  instant: string,
  answer: Pick<ApiAnswer<unknown>, 'clockSkewMs'>,
  /** One moment for several countdowns of one answer, so equal instants give equal durations. */
  now = Date.now(),
): number {
  return Math.max(0, Date.parse(instant) - (now + answer.clockSkewMs));
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ERR_NETWORK',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const IDEMPOTENT = new Set<Method>(['GET', 'DELETE']);

/** A 204 No Content answer, read as an empty object. */
export const NoBody = z.object({}).loose();
/** No answer at all: the network or the service is away (a call this app cancelled included). */
const unanswered = (err: unknown) =>
  err instanceof AxiosError && (err.response === undefined || NETWORK_CODES.has(err.code ?? ''));

export interface CallOptions {
  body?: unknown;
  token?: string;
  language?: string;
  /** This call's own limit, shorter than the client's where someone waits on it. */
  timeoutMs?: number;
  /** How often an idempotent call is tried again after no answer (default once). */
  retries?: number;
  /** Headers of this call (an idempotency key). */
  headers?: Record<string, string>;
}

/**
 * The policy service over HTTP. Every answer is parsed with the contract's schema;
 * the service's error codes pass through unchanged; no answer at all is
 * `network_unavailable`. Only idempotent calls are tried again, after a short pause.
 */
export class ApiClient {
  private readonly http: AxiosInstance;

  constructor(options: ApiClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 15_000,
      // Every status comes back as an answer; errors are read from the body.
      validateStatus: () => true,
      headers: { accept: 'application/json' },
      maxRedirects: 0,
    });
    // Every call carries its own id (X-Request-Id), which the service logs and answers with.
    this.http.interceptors.request.use((config) => {
      config.headers.set('x-request-id', crypto.randomBytes(12).toString('base64url'));
      return config;
    });
    const failed = options.onFailedCall;
    if (failed)
      this.http.interceptors.response.use(
        (res) => {
          if (res.status >= 400)
            failed({
              requestId: String(res.config.headers.get('x-request-id')),
              method: String(res.config.method ?? '').toUpperCase(),
              status: res.status,
            });
          return res;
        },
        (err: unknown) => {
          if (err instanceof AxiosError && err.config && !axios.isCancel(err))
            failed({
              requestId: String(err.config.headers.get('x-request-id')),
              method: String(err.config.method ?? '').toUpperCase(),
              status: err.response?.status ?? null,
            });
          return Promise.reject(err);
        },
      );
    const reachable = options.onReachable;
    if (reachable)
      this.http.interceptors.response.use(
        (res) => {
          reachable(true);
          return res;
        },
        (err: unknown) => {
          // A call this app cancelled (a stream let go at sign-out) says nothing of the network.
          if (unanswered(err) && !axios.isCancel(err)) reachable(false);
          return Promise.reject(err);
        },
      );
  }

  async call<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    options: CallOptions = {},
  ): Promise<ApiAnswer<z.output<S>>> {
    return pRetry(() => this.once(method, path, schema, options), {
      retries: IDEMPOTENT.has(method) ? (options.retries ?? 1) : 0,
      minTimeout: 200,
      shouldRetry: ({ error }) => error instanceof PortalFailure && error.code === 'network_unavailable',
    });
  }

  /**
   * Downloads bytes (a PDF): 304 when `etag` still matches, progress as it arrives.
   * Errors come back as for every other call.
   */
  async download(
    path: string,
    token: string,
    etag: string | undefined,
    onProgress: (received: number, total: number) => void,
    accept = 'application/pdf',
  ): Promise<{ status: 200; bytes: Buffer; etag: string; contentType: string } | { status: 304 }> {
    let res;
    try {
      res = await this.http.request<ArrayBuffer>({
        method: 'GET',
        url: path,
        responseType: 'arraybuffer',
        headers: {
          authorization: `Bearer ${token}`,
          accept,
          ...(etag ? { 'if-none-match': etag } : {}),
        },
        onDownloadProgress: (e) => onProgress(e.loaded, e.total ?? 0),
        timeout: 120_000,
      });
    } catch (err) {
      if (unanswered(err)) throw new PortalFailure('network_unavailable');
      throw new PortalFailure('internal');
    }
    if (res.status === 304) return { status: 304 };
    if (res.status === 200) {
      return {
        status: 200,
        bytes: Buffer.from(res.data),
        etag: String(res.headers.etag ?? ''),
        contentType: String(res.headers['content-type'] ?? ''),
      };
    }
    return this.failure(res.status, Buffer.from(res.data));
  }

  /**
   * Streams a large answer (a copy of one's data) to `target`, through a `.part` file renamed
   * when complete, so a broken download never leaves a file that looks whole. Errors as for
   * every call; the partial file is removed.
   */
  async downloadToFile(
    path: string,
    token: string,
    target: string,
    onProgress: (received: number, total: number) => void,
  ): Promise<void> {
    let res;
    try {
      res = await this.http.request<Readable>({
        method: 'GET',
        url: path,
        responseType: 'stream',
        headers: { authorization: `Bearer ${token}`, accept: 'application/zip' },
        timeout: 0,
      });
    } catch (err) {
      if (unanswered(err)) throw new PortalFailure('network_unavailable');
      throw new PortalFailure('internal');
    }
    if (res.status !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res.data) chunks.push(c as Buffer);
      return this.failure(res.status, Buffer.concat(chunks));
    }
    const total = Number(res.headers['content-length'] ?? 0);
    let received = 0;
    res.data.on('data', (c: Buffer) => {
      received += c.length;
      onProgress(received, total);
    });
    const part = `${target}.part`;
    try {
      await pipeline(res.data, fs.createWriteStream(part));
      if (total && received !== total) throw new Error('short download');
      await fs.promises.rename(part, target);
    } catch (err) {
      await fs.promises.rm(part, { force: true });
      if (err instanceof PortalFailure) throw err;
      throw new PortalFailure('network_unavailable');
    }
  }

  /**
   * Sends one file as the raw body (api-v1.md, Uploads) with progress as it goes. Never
   * tried again by itself: the person sees the failure and chooses to retry.
   */
  async upload<S extends z.ZodType>(
    path: string,
    token: string,
    bytes: Buffer,
    headers: Record<string, string>,
    schema: S,
    onProgress: (sent: number, total: number) => void,
  ): Promise<z.output<S>> {
    let res;
    try {
      res = await this.http.request<ArrayBuffer>({
        method: 'POST',
        url: path,
        data: bytes,
        responseType: 'arraybuffer',
        headers: { authorization: `Bearer ${token}`, 'content-length': String(bytes.length), ...headers },
        onUploadProgress: (e) => onProgress(e.loaded, e.total ?? bytes.length),
        maxBodyLength: Infinity,
        timeout: 120_000,
      });
    } catch (err) {
      if (unanswered(err)) throw new PortalFailure('network_unavailable');
      throw new PortalFailure('internal');
    }
    if (res.status >= 200 && res.status < 300) {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.from(res.data).toString('utf8'));
      } catch {
        // not JSON: checked below
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new PortalFailure('internal', { reason: 'answer_schema' });
      return parsed.data;
    }
    return this.failure(res.status, Buffer.from(res.data));
  }

  /** An error answer's code, passed on unchanged (a body that is not the contract's shape says little). */
  private failure(status: number, raw: Buffer): never {
    let body: unknown = null;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      // not JSON: no error code to pass on
    }
    const error = ErrorBodySchema.safeParse(body);
    if (error.success) throw new PortalFailure(error.data.error.code, error.data.error.details);
    throw new PortalFailure(status >= 500 ? 'unavailable' : 'internal');
  }

  /**
   * Opens a server-sent-events stream: answers its body as it arrives. No time limit (the
   * service's keep-alive lines show it is alive); `signal` ends it. Errors as for every call.
   */
  async stream(
    path: string,
    token: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Buffer>> {
    let res;
    try {
      res = await this.http.request<NodeJS.ReadableStream>({
        method: 'GET',
        url: path,
        responseType: 'stream',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
        timeout: 0,
        signal,
      });
    } catch (err) {
      if (unanswered(err)) throw new PortalFailure('network_unavailable');
      throw new PortalFailure('internal');
    }
    if (res.status === 200) return res.data as unknown as AsyncIterable<Buffer>;
    const chunks: Buffer[] = [];
    for await (const chunk of res.data as unknown as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    return this.failure(res.status, Buffer.concat(chunks));
  }

  private async once<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    options: CallOptions,
  ): Promise<ApiAnswer<z.output<S>>> {
    let res;
    try {
      res = await this.http.request({
        method,
        url: path,
        data: options.body,
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        headers: {
          ...options.headers,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.language ? { 'accept-language': options.language } : {}),
        },
      });
    } catch (err) {
      if (unanswered(err)) throw new PortalFailure('network_unavailable');
      throw new PortalFailure('internal');
    }
    const date = Date.parse(String(res.headers.date ?? ''));
    // The header counts whole seconds: a difference under one second is its rounding, not a wrong clock.
    const raw = Number.isNaN(date) ? 0 : date + 500 - Date.now();
    const clockSkewMs = Math.abs(raw) < 1500 ? 0 : raw;
    if (res.status >= 200 && res.status < 300) {
      const parsed = schema.safeParse(res.status === 204 ? {} : res.data);
      if (!parsed.success) throw new PortalFailure('internal', { reason: 'answer_schema' });
      return { value: parsed.data, clockSkewMs };
    }
    const error = ErrorBodySchema.safeParse(res.data);
    if (error.success) throw new PortalFailure(error.data.error.code, error.data.error.details);
    throw new PortalFailure(res.status >= 500 ? 'unavailable' : 'internal');
  }
}

/** `?a=1&b=2` of the parameters that are set; nothing when none is. */
export function queryString(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return q.size ? `?${q}` : '';
}
