import {
  FundPricesSchema,
  PolicyValueSchema,
  StatementSchema,
  TransactionListSchema,
} from '../../../contract/api/statements';
import { queryString } from './api-client';
import type { PortalMethods } from './portal';
import type { SessionManager } from './session-manager';

type StatementsMethods = Pick<
  PortalMethods,
  'funds.prices' | 'policies.value' | 'policies.transactions' | 'policies.requestStatement'
>;
const id = (s: string) => encodeURIComponent(s);

/** Fund prices, a policy's value and movements, and "Buat laporan" in `window.portal` (statements.md, The app). */
export function createStatementsMethods(o: { sessions: SessionManager }): StatementsMethods {
  return {
    'funds.prices': ({ fundCode, ...range }) =>
      o.sessions.call('GET', `/v1/funds/${id(fundCode)}/prices${queryString(range)}`, FundPricesSchema),
    'policies.value': ({ policyNumber, ...range }) =>
      o.sessions.call('GET', `/v1/policies/${id(policyNumber)}/value${queryString(range)}`, PolicyValueSchema),
    'policies.transactions': ({ policyNumber, ...q }) =>
      o.sessions.call('GET', `/v1/policies/${id(policyNumber)}/transactions${queryString(q)}`, TransactionListSchema),
    'policies.requestStatement': ({ policyNumber, from, to }) =>
      o.sessions.call('POST', `/v1/policies/${id(policyNumber)}/statements`, StatementSchema, { body: { from, to } }),
  };
}
