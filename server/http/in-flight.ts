import type { FastifyInstance, FastifyRequest } from 'fastify';

const COUNTED = Symbol('counted in flight');

/**
 * How many requests this instance is answering right now (an events stream, which stays open
 * for hours, is not one of them): the job runner gives way while requests queue.
 */
export function countInFlight(app: FastifyInstance): () => number {
  let inFlight = 0;
  const done = (request: FastifyRequest) => {
    const r = request as FastifyRequest & { [COUNTED]?: boolean };
    if (!r[COUNTED]) return;
    r[COUNTED] = false;
    inFlight--;
  };
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/v1/events') || request.url.startsWith('/v1/doctor/events')) return;
    (request as FastifyRequest & { [COUNTED]?: boolean })[COUNTED] = true;
    inFlight++;
  });
  app.addHook('onResponse', async (request) => done(request));
  app.addHook('onRequestAbort', async (request) => done(request));
  return () => inFlight;
}
