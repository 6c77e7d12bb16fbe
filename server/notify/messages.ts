import type { Language } from '../../contract/api/common';

export interface Care {
  phone: string;
  email: string;
}

interface Text {
  subject: string;
  body: string;
}

const minutes = (seconds: number): number => Math.max(1, Math.round(seconds / 60));

/** The one-time code: what it is for, how long it lasts, never to share it, the care line. */
export function otpText(
  lang: Language,
  purpose: 'registration' | 'recovery' | 'contact_change',
  code: string,
  ttlSeconds: number,
  care: Care,
): Text {
  const m = minutes(ttlSeconds);
  if (lang === 'en') {
    const what =
      purpose === 'registration' ? 'registration' : purpose === 'recovery' ? 'password reset' : 'contact change';
    return {
      subject: `Your Portal Nasabah code: ${code}`,
      body:
        `Portal Nasabah: your ${what} code is ${code}. It is valid for ${m} minute${m === 1 ? '' : 's'}. ` +
        `Never share this code with anyone, our staff included. ` +
        `Did not ask for it? Call ${care.phone} or write to ${care.email}.`,
    };
  }
  const what =
    purpose === 'registration' ? 'pendaftaran' : purpose === 'recovery' ? 'penggantian password' : 'perubahan kontak';
  return {
    subject: `Kode OTP Portal Nasabah: ${code}`,
    body:
      `Portal Nasabah: kode OTP ${what} Anda ${code}. Berlaku ${m} menit. ` +
      `Jangan berikan kode ini kepada siapa pun, termasuk petugas kami. ` +
      `Tidak merasa meminta? Hubungi ${care.phone} atau ${care.email}.`,
  };
}

/** Sent when registration is done: the generated username, which the person must keep. */
export function registeredText(lang: Language, username: string, care: Care): Text {
  if (lang === 'en') {
    return {
      subject: 'Your Portal Nasabah account is ready',
      body:
        `Portal Nasabah: your account is ready. Your username is ${username}. ` +
        `Keep your username and password to yourself. Help: ${care.phone} or ${care.email}.`,
    };
  }
  return {
    subject: 'Akun Portal Nasabah Anda sudah aktif',
    body:
      `Portal Nasabah: pendaftaran berhasil. Username Anda ${username}. ` +
      `Jangan beritahukan username dan password Anda kepada pihak lain. Bantuan: ${care.phone} atau ${care.email}.`,
  };
}

/** Sent to every contact after a password reset, so a reset the person did not make is noticed. */
export function passwordChangedText(lang: Language, care: Care): Text {
  if (lang === 'en') {
    return {
      subject: 'Your Portal Nasabah password was changed',
      body:
        `Portal Nasabah: your password was changed and every open session was signed out. ` +
        `If this was not you, call ${care.phone} or write to ${care.email} at once.`,
    };
  }
  return {
    subject: 'Password Portal Nasabah Anda telah diganti',
    body:
      `Portal Nasabah: password Anda telah diganti dan semua sesi yang terbuka telah diakhiri. ` +
      `Jika bukan Anda yang melakukannya, segera hubungi ${care.phone} atau ${care.email}.`,
  };
}

/** Sent to every contact after a password change in Akun Saya. */
export function passwordChangedInAppText(lang: Language, care: Care): Text {
  if (lang === 'en') {
    return {
      subject: 'Your Portal Nasabah password was changed',
      body:
        `Portal Nasabah: your password was changed in My account. ` +
        `If this was not you, call ${care.phone} or write to ${care.email} at once.`,
    };
  }
  return {
    subject: 'Password Portal Nasabah Anda telah diganti',
    body:
      `Portal Nasabah: password Anda telah diganti melalui Akun Saya. ` +
      `Jika bukan Anda yang melakukannya, segera hubungi ${care.phone} atau ${care.email}.`,
  };
}

/** The last message of a closed account, to both contacts: what ended, what is kept, how to come back. */
export function accountClosedText(lang: Language, care: Care): Text {
  if (lang === 'en') {
    return {
      subject: 'Your Portal Nasabah account is closed',
      body:
        `Portal Nasabah: your account is closed and every session has ended. Your sign-in history, devices, ` +
        `inbox and drafts are being erased; your policies, claims, payments, requests, complaints and ` +
        `consultations are kept as the law requires. You may register again at any time. ` +
        `If this was not you, call ${care.phone} or write to ${care.email} at once.`,
    };
  }
  return {
    subject: 'Akun Portal Nasabah Anda telah ditutup',
    body:
      `Portal Nasabah: akun Anda telah ditutup dan semua sesi telah berakhir. Riwayat masuk, perangkat, ` +
      `Kotak Masuk dan draf Anda sedang dihapus; polis, klaim, pembayaran, transaksi polis, pengaduan dan ` +
      `konsultasi Anda tetap disimpan sesuai ketentuan hukum. Anda dapat mendaftar kembali kapan saja. ` +
      `Jika bukan Anda yang melakukannya, segera hubungi ${care.phone} atau ${care.email}.`,
  };
}

/** Sent to the old contact when a contact was changed: a change the person did not make is seen. */
export function contactChangedText(lang: Language, channel: 'sms' | 'email', masked: string, care: Care): Text {
  if (lang === 'en') {
    const what = channel === 'sms' ? 'mobile number' : 'e-mail address';
    return {
      subject: `Your Portal Nasabah ${what} was changed`,
      body:
        `Portal Nasabah: the ${what} of your account was changed to ${masked}. ` +
        `If this was not you, call ${care.phone} or write to ${care.email} at once.`,
    };
  }
  const what = channel === 'sms' ? 'nomor ponsel' : 'alamat email';
  return {
    subject: `Kontak Portal Nasabah Anda telah diubah`,
    body:
      `Portal Nasabah: ${what} akun Anda telah diubah menjadi ${masked}. ` +
      `Jika bukan Anda yang melakukannya, segera hubungi ${care.phone} atau ${care.email}.`,
  };
}
