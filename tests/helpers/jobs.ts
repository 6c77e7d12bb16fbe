import { waitFor } from './mail-and-sms';
import type { TestService } from './service';

/** Waits until at least `n` jobs of `kind` are done (the runner looks each second; a busy machine is slow). */
export async function jobsDone(t: TestService, kind: string, n: number): Promise<void> {
  await waitFor(async () => {
    const done = await t.service.store.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('status', '=', 'done')
      .execute();
    return done.length >= n ? true : undefined;
  }, 20_000);
}
