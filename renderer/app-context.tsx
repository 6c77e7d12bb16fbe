import { createContext, useContext } from 'react';
import type { Portal } from '../contract/portal';
import type { AppInfo, SignedOut } from '../contract/ipc';
import type { Language } from '../contract/api/common';
import type { Notice, SessionUser } from '../contract/api/identity';

export interface AppState {
  portal: Portal;
  info: AppInfo;
  user: SessionUser | null;
  notices: Notice[];
  signedOut: SignedOut['reason'] | null;
  signedIn(user: SessionUser, notices: Notice[]): void;
  setLanguage(lang: Language): Promise<void>;
  /** Kotak Masuk's unread count, kept current by the events the main process passes on. */
  unread: number;
  setUnread(count: number): void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('outside the app');
  return ctx;
}
