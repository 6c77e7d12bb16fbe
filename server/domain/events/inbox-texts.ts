import type { Language } from '../../../contract/api/common';
import type { Care } from '../../notify/messages';

/** What an inbox message says, by template, in the reader's language (written when read). */
export type InboxTemplate =
  'account_created' | 'password_reset' | 'password_changed' | 'contact_changed' | 'username_changed';

export interface InboxParams {
  /** When it happened (epoch ms). */
  at?: number;
  username?: string;
  oldUsername?: string;
  channel?: 'sms' | 'email';
  /** A contact as shown (masked). */
  contact?: string;
}

/** An instant as a person in Indonesia reads it: Jakarta time, named. */
function when(at: number | undefined, lang: Language): string {
  if (at === undefined) return '';
  const text = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Asia/Jakarta',
  }).format(at);
  return `${text} WIB`;
}

export function inboxText(
  template: InboxTemplate,
  p: InboxParams,
  lang: Language,
  care: Care,
): { title: string; body: string } {
  const help =
    lang === 'id' ? `hubungi ${care.phone} atau ${care.email}` : `call ${care.phone} or write to ${care.email}`;
  switch (template) {
    case 'account_created':
      return lang === 'id'
        ? {
            title: 'Selamat datang di Portal Nasabah',
            body: `Akun Anda aktif sejak ${when(p.at, lang)}. Username Anda ${p.username}. Jangan beritahukan username dan password Anda kepada pihak lain.`,
          }
        : {
            title: 'Welcome to Portal Nasabah',
            body: `Your account has been active since ${when(p.at, lang)}. Your username is ${p.username}. Keep your username and password to yourself.`,
          };
    case 'password_reset':
      return lang === 'id'
        ? {
            title: 'Password Anda telah diganti',
            body: `Password Anda diganti melalui Lupa Password pada ${when(p.at, lang)}, dan semua sesi yang terbuka telah diakhiri. Jika bukan Anda yang melakukannya, segera ${help}.`,
          }
        : {
            title: 'Your password was changed',
            body: `Your password was changed through Forgot password on ${when(p.at, lang)}, and every open session was signed out. If this was not you, ${help} at once.`,
          };
    case 'password_changed':
      return lang === 'id'
        ? {
            title: 'Password Anda telah diganti',
            body: `Password Anda diganti melalui Akun Saya pada ${when(p.at, lang)}. Jika bukan Anda yang melakukannya, segera ${help}.`,
          }
        : {
            title: 'Your password was changed',
            body: `Your password was changed in Akun Saya on ${when(p.at, lang)}. If this was not you, ${help} at once.`,
          };
    case 'contact_changed':
      return lang === 'id'
        ? {
            title: p.channel === 'sms' ? 'Nomor ponsel Anda telah diubah' : 'Alamat email Anda telah diubah',
            body: `Kontak Anda diubah menjadi ${p.contact} melalui Akun Saya pada ${when(p.at, lang)}. Jika bukan Anda yang melakukannya, segera ${help}.`,
          }
        : {
            title: p.channel === 'sms' ? 'Your mobile number was changed' : 'Your e-mail address was changed',
            body: `Your contact was changed to ${p.contact} in Akun Saya on ${when(p.at, lang)}. If this was not you, ${help} at once.`,
          };
    case 'username_changed':
      return lang === 'id'
        ? {
            title: 'Username baru Anda',
            body: `Untuk masuk ke Portal Nasabah, gunakan username baru ${p.username} dengan password yang sama. Username lama ${p.oldUsername} hanya berlaku untuk sementara.`,
          }
        : {
            title: 'Your new username',
            body: `Sign in to Portal Nasabah with your new username ${p.username} and the same password. Your old username ${p.oldUsername} works only for a while.`,
          };
  }
}
