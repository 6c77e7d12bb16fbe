import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, type Config } from '../config';
import { Consents } from '../domain/privacy/consents';
import { MARKETING_CHANNEL, queueMarketing, type MarketingPurpose } from '../domain/privacy/marketing';
import { Jobs } from '../jobs/jobs';
import { openStore } from '../store/connect';

export const MESSAGES_USAGE = `  npm run service -- admin messages send --purpose marketing_email|marketing_sms --file MESSAGE.json [--at ISO_TIME] [--dev]
     (MESSAGE.json: {"title": {"id": "…", "en": "…"}, "body": {"id": "…", "en": "…"}}; sent to those whose consent is in force when it goes)`;

const Words = (max: number) => z.string().trim().min(1).max(max);
const MessageSchema = z.strictObject({
  title: z.strictObject({ id: Words(120), en: Words(120).optional() }),
  body: z.strictObject({ id: Words(1000), en: Words(1000).optional() }),
});

/** `admin messages send`: a marketing message, queued in the database the settings name for every instance to send. */
export async function messagesCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      purpose: { type: 'string' },
      file: { type: 'string' },
      at: { type: 'string' },
      dev: { type: 'boolean' },
    },
  });
  const purpose = values.purpose as MarketingPurpose | undefined;
  if (positionals[0] !== 'send' || !purpose || !(purpose in MARKETING_CHANNEL) || !values.file) {
    throw new ConfigError(`usage:\n${MESSAGES_USAGE}`);
  }
  let text: z.infer<typeof MessageSchema>;
  try {
    text = MessageSchema.parse(JSON.parse(fs.readFileSync(values.file, 'utf8')));
  } catch (err) {
    throw new ConfigError(
      `${values.file} is not a message: ${err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message}`,
    );
  }
  const at = values.at === undefined ? undefined : Date.parse(values.at);
  if (at !== undefined && Number.isNaN(at)) throw new ConfigError(`--at ${values.at} is not a time`);
  const store = await openStore(config.database);
  try {
    const now = Date.now();
    // Written here, run by the instances' runners at their next look (each second).
    const jobs = new Jobs({ jobsAdded: async () => undefined });
    const consents = new Consents(store.db, { now: () => now }, store.kind);
    const { queued } = await queueMarketing(store.db, jobs, consents, purpose, text, now, at ?? now);
    console.log(`${queued} message(s) queued for ${purpose}; each is sent only if its consent is still in force then`);
  } finally {
    await store.close();
  }
}
