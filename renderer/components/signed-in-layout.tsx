import {
  ArrowLeftRight,
  Bell,
  ClipboardList,
  FileText,
  Home,
  Hospital,
  LogOut,
  MessageSquareWarning,
  Stethoscope,
  UserRound,
  Wallet,
} from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useNavigate } from 'react-router';
import { useApp } from '../app-context';
import { useAction, ErrorMessage } from './ui';

/**
 * The frame of every signed-in screen: the side navigation with every area built so far
 * (areas still to come are absent, not dead links), Kotak Masuk's unread count, the
 * person's name and Keluar. Alt+Left (Cmd+[ on macOS) goes back, as in a browser.
 */
export function SignedInLayout() {
  const { t } = useTranslation();
  const app = useApp();
  const navigate = useNavigate();
  const logout = useAction();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const back = (e.altKey && e.key === 'ArrowLeft') || (e.metaKey && e.key === '[');
      if (!back) return;
      e.preventDefault();
      navigate(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  if (!app.user) return <Navigate to="/" replace />;
  const link = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-item active' : 'nav-item');
  return (
    <div className="shell">
      <nav className="side" aria-label={t('nav.label')}>
        <p className="who">
          <UserRound aria-hidden="true" size={18} />
          <span>{app.user.fullName}</span>
        </p>
        <ul>
          <li>
            <NavLink to="/beranda" className={link}>
              <Home aria-hidden="true" size={18} />
              {t('nav.home')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/polis" className={link}>
              <FileText aria-hidden="true" size={18} />
              {t('nav.policies')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/klaim" className={link}>
              <ClipboardList aria-hidden="true" size={18} />
              {t('nav.claims')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/pembayaran" className={link}>
              <Wallet aria-hidden="true" size={18} />
              {t('nav.payments')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/transaksi" className={link}>
              <ArrowLeftRight aria-hidden="true" size={18} />
              {t('nav.requests')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/rumah-sakit" className={link}>
              <Hospital aria-hidden="true" size={18} />
              {t('nav.network')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/telekonsultasi" className={link}>
              <Stethoscope aria-hidden="true" size={18} />
              {t('nav.consult')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/pengaduan" className={link}>
              <MessageSquareWarning aria-hidden="true" size={18} />
              {t('nav.complaints')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/kotak-masuk" className={link}>
              <Bell aria-hidden="true" size={18} />
              {t('nav.inbox')}
              {app.unread > 0 && (
                <span className="badge">
                  {app.unread}
                  <span className="sr-only"> {t('nav.unread')}</span>
                </span>
              )}
            </NavLink>
          </li>
          <li>
            <NavLink to="/akun" className={link}>
              <UserRound aria-hidden="true" size={18} />
              {t('nav.account')}
            </NavLink>
          </li>
        </ul>
        <ErrorMessage error={logout.error} />
        <button
          type="button"
          className="nav-item logout"
          onClick={() => void logout.run(() => app.portal.session.logout())}
        >
          <LogOut aria-hidden="true" size={18} />
          {t('home.logout')}
        </button>
      </nav>
      <div className="content">
        <Outlet />
      </div>
    </div>
  );
}
