import { heading, renderPdf, row, tanggal } from '../documents/render-pdf';

/** Ringkasan Telekonsultasi: what the doctor wrote at the close, as the person's document. */
export function consultationSummaryPdf(s: {
  number: string;
  patient: string;
  policyNumber: string;
  doctor: string;
  licenseNumber: string;
  topic: string;
  date: string;
  summary: string;
  advice: string;
  followUp: string;
}): Promise<Buffer> {
  return renderPdf(`Ringkasan Telekonsultasi ${s.number}`, (doc) => {
    heading(doc, 'Ringkasan Telekonsultasi');
    row(doc, 'Nomor', s.number);
    row(doc, 'Pasien', s.patient);
    row(doc, 'Nomor Polis', s.policyNumber);
    row(doc, 'Dokter', `${s.doctor} (STR ${s.licenseNumber})`);
    row(doc, 'Tanggal', tanggal(s.date));
    row(doc, 'Keluhan', s.topic);
    doc.moveDown();
    const part = (title: string, text: string) => {
      if (!text) return;
      doc.fontSize(13).text(title).fontSize(11).text(text).moveDown();
    };
    part('Ringkasan', s.summary);
    part('Saran', s.advice);
    part('Tindak lanjut', s.followUp);
    doc
      .fontSize(9)
      .text(
        'Telekonsultasi tidak menggantikan pemeriksaan langsung. Dalam keadaan darurat, segera ke IGD rumah sakit terdekat.',
      );
  });
}
