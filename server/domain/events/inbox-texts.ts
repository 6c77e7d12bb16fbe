import type { Language } from '../../../contract/api/common';
import { longDate, longDateTime } from '../../../contract/dates';
import { rupiah } from '../../../contract/money';
import type { Care } from '../../notify/messages';

/** What an inbox message says, by template, in the reader's language (written when read). */
export type InboxTemplate =
  | 'account_created'
  | 'password_reset'
  | 'password_changed'
  | 'contact_changed'
  | 'username_changed'
  | 'claim_status'
  | 'payment_received'
  | 'consultation_status'
  | 'request_status'
  | 'complaint_status'
  | 'data_export_ready'
  | 'premium_reminder'
  | 'autodebit_status'
  | 'statement_ready'
  | 'marketing';

export interface InboxParams {
  /** When it happened (epoch ms). */
  at?: number;
  username?: string;
  oldUsername?: string;
  channel?: 'sms' | 'email';
  /** A contact as shown (masked). */
  contact?: string;
  /** Claims: the claim's number, its new status, an amount, a date, and what the insurer wrote. */
  claimNumber?: string;
  status?: string;
  method?: string;
  amount?: number;
  date?: string;
  note?: string;
  /** Payments: the policy, and whether the bill is premi or kontribusi. */
  policyNumber?: string;
  label?: 'premi' | 'kontribusi';
  /** Teleconsultation: its number (never a symptom or the summary: those stay in the PDF). */
  consultationNumber?: string;
  /** Policy transactions: the request's number. */
  requestNumber?: string;
  /** Complaints: the complaint's number (its text stays on its page). */
  complaintNumber?: string;
  /** Marketing: the insurer's own words, in each language (written by the back office). */
  title?: Partial<Record<Language, string>>;
  body?: Partial<Record<Language, string>>;
}

function dateText(d: string | undefined, lang: Language): string {
  return d ? longDate(d, lang) : '';
}

/** Kotak Masuk's words for a claim that moved (claims.md: every change makes a message). */
function claimText(p: InboxParams, lang: Language): { title: string; body: string } {
  const n = p.claimNumber ?? '';
  const id = lang === 'id';
  switch (p.status) {
    case 'submitted':
      return id
        ? {
            title: `Klaim ${n} telah kami terima`,
            body: `Pengajuan klaim Anda sudah kami terima dan akan kami proses. Perkiraan keputusan paling lambat ${dateText(p.date, lang)}.`,
          }
        : {
            title: `We have received claim ${n}`,
            body: `Your claim has been received and will be processed. Expect a decision by ${dateText(p.date, lang)}.`,
          };
    case 'verifying':
      return id
        ? { title: `Klaim ${n} sedang diverifikasi`, body: 'Dokumen klaim Anda sedang kami periksa.' }
        : { title: `Claim ${n} is being verified`, body: 'We are checking the documents of your claim.' };
    case 'documents_requested':
      return id
        ? {
            title: `Klaim ${n} memerlukan dokumen tambahan`,
            body: `${p.note ?? ''} Unggah dokumennya di halaman klaim agar proses dapat dilanjutkan.`.trim(),
          }
        : {
            title: `Claim ${n} needs more documents`,
            body: `${p.note ?? ''} Upload them on the claim's page so that we can go on.`.trim(),
          };
    case 'assessing':
      return id
        ? { title: `Klaim ${n} sedang dianalisa`, body: 'Klaim Anda sedang dinilai oleh tim klaim kami.' }
        : { title: `Claim ${n} is being assessed`, body: 'Our claims team is assessing your claim.' };
    case 'approved':
      return p.method === 'cashless'
        ? id
          ? {
              title: `Surat jaminan klaim ${n} telah terbit`,
              body: `Kami menjamin biaya perawatan sampai ${rupiah(p.amount ?? 0, lang)}. Surat jaminan ada di Dokumen Polis.`,
            }
          : {
              title: `Guarantee letter for claim ${n} issued`,
              body: `We guarantee the cost of care up to ${rupiah(p.amount ?? 0, lang)}. The letter is in the policy documents.`,
            }
        : id
          ? {
              title: `Klaim ${n} disetujui`,
              body: `Klaim Anda disetujui sebesar ${rupiah(p.amount ?? 0, lang)}. Pembayaran akan segera kami proses.`,
            }
          : {
              title: `Claim ${n} approved`,
              body: `Your claim was approved for ${rupiah(p.amount ?? 0, lang)}. We will pay it shortly.`,
            };
    case 'rejected':
      return id
        ? { title: `Klaim ${n} tidak dapat disetujui`, body: `Alasan: ${p.note ?? ''}` }
        : { title: `Claim ${n} could not be approved`, body: `Reason: ${p.note ?? ''}` };
    case 'paid':
      return id
        ? {
            title: `Klaim ${n} telah dibayar`,
            body: `Sebesar ${rupiah(p.amount ?? 0, lang)} telah kami transfer pada ${dateText(p.date, lang)}.`,
          }
        : {
            title: `Claim ${n} paid`,
            body: `${rupiah(p.amount ?? 0, lang)} was transferred on ${dateText(p.date, lang)}.`,
          };
    default:
      return id
        ? { title: `Klaim ${n} dibatalkan`, body: 'Pengajuan klaim ini telah Anda batalkan.' }
        : { title: `Claim ${n} withdrawn`, body: 'You withdrew this claim.' };
  }
}

/** Kotak Masuk's words for a complaint that moved (complaints-privacy.md: every move makes a message). */
function complaintText(p: InboxParams, lang: Language): { title: string; body: string } {
  const n = p.complaintNumber ?? '';
  const due = dateText(p.date, lang);
  const id = lang === 'id';
  switch (p.status) {
    case 'received':
      return id
        ? {
            title: `Pengaduan ${n} telah kami terima`,
            body: `Kami akan menjawab paling lambat ${due}. Tanda terima pengaduan ada di halaman pengaduan.`,
          }
        : {
            title: `We have received complaint ${n}`,
            body: `We will answer by ${due} at the latest. The complaint's receipt is on its page.`,
          };
    case 'in_progress':
      return id
        ? { title: `Pengaduan ${n} sedang kami tangani`, body: `Jawaban kami paling lambat ${due}.` }
        : { title: `We are working on complaint ${n}`, body: `Our answer will come by ${due} at the latest.` };
    case 'extended':
      return id
        ? {
            title: `Waktu jawaban pengaduan ${n} kami perpanjang`,
            body: `Alasan: ${p.note ?? ''} Jawaban kami paling lambat ${due}.`,
          }
        : {
            title: `We need more time to answer complaint ${n}`,
            body: `Reason: ${p.note ?? ''} Our answer will come by ${due} at the latest.`,
          };
    case 'answered':
      return id
        ? {
            title: `Pengaduan ${n} telah kami jawab`,
            body: 'Baca jawaban kami di halaman pengaduan, lalu beri tahu kami apakah Anda puas.',
          }
        : {
            title: `We have answered complaint ${n}`,
            body: "Read our answer on the complaint's page, then tell us whether you are satisfied.",
          };
    case 'closed':
      return id
        ? { title: `Pengaduan ${n} selesai`, body: 'Terima kasih atas tanggapan Anda.' }
        : { title: `Complaint ${n} is closed`, body: 'Thank you for your feedback.' };
    case 'escalated':
      return id
        ? {
            title: `Pengaduan ${n} belum terselesaikan`,
            body: 'Anda dapat menempuh penyelesaian sengketa melalui LAPS SJK atau layanan konsumen OJK (157); caranya ada di halaman pengaduan.',
          }
        : {
            title: `Complaint ${n} is not resolved`,
            body: "You may take the dispute to LAPS SJK or OJK's consumer service (157); the complaint's page tells you how.",
          };
    default:
      return id
        ? { title: `Pengaduan ${n} dibatalkan`, body: 'Pengaduan ini telah Anda batalkan.' }
        : { title: `Complaint ${n} withdrawn`, body: 'You withdrew this complaint.' };
  }
}

/** An instant as a person in Indonesia reads it: Jakarta time, named. */
function when(at: number | undefined, lang: Language): string {
  return at === undefined ? '' : longDateTime(at, lang);
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
    case 'claim_status':
      return claimText(p, lang);
    case 'complaint_status':
      return complaintText(p, lang);
    case 'premium_reminder':
      return reminderText(p, lang);
    case 'autodebit_status':
      return autodebitText(p, lang, help);
    case 'statement_ready': {
      // `date` and `note`: the period; `status`: a yearly statement or one asked for.
      const period = `${longDate(p.date ?? '1970-01-01', lang)} – ${longDate(p.note ?? '1970-01-01', lang)}`;
      const yearly = p.status === 'yearly';
      return lang === 'id'
        ? {
            title: `${yearly ? 'Laporan tahunan' : 'Laporan'} dana polis ${p.policyNumber} sudah siap`,
            body: `Laporan Perkembangan Dana dan Transaksi periode ${period} ada di Dokumen Polis.`,
          }
        : {
            title: `${yearly ? 'The yearly statement' : 'The statement'} of policy ${p.policyNumber} is ready`,
            body: `The fund and transaction statement for ${period} is in the policy documents.`,
          };
    }
    case 'data_export_ready':
      // `at`: when the copy is deleted.
      return lang === 'id'
        ? {
            title: 'Salinan data Anda sudah siap',
            body: `Unduh di Akun Saya → Data Saya sebelum ${longDateTime(p.at ?? 0, lang)}; setelah itu salinannya kami hapus. Tidak merasa meminta? Segera ${help}.`,
          }
        : {
            title: 'The copy of your data is ready',
            body: `Download it under My account → My data before ${longDateTime(p.at ?? 0, lang)}; then we delete it. Did not ask for it? ${help[0]!.toUpperCase()}${help.slice(1)} at once.`,
          };
    case 'marketing':
      // The back office's own text, in the reader's language when it wrote one, else Indonesian.
      return { title: p.title?.[lang] ?? p.title?.id ?? '', body: p.body?.[lang] ?? p.body?.id ?? '' };
    case 'payment_received': {
      const what = premiumWord(p, lang);
      return lang === 'id'
        ? {
            title: `${what} polis ${p.policyNumber} telah kami terima`,
            body: `Pembayaran sebesar ${rupiah(p.amount ?? 0, lang)} telah kami terima. Kuitansinya ada di Dokumen Polis.`,
          }
        : {
            title: `${what} for policy ${p.policyNumber} received`,
            body: `We have received your payment of ${rupiah(p.amount ?? 0, lang)}. The receipt is in the policy documents.`,
          };
    }
    case 'request_status': {
      const n = p.requestNumber ?? '';
      const id = lang === 'id';
      switch (p.status) {
        case 'submitted':
          return id
            ? {
                title: `Pengajuan ${n} telah kami terima`,
                body: `Pengajuan perubahan polis ${p.policyNumber} akan segera kami proses.`,
              }
            : {
                title: `We have received request ${n}`,
                body: `Your change to policy ${p.policyNumber} will be processed soon.`,
              };
        case 'in_process':
          return id
            ? {
                title: `Pengajuan ${n} sedang diproses`,
                body: `Pengajuan perubahan polis ${p.policyNumber} sedang kami proses.`,
              }
            : {
                title: `Request ${n} is being processed`,
                body: `We are processing your change to policy ${p.policyNumber}.`,
              };
        case 'done':
          return id
            ? { title: `Pengajuan ${n} selesai`, body: `Perubahan polis ${p.policyNumber} sudah berlaku.` }
            : { title: `Request ${n} done`, body: `The change to policy ${p.policyNumber} is now in force.` };
        case 'rejected':
          return id
            ? {
                title: `Pengajuan ${n} ditolak`,
                body: `Pengajuan perubahan polis ${p.policyNumber} tidak dapat kami proses. Lihat alasannya di Transaksi Polis, atau ${help}.`,
              }
            : {
                title: `Request ${n} rejected`,
                body: `We could not carry out the change to policy ${p.policyNumber}. See why in Policy transactions, or ${help}.`,
              };
        default:
          return id
            ? { title: `Pengajuan ${n} dibatalkan`, body: 'Pengajuan ini telah Anda batalkan.' }
            : { title: `Request ${n} cancelled`, body: 'You cancelled this request.' };
      }
    }
    case 'consultation_status': {
      const n = p.consultationNumber ?? '';
      if (p.status === 'closed')
        return lang === 'id'
          ? {
              title: `Telekonsultasi ${n} selesai`,
              body: 'Ringkasan Telekonsultasi dari dokter ada di Dokumen Polis. Semoga lekas sembuh.',
            }
          : {
              title: `Teleconsultation ${n} finished`,
              body: "The doctor's summary is in the policy documents. Get well soon.",
            };
      return lang === 'id'
        ? {
            title: `Telekonsultasi ${n} belum dapat dilayani`,
            body: `Maaf, belum ada dokter yang dapat melayani dalam 30 menit. Silakan mulai konsultasi baru, atau ${help} jika mendesak.`,
          }
        : {
            title: `Teleconsultation ${n} could not be taken`,
            body: `Sorry, no doctor could take it within 30 minutes. Please start a new consultation, or ${help} if it is urgent.`,
          };
    }
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
            body: `Your password was changed in My account on ${when(p.at, lang)}. If this was not you, ${help} at once.`,
          };
    case 'contact_changed':
      return lang === 'id'
        ? {
            title: p.channel === 'sms' ? 'Nomor ponsel Anda telah diubah' : 'Alamat email Anda telah diubah',
            body: `Kontak Anda diubah menjadi ${p.contact} melalui Akun Saya pada ${when(p.at, lang)}. Jika bukan Anda yang melakukannya, segera ${help}.`,
          }
        : {
            title: p.channel === 'sms' ? 'Your mobile number was changed' : 'Your e-mail address was changed',
            body: `Your contact was changed to ${p.contact} in My account on ${when(p.at, lang)}. If this was not you, ${help} at once.`,
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

/** What a bill is called: a sharia policy's is kontribusi, never premi. */
function premiumWord(p: InboxParams, lang: Language): string {
  const sharia = p.label === 'kontribusi';
  if (lang === 'id') return sharia ? 'Kontribusi' : 'Premi';
  return sharia ? 'Contribution' : 'Premium';
}

/** A premium reminder (payments.md): `status` names which, `date` is the due date or the lapse date. */
function reminderText(p: InboxParams, lang: Language): { title: string; body: string } {
  const id = lang === 'id';
  const what = premiumWord(p, lang);
  const amount = rupiah(p.amount ?? 0, lang);
  const date = longDate(p.date ?? '1970-01-01', lang);
  const policy = p.policyNumber ?? '';
  switch (p.status) {
    case 'due_today':
      return id
        ? {
            title: `${what} polis ${policy} jatuh tempo hari ini`,
            body: `${what} sebesar ${amount} jatuh tempo hari ini. Bayar di menu Pembayaran.`,
          }
        : {
            title: `${what} for policy ${policy} is due today`,
            body: `The ${what.toLowerCase()} of ${amount} is due today. Pay it under Payments.`,
          };
    case 'lapse_in_30':
    case 'lapse_in_7':
      return id
        ? {
            title: `Polis ${policy} dalam masa tenggang`,
            body: `${what} sebesar ${amount} belum kami terima. Bayar sebelum ${date} agar polis tetap aktif.`,
          }
        : {
            title: `Policy ${policy} is in its grace period`,
            body: `We have not received the ${what.toLowerCase()} of ${amount}. Pay it before ${date} to keep the policy in force.`,
          };
    default:
      return id
        ? {
            title: `${what} polis ${policy} jatuh tempo ${date}`,
            body: `${what} sebesar ${amount} jatuh tempo ${date}. Bayar di menu Pembayaran.`,
          }
        : {
            title: `${what} for policy ${policy} is due on ${date}`,
            body: `The ${what.toLowerCase()} of ${amount} is due on ${date}. Pay it under Payments.`,
          };
  }
}

/** What an autodebit is collected from, in words: the saved card (`Visa 1114`), a BCA account or a card not yet saved. */
function debitSource(method: string | undefined, lang: Language): string {
  if (method === 'auto_debit_bca') return lang === 'id' ? 'rekening BCA Anda' : 'your BCA account';
  if (method === 'auto_debit_card' || !method) return lang === 'id' ? 'kartu kredit Anda' : 'your credit card';
  return lang === 'id' ? `kartu ${method}` : `card ${method}`;
}

/**
 * An autodebit's news (payments.md): collecting from the saved card, a failed collection (the
 * letter is among the policy's documents; `date` the debit day, `note` the bank's reason), and
 * its end, by the person or after three failures.
 */
function autodebitText(p: InboxParams, lang: Language, help: string): { title: string; body: string } {
  const id = lang === 'id';
  const what = premiumWord(p, lang);
  const policy = p.policyNumber ?? '';
  const from = debitSource(p.method, lang);
  switch (p.status) {
    case 'active':
      return id
        ? {
            title: `Autodebet polis ${policy} aktif`,
            body: `Mulai tagihan berikutnya, ${what.toLowerCase()} polis ${policy} kami tagih otomatis dari ${from} pada tanggal debit pilihan Anda.`,
          }
        : {
            title: `Autodebit for policy ${policy} is on`,
            body: `From the next bill on, the ${what.toLowerCase()} of policy ${policy} is collected from ${from} on the debit day you chose.`,
          };
    case 'failed': {
      const amount = rupiah(p.amount ?? 0, lang);
      const date = longDate(p.date ?? '1970-01-01', lang);
      const why = p.note ? ` (${p.note})` : '';
      return id
        ? {
            title: `Autodebet ${what.toLowerCase()} polis ${policy} gagal`,
            body: `Penagihan ${what.toLowerCase()} sebesar ${amount} pada ${date} tidak berhasil${why}. Tagihannya tetap harus dibayar: pilih Bayar sekarang, atau kami coba lagi pada tanggal debit berikutnya selama masa tenggang. Surat pemberitahuannya ada di Dokumen Polis.`,
          }
        : {
            title: `Autodebit of the ${what.toLowerCase()} for policy ${policy} failed`,
            body: `Collecting the ${what.toLowerCase()} of ${amount} on ${date} did not succeed${why}. The bill is still to be paid: choose Pay now, or we try again on the next debit day within the grace period. The letter is in the policy documents.`,
          };
    }
    case 'ended_failures':
      return id
        ? {
            title: `Autodebet polis ${policy} dihentikan`,
            body: `Tiga penagihan berturut-turut tidak berhasil, jadi autodebetnya kami hentikan. Bayar ${what.toLowerCase()} di menu Pembayaran, atau ajukan lagi perubahan metode pembayaran di Transaksi Polis.`,
          }
        : {
            title: `Autodebit for policy ${policy} has ended`,
            body: `Three collections in a row did not succeed, so we have ended the autodebit. Pay the ${what.toLowerCase()} under Payments, or ask for a payment method change again under Policy transactions.`,
          };
    default:
      return id
        ? {
            title: `Autodebet polis ${policy} dihentikan`,
            body: `Sesuai permintaan Anda, autodebet polis ${policy} dihentikan mulai tagihan berikutnya; bayar ${what.toLowerCase()} di menu Pembayaran. Tidak merasa menghentikannya? Segera ${help}.`,
          }
        : {
            title: `Autodebit for policy ${policy} has ended`,
            body: `As you asked, the autodebit of policy ${policy} ends from the next bill on; pay the ${what.toLowerCase()} under Payments. Did not ask for it? ${help[0]!.toUpperCase()}${help.slice(1)} at once.`,
          };
  }
}
