import english from 'an-array-of-english-words';
import { describe, expect, it } from 'vitest';
import { ClaimStatusSchema } from '../../contract/api/claims';
import { ConsultationStatusSchema } from '../../contract/api/consultations';
import { RequestStatusSchema } from '../../contract/api/requests';
import { en } from '../../renderer/i18n/en';
import { id } from '../../renderer/i18n/id';
import { inboxText, type InboxTemplate } from '../../server/domain/events/inbox-texts';

/**
 * One language per screen: a dictionary check of the app's two message files and the service's
 * texts (Kotak Masuk). An Indonesian text may hold no English word but the ones Indonesian uses as
 * its own; an English text no word found only in the Indonesian texts, but names.
 */
const ENGLISH = new Set(english as string[]);

/**
 * Words of Indonesian that English word lists also hold (dan, kami, polis …), and the loanwords
 * and terms Indonesian screens use as they are: the guide's own Username and Password, banks'
 * Virtual Account, Mobile/Internet banking and PIN, an insurer's unit link and rider.
 */
const INDONESIAN_TOO = new Set(
  (
    'agar bank beres buat dan dari daftar data debit di digital email file format halo hapus id jaga jam juga kabar kami ' +
    'kamis kata lain lama lunas masa menu minimal minimum non orang paling per pin polis portal pos proses ' +
    'sama saran saring status surat tempo ti total transfer unit valid wit ya yang ' +
    'account banking internet mobile virtual password username token kiosk printer folder link resume rider ' +
    'online caps lock limit zip'
  ).split(' '),
);

/** Names and codes an English screen writes as they are. */
const NAMES = new Set(
  (
    'nasabah tabarru ktp wib wita wit rp atm bca bni bri mandiri permata gopay shopeepay qris qr pdf jpg png mb km ' +
    'sms eula icd ip co ddmmyyyy nik ojk laps sjk'
  ).split(' '),
);

const leaves = (o: unknown): string[] =>
  typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(leaves) : [];
const words = (text: string): string[] =>
  (
    text
      .replace(/\{\{[^}]*\}\}/gu, ' ')
      .replace(/https?:\S+/gu, ' ')
      .replace(/\S+@\S+/gu, ' ')
      .match(/\p{L}[\p{L}-]*/gu) ?? []
  )
    .map((w) => w.toLowerCase().replace(/-$/u, ''))
    // A lone letter is a code's part (K-1) or an article, in either language.
    .filter((w) => w.length > 1);

/** Every inbox text the service writes, in one language. */
function serviceTexts(lang: 'id' | 'en'): string[] {
  const care = { phone: '1500 123', email: 'halo@example.com' };
  const statuses = [
    ...ClaimStatusSchema.options,
    ...ConsultationStatusSchema.options,
    ...RequestStatusSchema.options,
    // An autodebit's news, and a statement's kind.
    ...['active', 'failed', 'ended_customer', 'ended_failures', 'yearly', 'requested'],
  ];
  const templates: InboxTemplate[] = [
    'account_created',
    'password_reset',
    'password_changed',
    'contact_changed',
    'username_changed',
    'claim_status',
    'payment_received',
    'consultation_status',
    'request_status',
    'data_export_ready',
    'premium_reminder',
    'autodebit_status',
    'statement_ready',
  ];
  return templates.flatMap((t) =>
    statuses.flatMap((status) => {
      const m = inboxText(
        t,
        {
          status,
          amount: 1_500_000,
          date: '2026-12-01',
          claimNumber: 'K-1',
          requestNumber: 'R-1',
          consultationNumber: 'T-1',
          policyNumber: 'P-1',
          username: 'u1',
          oldUsername: 'u2',
          channel: 'sms',
          contact: '+62 •••• 1234',
          at: 0,
        },
        lang,
        care,
      );
      return [m.title, m.body];
    }),
  );
}

const idTexts = [...leaves(id), ...serviceTexts('id')];
const enTexts = [...leaves(en), ...serviceTexts('en')];
/** Indonesian as this app writes it: every word of its Indonesian texts that is no English word. */
const INDONESIAN = new Set(idTexts.flatMap(words).filter((w) => !ENGLISH.has(w)));

describe('one language on a screen', () => {
  it('writes no English word on an Indonesian screen', () => {
    const found = new Map<string, string>();
    for (const text of idTexts)
      for (const w of words(text)) if (ENGLISH.has(w) && !INDONESIAN_TOO.has(w)) found.set(w, text);
    expect(Object.fromEntries(found)).toEqual({});
  });

  it('writes no Indonesian word on an English screen', () => {
    const found = new Map<string, string>();
    for (const text of enTexts) for (const w of words(text)) if (INDONESIAN.has(w) && !NAMES.has(w)) found.set(w, text);
    expect(Object.fromEntries(found)).toEqual({});
  });

  it('catches a word of the other language (the check can fail)', () => {
    expect(words('Bayar tagihan top up').filter((w) => ENGLISH.has(w) && !INDONESIAN_TOO.has(w))).toEqual([
      'top',
      'up',
    ]);
    expect(words('Your claim is Dianalisis').filter((w) => INDONESIAN.has(w) && !NAMES.has(w))).toEqual(['dianalisis']);
  });
});
