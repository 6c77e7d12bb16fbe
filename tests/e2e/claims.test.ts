import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jakartaDate } from '../../server/domain/clock';
import { addDays } from '../../server/domain/calendar/working-days';
import { backOffice, GOOD_PASSWORD } from '../helpers/flows';
import { photoWithGps, plainPdf, windowsProgram } from '../helpers/claim-files';
import { budiSignedIn, expectNoAxeViolations, pickDate, shot, type AppRun } from '../helpers/harness';
import type { LiveService } from '../helpers/live-service';

const HEALTH = 'IND-2021-004567';

const WORDS = {
  id: {
    claims: 'Klaim',
    make: 'Ajukan Klaim',
    next: 'Lanjut',
    save: 'Lanjut',
    hospital: 'Rawat inap',
    admission: 'Tanggal masuk rumah sakit',
    discharge: 'Tanggal keluar rumah sakit',
    provider: 'Rumah sakit atau klinik',
    diagnosis: 'Diagnosa',
    amount: 'Jumlah yang diajukan (Rp)',
    bank: 'Bank',
    account: 'Nomor rekening',
    password: 'Password Anda (untuk rekening ini)',
    submit: 'Kirim Pengajuan',
    submitted: 'Diajukan',
    requested: 'Perlu dokumen tambahan',
    note: 'Catatan untuk kami',
    answer: 'Kirim Jawaban',
    paid: 'Dibayar',
    continue: 'Lanjutkan pengajuan',
    tooLarge: 'Ukuran file melebihi 10 MB',
    refused: 'File ini tidak dapat diterima',
  },
  en: {
    claims: 'Claims',
    make: 'Make a claim',
    next: 'Next',
    save: 'Next',
    hospital: 'Hospital stay',
    admission: 'Date admitted to hospital',
    discharge: 'Date discharged',
    provider: 'Hospital or clinic',
    diagnosis: 'Diagnosis',
    amount: 'Amount claimed (IDR)',
    bank: 'Bank',
    account: 'Account number',
    password: 'Your password (for this account)',
    submit: 'Send the claim',
    submitted: 'Submitted',
    requested: 'More documents needed',
    note: 'A note for us',
    answer: 'Send answer',
    paid: 'Paid',
    continue: 'Continue the claim',
    tooLarge: 'larger than 10 MB',
    refused: 'cannot be accepted',
  },
} as const;

describe('Klaim in Chromium: from an empty wizard to Dibayar, in both languages', () => {
  let run: Awaited<ReturnType<typeof budiSignedIn>>;
  let svc: LiveService;
  let app: AppRun;
  let page: Page;
  beforeAll(async () => {
    run = await budiSignedIn();
    ({ svc, app, page } = run);
  }, 60_000);
  afterAll(async () => {
    await run?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Menu' });
  const day = (n: number) => addDays(jakartaDate(svc.clock.now()), -n);
  const move = async (claimId: string, body: object) => {
    const res = await fetch(`${svc.url}/v1/admin/claims/${claimId}/transitions`, {
      method: 'POST',
      headers: { ...backOffice(svc.service.devAdminKey!), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const claimIdInUrl = () => /#\/klaim\/([A-Za-z0-9_-]{16,64})/u.exec(page.url())?.[1] ?? '';
  const file = async (kind: string, name: string, mimeType: string, buffer: Buffer) =>
    page.locator(`input[type=file][data-kind=${kind}]`).first().setInputFiles({ name, mimeType, buffer });

  for (const lang of ['id', 'en'] as const) {
    it(`files a hospital claim and follows it to paid (${lang})`, async () => {
      const w = WORDS[lang];
      await page.goto(`${app.preview.url}#/beranda`);
      await page.locator('header.top select').selectOption(lang);
      await nav().getByRole('link', { name: w.claims }).click();
      await page.getByRole('heading', { name: w.claims, level: 1 }).waitFor();
      await page.getByRole('link', { name: w.make }).click();

      // 1. Policy and person.
      await page.getByLabel(w.claims === 'Klaim' ? 'Polis' : 'Policy', { exact: true }).selectOption(HEALTH);
      await page.locator('#claim-person').waitFor();
      await shot(page, `claims-${lang}-1-person`);
      await expectNoAxeViolations(page, `wizard step 1 (${lang})`);
      await page.getByRole('button', { name: w.next }).click();

      // 2. Type: the draft is made on the service here.
      await page.getByRole('radio', { name: w.hospital }).check();
      await shot(page, `claims-${lang}-2-type`);
      await page.getByRole('button', { name: w.save }).click();
      await page.getByRole('group', { name: w.admission, exact: true }).waitFor();

      // 3. The event.
      await pickDate(page, w.admission, day(6));
      await pickDate(page, w.discharge, day(3));
      await page.getByLabel(w.provider).fill(lang === 'id' ? 'RS Sehat Sentosa Jakarta' : 'RS Medika Bandung');
      await page.getByLabel(w.diagnosis).fill('Demam berdarah dengue');
      await page.getByLabel(w.amount).fill('12500000');
      await shot(page, `claims-${lang}-3-event`);
      await expectNoAxeViolations(page, `wizard step 3 (${lang})`);
      await page.getByRole('button', { name: w.save }).click();
      await page.locator('input[type=file][data-kind=receipt]').waitFor({ state: 'attached' });

      if (lang === 'id') {
        // Closing the app loses nothing: the draft is continued from the list, at the step it lacks.
        await page.goto(`${app.preview.url}#/klaim`);
        await page.getByRole('link', { name: w.continue }).click();
        await page.locator('input[type=file][data-kind=receipt]').waitFor({ state: 'attached' });
        await page.getByRole('button', { name: 'Kembali', exact: true }).click();
        await expect.poll(() => page.getByLabel(w.diagnosis).inputValue()).toBe('Demam berdarah dengue');
        await page.getByRole('button', { name: w.save }).click();
        await page.locator('input[type=file][data-kind=receipt]').waitFor({ state: 'attached' });
      }

      // 4. Documents: each kind of the checklist, with a preview of each.
      const pdf = await plainPdf('Kuitansi RS');
      await file('claim_form', 'formulir.pdf', 'application/pdf', pdf);
      await file('receipt', 'kuitansi.pdf', 'application/pdf', pdf);
      await file('medical_resume', 'resume.pdf', 'application/pdf', pdf);
      await file('id_card', 'ktp.jpg', 'image/jpeg', await photoWithGps());
      await expect.poll(() => page.locator('.files li').count(), { timeout: 15_000 }).toBe(4);
      await expect.poll(() => page.locator('img.thumb').count(), { timeout: 15_000 }).toBe(1);
      if (lang === 'id') {
        // A program named .pdf, and a 30 MiB photo: each refused with its words, nothing lost.
        await file('other', 'setup.pdf', 'application/pdf', windowsProgram());
        await page.getByText(w.refused).waitFor();
        // From disk: 30 MiB does not cross the DevTools protocol quickly as a buffer.
        const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pn-big-')), 'besar.jpg');
        fs.writeFileSync(big, Buffer.alloc(30 * 1024 * 1024, 0xff));
        await page.locator('input[type=file][data-kind=other]').first().setInputFiles(big);
        await page.getByText(w.tooLarge).waitFor();
        expect(await page.locator('.files li').count()).toBe(4);
        // A wrong file is removed or replaced, never "sent again" as it is.
        expect(await page.getByRole('button', { name: 'Coba lagi' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: /^Hapus besar\.jpg/u }).count()).toBe(1);
      }
      await shot(page, `claims-${lang}-4-documents`);
      await expectNoAxeViolations(page, `wizard step 4 (${lang})`);
      await page.getByRole('button', { name: w.next }).click();

      // 5. Payout account (the holder's name is filled in).
      await page.getByLabel(w.bank, { exact: true }).selectOption('014');
      await page.getByLabel(w.account).fill('1234567890');
      await shot(page, `claims-${lang}-5-payout`);
      // Any earlier proof of the password (the other language's run) is older than five minutes now.
      svc.clock.advance(6 * 60_000);
      await page.getByRole('button', { name: w.save }).click();
      // Where the money goes: the password once more (a step-up), and nothing typed is lost.
      await page.getByLabel(w.password, { exact: true }).fill(GOOD_PASSWORD);
      expect(await page.getByLabel(w.account).inputValue()).toBe('1234567890');
      await shot(page, `claims-${lang}-5-payout-password`);
      await expectNoAxeViolations(page, `wizard payout with password (${lang})`);
      await page.getByRole('button', { name: w.save }).click();

      // 6. Review, with what remains of the benefit; then send.
      await page.getByRole('button', { name: w.submit }).waitFor();
      await page.locator('.benefits').waitFor();
      await shot(page, `claims-${lang}-6-review`);
      await expectNoAxeViolations(page, `wizard review (${lang})`);
      await page.getByRole('button', { name: w.submit }).click();
      // Sent, or refused with the rules it broke in words (which a failure then quotes).
      const refused = page.locator('ul.rules');
      await page.locator('.status-badge', { hasText: w.submitted }).first().or(refused).waitFor();
      if (await refused.isVisible()) throw new Error(`the claim was refused: ${await refused.innerText()}`);
      const claimId = claimIdInUrl();
      expect(claimId).not.toBe('');
      await shot(page, `claims-${lang}-7-submitted`);

      // The insurer asks for a document: the page changes by itself.
      await move(claimId, { to: 'verifying' });
      await move(claimId, {
        to: 'documents_requested',
        note: 'Mohon hasil laboratorium.',
        documentKinds: ['lab_result'],
      });
      await page
        .getByRole('heading', {
          name:
            w.requested === 'Perlu dokumen tambahan'
              ? 'Yang perlu Anda lakukan: kirim dokumen tambahan'
              : 'What you need to do: send more documents',
        })
        .waitFor();
      // The tracker stops at verification, the request named as the current step.
      expect(await page.locator('.tracker [aria-current=step]').textContent()).toContain(w.requested);
      await shot(page, `claims-${lang}-8-requested`);
      await expectNoAxeViolations(page, `claim page with a request (${lang})`);
      await file('lab_result', 'lab.pdf', 'application/pdf', await plainPdf('Hasil lab'));
      await expect.poll(() => page.locator('.todo .files li').count(), { timeout: 15_000 }).toBe(1);
      await page.getByLabel(w.note).fill('Hasil lab terlampir');
      await page.getByRole('button', { name: w.answer }).click();
      await page
        .getByRole('heading', { name: /kirim dokumen tambahan|send more documents/u })
        .waitFor({ state: 'detached' });

      await move(claimId, { to: 'assessing' });
      await move(claimId, {
        to: 'approved',
        approvedAmount: 12_000_000,
        note: 'Biaya kamar di atas batas harian polis.',
      });
      // Less than claimed: the difference and the back office's reason, where the person looks for them.
      await page.getByRole('definition').filter({ hasText: 'Biaya kamar di atas batas harian polis.' }).waitFor();
      await page
        .getByRole('definition')
        .filter({ hasText: lang === 'id' ? 'Rp 500.000' : 'IDR 500,000' })
        .waitFor();
      await move(claimId, {
        to: 'paid',
        paidAmount: 12_000_000,
        paidAt: new Date(svc.clock.now()).toISOString(),
        reference: lang === 'id' ? 'FT26337A0012' : 'FT26337A0013',
      });
      await page.locator('.status-badge', { hasText: w.paid }).first().waitFor();
      // Paid to the account by the bank's name; the bank's reference folded away until asked for.
      await page
        .getByText(lang === 'id' ? 'Ke rekening' : 'To the account', { exact: true })
        .first()
        .waitFor();
      await page
        .getByText(/BCA\)? •+7890/u)
        .first()
        .waitFor();
      await page.getByText(lang === 'id' ? 'Rincian transfer' : 'Transfer details').click();
      await page.getByText(lang === 'id' ? 'FT26337A0012' : 'FT26337A0013', { exact: false }).waitFor();
      await shot(page, `claims-${lang}-9-paid`);
      await expectNoAxeViolations(page, `paid claim (${lang})`);
    });
  }

  it('shows claims in progress on Beranda and opens a claim from Kotak Masuk', async () => {
    await page.goto(`${app.preview.url}#/beranda`);
    await page.locator('header.top select').selectOption('id');
    // Both claims are paid: none in progress; a new submitted one shows.
    await page.getByText('Tidak ada klaim yang sedang diproses.').waitFor();
    await nav()
      .getByRole('link', { name: /^Kotak Masuk/u })
      .click();
    await page
      .getByRole('link', { name: /telah dibayar/u })
      .first()
      .click();
    await page.getByRole('link', { name: 'Lihat klaim' }).click();
    await page.locator('.status-badge', { hasText: 'Dibayar' }).first().waitFor();
    await shot(page, 'claims-id-10-from-inbox');
  });
  it('keeps the event typed while the draft it has just made is read back', async () => {
    // The draft's read answers late (a busy machine): held until the admission date is picked.
    const handlers = app.core.handlers as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    const get = handlers['claims.get']!;
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const reads = { asked: 0, answered: 0 };
    handlers['claims.get'] = async (input) => {
      reads.asked++;
      await held;
      const answer = await get(input);
      reads.answered++;
      return answer;
    };
    try {
      await page.goto(`${app.preview.url}#/klaim/baru`);
      await page.locator('header.top select').selectOption('id');
      await page.getByLabel('Polis', { exact: true }).selectOption(HEALTH);
      await page.locator('#claim-person').waitFor();
      await page.getByRole('button', { name: WORDS.id.next }).click();
      await page.getByRole('radio', { name: WORDS.id.hospital }).check();
      await page.getByRole('button', { name: WORDS.id.save }).click();
      await page.getByRole('group', { name: WORDS.id.admission, exact: true }).waitFor();
      await pickDate(page, WORDS.id.admission, day(9));
      release();
      await expect.poll(() => reads.answered === reads.asked).toBe(true);
      await pickDate(page, WORDS.id.discharge, day(8));
      await page.getByLabel(WORDS.id.provider).fill('RS Harapan Kita');
      await page.getByLabel(WORDS.id.diagnosis).fill('Tifus');
      await page.getByLabel(WORDS.id.amount).fill('3000000');
      await page.getByRole('button', { name: WORDS.id.save }).click();
      await page.locator('input[type=file][data-kind=receipt]').waitFor({ state: 'attached' });
      const saved = await svc.service.store.db
        .selectFrom('claims')
        .select(['admission_date', 'discharge_date', 'provider_name', 'amount_claimed'])
        .where('id', '=', claimIdInUrl())
        .executeTakeFirstOrThrow();
      expect(saved).toEqual({
        admission_date: day(9),
        discharge_date: day(8),
        provider_name: 'RS Harapan Kita',
        amount_claimed: 3_000_000,
      });
    } finally {
      release();
      handlers['claims.get'] = get;
    }
  });
});
