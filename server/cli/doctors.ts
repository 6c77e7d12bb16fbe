import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, type Config } from '../config';
import { addDoctor } from '../domain/consult/doctors';
import { ServiceError } from '../domain/errors';
import { randomToken } from '../domain/identity/secrets';
import { openStore } from '../store/connect';

export const DOCTORS_USAGE = `  npm run service -- doctors add --name NAME --license STR_NUMBER --email EMAIL [--username NAME] [--dev]
                     make a doctor account for the doctor console; prints its first password once`;

const DoctorArgsSchema = z.object({
  name: z.string().trim().min(3).max(120),
  license: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9./-]{4,40}$/u, 'a license (STR) number'),
  email: z.email(),
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,32}$/u, '3 to 32 lower-case letters, digits, dots, dashes')
    .optional(),
});

/** `doctors add`: the back office makes a doctor account; the password is made here and said once. */
export async function doctorsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      license: { type: 'string' },
      email: { type: 'string' },
      username: { type: 'string' },
      dev: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (positionals[0] !== 'add' || positionals.length !== 1) throw new ConfigError(`usage:\n${DOCTORS_USAGE}`);
  const parsed = DoctorArgsSchema.safeParse(values);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const d = parsed.data;
  const username =
    d.username ??
    d.email
      .split('@')[0]!
      .toLowerCase()
      .replace(/[^a-z0-9._-]/gu, '');
  // Long and random: the doctor signs in with it and the e-mailed code.
  const password = randomToken(18);
  const store = await openStore(config.database);
  try {
    await addDoctor(store.db, Date.now(), { name: d.name, license: d.license, email: d.email, username, password });
    console.log(`doctor account made: username ${username}`);
    console.log(`first password (shown once; give it to the doctor in person): ${password}`);
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'conflict') throw new ConfigError(`error: ${err.message}`);
    throw err;
  } finally {
    await store.close();
  }
}
