import { createContext, useContext } from 'react';
import type { Portal } from '../contract/portal';
import type { AppInfo, SignedOut } from '../contract/ipc';
import type { Notice } from '../contract/api/identity';

export interface AppState {
  portal: Portal;
  info: AppInfo;
  user: { username: string; fullName: string } | null;
  notices: Notice[];
  signedOut: SignedOut['reason'] | null;
  signedIn(user: { username: string; fullName: string }, notices: Notice[]): void;
  setLanguage(lang: 'id' | 'en'): Promise<void>;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('outside the app');
  return ctx;
}
