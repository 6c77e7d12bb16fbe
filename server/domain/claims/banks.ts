/**
 * Banks a payout may go to: Bank Indonesia's three-digit bank codes (sandi bank) of the
 * banks that hold most personal accounts. Kept with the catalogue; a bank added to the
 * clearing system is one line here.
 */
export const BANKS: ReadonlyArray<{ code: string; name: string }> = [
  { code: '002', name: 'Bank Rakyat Indonesia (BRI)' },
  { code: '008', name: 'Bank Mandiri' },
  { code: '009', name: 'Bank Negara Indonesia (BNI)' },
  { code: '011', name: 'Bank Danamon' },
  { code: '013', name: 'Bank Permata' },
  { code: '014', name: 'Bank Central Asia (BCA)' },
  { code: '016', name: 'Maybank Indonesia' },
  { code: '019', name: 'Bank Panin' },
  { code: '022', name: 'Bank CIMB Niaga' },
  { code: '023', name: 'Bank UOB Indonesia' },
  { code: '028', name: 'Bank OCBC NISP' },
  { code: '031', name: 'Citibank' },
  { code: '046', name: 'Bank DBS Indonesia' },
  { code: '050', name: 'Standard Chartered Bank' },
  { code: '087', name: 'Bank HSBC Indonesia' },
  { code: '110', name: 'Bank BJB' },
  { code: '111', name: 'Bank DKI' },
  { code: '112', name: 'Bank BPD DIY' },
  { code: '113', name: 'Bank Jateng' },
  { code: '114', name: 'Bank Jatim' },
  { code: '147', name: 'Bank Muamalat' },
  { code: '153', name: 'Bank Sinarmas' },
  { code: '200', name: 'Bank Tabungan Negara (BTN)' },
  { code: '213', name: 'Bank SMBC Indonesia (BTPN)' },
  { code: '426', name: 'Bank Mega' },
  { code: '441', name: 'Bank KB Bukopin' },
  { code: '451', name: 'Bank Syariah Indonesia (BSI)' },
  { code: '484', name: 'Bank KEB Hana Indonesia' },
  { code: '490', name: 'Bank Neo Commerce' },
  { code: '501', name: 'Bank Digital BCA (blu)' },
  { code: '535', name: 'SeaBank Indonesia' },
  { code: '542', name: 'Bank Jago' },
  { code: '567', name: 'Allo Bank' },
];

export const bankName = (code: string): string | undefined => BANKS.find((b) => b.code === code)?.name;
