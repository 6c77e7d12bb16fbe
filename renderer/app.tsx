import { useEffect, useMemo, useState } from 'react';
import { HashRouter, Navigate, Route, Routes, useNavigate } from 'react-router';
import type { Notice, SessionUser } from '../contract/api/identity';
import type { AppInfo, SignedOut } from '../contract/ipc';
import type { Portal } from '../contract/portal';
import { AppContext, type AppState } from './app-context';
import { Frame } from './components/frame';
import { switchLanguage } from './i18n';
import { ConfigProblems } from './screens/config-problems';
import { Forgot } from './screens/forgot';
import { DocumentScreen } from './screens/document';
import { Home } from './screens/home';
import { Policy } from './screens/policy';
import { Login } from './screens/login';
import { Register } from './screens/register';
import { Welcome } from './screens/welcome';

function Screens(props: { portal: Portal; info: AppInfo; initialUser: SessionUser | null }) {
  const navigate = useNavigate();
  const [info, setInfo] = useState(props.info);
  const [user, setUser] = useState<SessionUser | null>(props.initialUser);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [signedOut, setSignedOut] = useState<SignedOut['reason'] | null>(null);

  useEffect(
    () =>
      props.portal.session.onSignedOut(({ reason }) => {
        setUser(null);
        setNotices([]);
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
    }),
    [props.portal, info, user, notices, signedOut],
  );

  return (
    <AppContext.Provider value={state}>
      <Frame>
        <Routes>
          <Route path="/" element={user ? <Navigate to="/menu" replace /> : <Welcome />} />
          <Route path="/masuk" element={<Login />} />
          <Route path="/daftar" element={<Register />} />
          <Route path="/lupa-password" element={<Forgot />} />
          <Route path="/menu" element={<Home />} />
          <Route path="/polis/:policyNumber" element={user ? <Policy /> : <Navigate to="/" replace />} />
          <Route
            path="/polis/:policyNumber/dokumen/:documentId"
            element={user ? <DocumentScreen /> : <Navigate to="/" replace />}
          />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Frame>
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
