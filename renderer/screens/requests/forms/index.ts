import type { RequestType } from '../../../../contract/api/requests';
import { addressForm } from './address';
import { beneficiariesForm } from './beneficiaries';
import { dataCorrectionForm } from './data-correction';
import type { RequestForm } from './form-def';
import { fundSwitchForm, topUpForm } from './funds';
import { paymentMethodForm } from './payment-method';
import { policyBookForm } from './policy-book';
import { reinstatementForm } from './reinstatement';
import { withdrawalForm } from './withdrawal';

/** Each request type's form, one component per type on the form layer. */
export const REQUEST_FORMS: Partial<Record<RequestType, RequestForm<object>>> = {
  address_change: addressForm,
  beneficiary_change: beneficiariesForm,
  payment_method_change: paymentMethodForm,
  fund_switch: fundSwitchForm,
  top_up: topUpForm,
  withdrawal: withdrawalForm,
  policy_book_duplicate: policyBookForm,
  reinstatement: reinstatementForm,
  data_correction: dataCorrectionForm,
};
export type { RequestContext } from './form-def';
