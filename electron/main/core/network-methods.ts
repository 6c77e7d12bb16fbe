import crypto from 'node:crypto';
import { MemberCardSchema, ProviderListSchema, ProviderSchema, RegionsSchema } from '../../../contract/api/network';
import type { DeviceKind } from '../../../contract/api/identity';
import { queryString, type ApiClient } from './api-client';
import type { DocumentCache } from './document-cache';
import { telLink } from './external-urls';
import type { PortalMethods } from './portal';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';

export interface NetworkMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
  mode: DeviceKind;
  /** The member card's kept copy lives with the documents: encrypted, and none on a kiosk. */
  documentCache: DocumentCache;
  openExternal: (url: string) => Promise<void>;
}

type NetworkMethods = Pick<PortalMethods, Extract<keyof PortalMethods, `network.${string}`> | 'policies.card'>;
const id = (s: string) => encodeURIComponent(s);

/** The kept card's name: the person signed in, the policy and the person on the card, hashed. */
function cardCacheId(username: string, policyNumber: string, personId: string | undefined): string {
  const h = crypto.createHash('sha256').update(`card\u0000${username}\u0000${policyNumber}\u0000${personId ?? ''}`);
  return `card_${h.digest('base64url').slice(0, 40)}`;
}

/**
 * Rumah Sakit & Klinik and Kartu Peserta in `window.portal` (network.md, The app). Calls and
 * directions leave through the main process, built here from the provider's own data, never
 * from a URL the renderer names.
 */
export function createNetworkMethods(o: NetworkMethodsOptions): NetworkMethods {
  const provider = (providerId: string) =>
    o.sessions.authorized(
      async (token) => (await o.api.call('GET', `/v1/providers/${id(providerId)}`, ProviderSchema, { token })).value,
    );
  const leave = async (url: string | undefined) => {
    if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
    if (!url) throw new PortalFailure('invalid_input', { fields: ['providerId'] });
    await o.openExternal(url);
    return {};
  };

  return {
    'network.search': ({ near, cashlessOnly, ...rest }) =>
      o.sessions.authorized(
        async (token) =>
          (
            await o.api.call(
              'GET',
              `/v1/providers${queryString({
                ...rest,
                ...(near ? { near: `${near.lat},${near.lon}` } : {}),
                ...(cashlessOnly ? { cashlessOnly: 'true' } : {}),
              })}`,
              ProviderListSchema,
              { token },
            )
          ).value,
      ),
    'network.get': ({ providerId }) => provider(providerId),
    'network.regions': () => o.sessions.call('GET', '/v1/regions', RegionsSchema),
    'network.call': async ({ providerId }) => {
      if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
      const p = await provider(providerId);
      return leave(p.phone ? telLink(p.phone) : undefined);
    },
    'network.directions': async ({ providerId }) => {
      if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
      const p = await provider(providerId);
      const destination = p.location ? `${p.location.lat},${p.location.lon}` : `${p.name}, ${p.address}, ${p.city}`;
      return leave(`https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(destination)}`);
    },
    'policies.card': async ({ policyNumber, personId }) => {
      const username = o.sessions.currentUser?.username;
      const cacheId = username ? cardCacheId(username, policyNumber, personId) : undefined;
      try {
        const card = await o.sessions.authorized(
          async (token) =>
            (
              await o.api.call(
                'GET',
                `/v1/policies/${id(policyNumber)}/card${queryString({ personId })}`,
                MemberCardSchema,
                { token },
              )
            ).value,
        );
        if (cacheId && username)
          await o.documentCache.put(username, cacheId, { etag: '', bytes: Buffer.from(JSON.stringify(card)) });
        return { ...card, fromCache: false };
      } catch (err) {
        // Without a network, the card kept at the last visit (it carries its own expiry).
        if (cacheId && username && err instanceof PortalFailure && err.code === 'network_unavailable') {
          const kept = await o.documentCache.get(username, cacheId);
          const card = kept ? MemberCardSchema.safeParse(JSON.parse(kept.bytes.toString('utf8'))) : undefined;
          if (card?.success) return { ...card.data, fromCache: true };
        }
        throw err;
      }
    },
  };
}
