import { consultationsExportSection } from '../domain/consult/export-section';
import { Consultations } from '../domain/consult/consultations';
import { DoctorDesk, summaryJob } from '../domain/consult/doctor-desk';
import { Doctors } from '../domain/consult/doctors';
import { ConsultationRecords } from '../domain/consult/records';
import { consultationRoutes, doctorRoutes } from '../http/routes/consultations';
import type { Foundation } from './foundation';

/** How often waiting consultations are looked at: one no doctor took within the wait expires. */
const EXPIRE_WAITING_MS = 30 * 1000;

/** Telekonsultasi (teleconsultation.md): the person's consultations, the doctors' desk and their summary. */
export async function consultArea(f: Foundation): Promise<{ doctors: Doctors; consultations: ConsultationRecords }> {
  const records = new ConsultationRecords(f.store.db, f.clock, f.hub, f.inbox, f.config.consult, f.store.kind);
  f.runner.register(summaryJob(records, f.documents));
  const doctors = new Doctors(f.ctx);
  const consultations = new Consultations(records, f.policies, f.uploads, f.documentStore);
  await f.app.register(consultationRoutes(consultations, f.sessions));
  f.exportSections.push(consultationsExportSection(consultations));
  await f.app.register(
    doctorRoutes(
      doctors,
      new DoctorDesk(records, f.documentStore, f.jobs, f.runner),
      f.hub,
      f.streams,
      f.config.eventsKeepAliveSeconds * 1000,
    ),
  );
  f.every(EXPIRE_WAITING_MS, 'consultation expiry failed', () => records.expireWaiting());
  return { doctors, consultations: records };
}
