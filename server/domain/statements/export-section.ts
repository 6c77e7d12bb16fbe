import { normalisePolicyNumber } from '../../../contract/api/common';
import type { Policies } from '../policies/policies';
import type { ExportSection } from '../privacy/export/sections';
import type { FundValues } from './fund-values';

/** The unit-linked policies' movements the person can see (statements.md); statements are among the policy documents. */
export function fundsExportSection(values: FundValues, policies: Policies): ExportSection {
  return {
    key: 'funds',
    title: { id: 'Transaksi unit dana investasi', en: 'Investment fund unit transactions' },
    async collect(p, sink) {
      const out = [];
      for (const x of await policies.list(p.customerId)) {
        const policy = await values.funded(p.customerId, normalisePolicyNumber(x.policyNumber)).catch(() => null);
        if (!policy) continue;
        out.push({ policyNumber: x.policyNumber, movements: await values.movementsOf(policy.policyNumber) });
      }
      sink.json('funds', out);
      return out.reduce((n, x) => n + x.movements.length, 0);
    },
  };
}
