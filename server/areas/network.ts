import { cardSigningKey } from '../domain/network/card-signing';
import { MemberCards } from '../domain/network/member-card';
import { Network } from '../domain/network/network';
import { cardKeyRoutes, networkRoutes } from '../http/routes/network';
import type { Foundation } from './foundation';

/** Rumah Sakit & Klinik and Kartu Peserta (network.md): the provider search and the signed member card. */
export async function networkArea(f: Foundation): Promise<void> {
  const network = new Network(f.store.db, f.store.kind, f.policies);
  const cards = new MemberCards(f.policies, cardSigningKey(f.config, f.ctx.keyed), f.clock);
  await f.app.register(networkRoutes(network, cards, f.sessions));
  await f.app.register(cardKeyRoutes(cards));
}
