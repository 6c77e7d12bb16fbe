import { describe, expect, it } from 'vitest';
import { seedDemoDocuments } from '../../server/cli/demo-documents';
import { jakartaDate } from '../../server/domain/clock';
import { startTestService } from '../helpers/service';

// 01:30 WIB on 26 November is still 25 November in UTC.
const EARLY_MORNING_WIB = Date.parse('2026-11-25T18:30:00Z');

describe('dates that belong to Indonesia', () => {
  it('are Jakarta dates, also between 00:00 and 07:00 WIB', () => {
    expect(jakartaDate(EARLY_MORNING_WIB)).toBe('2026-11-26');
    expect(jakartaDate(Date.parse('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
    expect(jakartaDate(Date.parse('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('date the demo documents made at 01:30 WIB with that day', async () => {
    const t = await startTestService('sqlite');
    try {
      await seedDemoDocuments(t.service.store.db, t.service.documents, EARLY_MORNING_WIB);
      const days = await t.service.store.db.selectFrom('documents').select('issued_at').distinct().execute();
      // Schedules carry their policy's start date; the rest are dated the day they were made.
      expect(days.map((d) => d.issued_at)).toContain('2026-11-26');
      expect(days.map((d) => d.issued_at)).not.toContain('2026-11-25');
    } finally {
      await t.close();
    }
  }, 120_000);
});
