// Prints how many argon2id verifications one thread does per second, one at a time.
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../server/domain/identity/password-hashing';

const ms = Number(process.argv[2] ?? 4000);
const hash = await hashPassword('Sawah hijau di pagi hari');
for (let i = 0; i < 5; i++) await verify(hash, 'Sawah hijau di pagi hari'); // warm-up
let n = 0;
const started = performance.now();
while (performance.now() - started < ms) {
  if (!(await verify(hash, 'Sawah hijau di pagi hari'))) throw new Error('verify failed');
  n++;
}
console.log(String(n / ((performance.now() - started) / 1000)));
