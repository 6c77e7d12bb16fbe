import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType } from 'react';
import { HashRouter, Navigate, Route, Routes, useNavigate } from 'react-router';
import type { Notice, SessionUser } from '../contract/api/identity';
import type { AppInfo, SignedOut } from '../contract/ipc';
import type { Portal } from '../contract/portal';
import { AppContext, type AppState } from './app-context';
import { ToastProvider } from './components/feedback';
import { Frame } from './components/frame';
import { switchLanguage } from './i18n';
import { ConfigProblems } from './screens/config-problems';
import { Forgot } from './screens/forgot';
import { Login } from './screens/login';
import { Welcome } from './screens/welcome';
import { Skeleton } from './components/ui';
import { loadSignedIn } from './signed-in-chunk';

/**
 * The signed-in areas are fetched once the first screen has been up this long and the window is
 * idle: evaluating them takes the main thread for a while (about 60 ms on a 2-core machine), which
 * must not land on the first keystrokes. Someone who signs in sooner has them fetched by Masuk while
 * the service checks the password.
 */
const PREFETCH_DELAY_MS = 1500;
const area = <K extends keyof Awaited<ReturnType<typeof loadSignedIn>>>(name: K) =>
  lazy(() => loadSignedIn().then((m) => ({ default: m[name] as ComponentType })));
// Daftar checks what is typed with the contract's schemas: it brings zod, which the first screen does without.
const Register = lazy(() => import('./screens/register').then((m) => ({ default: m.Register })));
const SignedInLayout = area('SignedInLayout');
const Account = area('Account');
const Beranda = area('Beranda');
const ClaimPage = area('ClaimPage');
const ClaimWizard = area('ClaimWizard');
const ClaimsList = area('ClaimsList');
const ConsultList = area('ConsultList');
const ConsultStart = area('ConsultStart');
const ConsultPage = area('ConsultPage');
const DocumentScreen = area('DocumentScreen');
const Inbox = area('Inbox');
const InboxMessageScreen = area('InboxMessageScreen');
const MemberCardScreen = area('MemberCardScreen');
const ProviderPage = area('ProviderPage');
const ProvidersScreen = area('ProvidersScreen');
const BillsScreen = area('BillsScreen');
const PayScreen = area('PayScreen');
const Policies = area('Policies');
const Policy = area('Policy');
const RequestNew = area('RequestNew');
const RequestPage = area('RequestPage');
const RequestsList = area('RequestsList');
const ComplaintsList = area('ComplaintsList');
const ComplaintNew = area('ComplaintNew');
const ComplaintPage = area('ComplaintPage');
const ComplaintReceipt = area('ComplaintReceipt');
const DataSaya = area('DataSaya');

function Screens(props: { portal: Portal; info: AppInfo; initialUser: SessionUser | null }) {
  const navigate = useNavigate();
  const [info, setInfo] = useState(props.info);
  const [user, setUser] = useState<SessionUser | null>(props.initialUser);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [signedOut, setSignedOut] = useState<SignedOut['reason'] | null>(null);
  const [unread, setUnread] = useState(0);

  // Kotak Masuk's count: read when someone signs in, then kept by the events stream.
  useEffect(() => {
    if (!user) return;
    void props.portal.inbox.list({ unread: true }).then((r) => r.ok && setUnread(r.value.unreadCount));
    const offMessage = props.portal.inbox.onMessage(({ unreadCount }) => setUnread(unreadCount));
    // A desktop notification was clicked: show the message.
    const offOpen = props.portal.inbox.onOpen(({ messageId }) => navigate(`/kotak-masuk/${messageId}`));
    return () => {
      offMessage();
      offOpen();
    };
  }, [props.portal, user, navigate]);

  // The signed-in areas load while the person reads the first screen (see PREFETCH_DELAY_MS).
  useEffect(() => {
    performance.mark('first-screen');
    let idle = 0;
    const timer = setTimeout(() => {
      idle = requestIdleCallback(() => void loadSignedIn(), { timeout: PREFETCH_DELAY_MS });
    }, PREFETCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      cancelIdleCallback(idle);
    };
  }, []);

  useEffect(
    () =>
      props.portal.session.onSignedOut(({ reason }) => {
        setUser(null);
        setNotices([]);
        setUnread(0);
        setSignedOut(reason);
        navigate('/');
      }),
    [props.portal, navigate],
  );

  const state = useMemo<AppState>(
    () => ({
      portal: props.portal,
      info,
      user,
      notices,
      signedOut,
      signedIn(u, n) {
        setUser(u);
        setNotices(n);
        setSignedOut(null);
      },
      async setLanguage(lang) {
        await switchLanguage(lang);
        await props.portal.app.setLanguage(lang);
        setInfo({ ...info, language: lang });
      },
      unread,
      setUnread,
    }),
    [props.portal, info, user, notices, signedOut, unread],
  );

  return (
    <AppContext.Provider value={state}>
      <ToastProvider>
        <Frame>
          <Suspense fallback={<Skeleton lines={4} />}>
            <Routes>
              <Route path="/" element={user ? <Navigate to="/beranda" replace /> : <Welcome />} />
              <Route path="/masuk" element={<Login />} />
              <Route path="/daftar" element={<Register />} />
              <Route path="/lupa-password" element={<Forgot />} />
              <Route path="/menu" element={<Navigate to="/beranda" replace />} />
              <Route element={<SignedInLayout />}>
                <Route path="/beranda" element={<Beranda />} />
                <Route path="/polis" element={<Policies />} />
                <Route path="/polis/:policyNumber" element={<Policy />} />
                <Route path="/klaim" element={<ClaimsList />} />
                <Route path="/klaim/baru" element={<ClaimWizard />} />
                <Route path="/klaim/:claimId/ubah" element={<ClaimWizard />} />
                <Route path="/klaim/:claimId" element={<ClaimPage />} />
                <Route path="/pembayaran" element={<BillsScreen />} />
                <Route path="/pembayaran/tagihan/:billId" element={<PayScreen />} />
                <Route path="/transaksi" element={<RequestsList />} />
                <Route path="/transaksi/baru" element={<RequestNew />} />
                <Route path="/transaksi/:requestId" element={<RequestPage />} />
                <Route path="/telekonsultasi" element={<ConsultList />} />
                <Route path="/telekonsultasi/baru" element={<ConsultStart />} />
                <Route path="/telekonsultasi/:consultationId" element={<ConsultPage />} />
                <Route path="/rumah-sakit" element={<ProvidersScreen />} />
                <Route path="/rumah-sakit/:providerId" element={<ProviderPage />} />
                <Route path="/polis/:policyNumber/kartu" element={<MemberCardScreen />} />
                <Route path="/kotak-masuk" element={<Inbox />} />
                <Route path="/kotak-masuk/:messageId" element={<InboxMessageScreen />} />
                <Route path="/akun" element={<Account />} />
                <Route path="/akun/data-saya" element={<DataSaya />} />
                <Route path="/pengaduan" element={<ComplaintsList />} />
                <Route path="/pengaduan/baru" element={<ComplaintNew />} />
                <Route path="/pengaduan/:complaintId" element={<ComplaintPage />} />
              </Route>
              {/* The reader has the whole window; its toolbar is its way back. */}
              <Route
                path="/polis/:policyNumber/dokumen/:documentId"
                element={user ? <DocumentScreen /> : <Navigate to="/" replace />}
              />
              <Route
                path="/pengaduan/:complaintId/tanda-terima"
                element={user ? <ComplaintReceipt /> : <Navigate to="/" replace />}
              />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </Frame>
      </ToastProvider>
    </AppContext.Provider>
  );
}

export function App(props: { portal: Portal; info: AppInfo; initialUser: SessionUser | null }) {
  if (props.info.configProblems) return <ConfigProblems problems={props.info.configProblems} />;
  return (
    <HashRouter>
      <Screens {...props} />
    </HashRouter>
  );
}
