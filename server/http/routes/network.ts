import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CardKeySchema,
  CardQuerySchema,
  MemberCardSchema,
  ProviderAnswerSchema,
  ProviderIdParamsSchema,
  ProviderListSchema,
  ProviderSearchQuerySchema,
  RegionsSchema,
} from '../../../contract/api/network';
import { PolicyNumberParamsSchema } from '../../../contract/api/policies';
import type { Sessions } from '../../domain/identity/sessions';
import type { MemberCards } from '../../domain/network/member-card';
import type { Network } from '../../domain/network/network';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** Daftar Rumah Sakit & Klinik Rekanan and Kartu Peserta (network.md), for signed-in customers. */
export function networkRoutes(network: Network, cards: MemberCards, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['network'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));

    app.get('/v1/providers', {
      schema: {
        tags,
        security,
        querystring: ProviderSearchQuerySchema,
        response: { 200: ProviderListSchema, ...errorResponses },
      },
      handler: async (req) => network.search(principalOf(req), req.query),
    });
    app.get('/v1/providers/:providerId', {
      schema: {
        tags,
        security,
        params: ProviderIdParamsSchema,
        response: { 200: ProviderAnswerSchema, ...errorResponses },
      },
      handler: async (req) => network.get(req.params.providerId),
    });
    app.get('/v1/regions', {
      schema: { tags, security, response: { 200: RegionsSchema, ...errorResponses } },
      handler: async () => network.regions(),
    });
    app.get('/v1/policies/:policyNumber/card', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        querystring: CardQuerySchema,
        response: { 200: MemberCardSchema, ...errorResponses },
      },
      handler: async (req) => cards.card(principalOf(req).customerId, req.params.policyNumber, req.query.personId),
    });
  };
}

/** The card's public key, for any front desk: no session needed, and it may be cached. */
export function cardKeyRoutes(cards: MemberCards): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get('/v1/card-key', {
      schema: { tags: ['network'], response: { 200: CardKeySchema, ...errorResponses } },
      handler: async (_req, reply) => {
        void reply.header('cache-control', 'public, max-age=3600');
        return cards.jwk;
      },
    });
  };
}
