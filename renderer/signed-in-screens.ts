/**
 * The signed-in areas, loaded as one chunk after the first screen: the welcome and login screens
 * start without them (a faster first screen), and they arrive while the person types.
 */
export { SignedInLayout } from './components/signed-in-layout';
export { Account } from './screens/account';
export { Beranda } from './screens/beranda';
export { ClaimPage } from './screens/claims/claim-page';
export { ClaimWizard } from './screens/claims/claim-wizard';
export { ClaimsList } from './screens/claims/claims-list';
export { ConsultList, ConsultStart } from './screens/consult/consult-list';
export { ConsultPage } from './screens/consult/consult-page';
export { DocumentScreen } from './screens/document';
export { Inbox, InboxMessageScreen } from './screens/inbox';
export { MemberCardScreen } from './screens/network/member-card';
export { ProviderPage } from './screens/network/provider-page';
export { ProvidersScreen } from './screens/network/providers';
export { BillsScreen } from './screens/payments/bills';
export { PayScreen } from './screens/payments/pay';
export { Policies } from './screens/policies';
export { Policy } from './screens/policy';
export { RequestNew } from './screens/requests/request-new';
export { RequestPage, RequestsList } from './screens/requests/requests-list';
export { ComplaintsList } from './screens/complaints/complaints-list';
export { ComplaintNew } from './screens/complaints/complaint-new';
export { ComplaintPage } from './screens/complaints/complaint-page';
export { ComplaintReceipt } from './screens/complaints/complaint-receipt';
export { DataSaya } from './screens/privacy/data-saya';
