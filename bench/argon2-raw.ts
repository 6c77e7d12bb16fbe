// Prints how many argon2id verifications one thread does per second, one at a time, and the
// process's CPU milliseconds per verification.
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../server/domain/identity/password-hashing';

const ms = Number(process.argv[2] ?? 4000);
const hash = await hashPassword('Sawah hijau di pagi hari');
for (let i = 0; i < 5; i++) await verify(hash, 'Sawah hijau di pagi hari'); // warm-up
let n = 0;
const cpu = process.cpuUsage();
const started = performance.now();
while (performance.now() - started < ms) {
  if (!(await verify(hash, 'Sawah hijau di pagi hari'))) throw new Error('verify failed');
  n++;
}
const used = process.cpuUsage(cpu);
console.log(`${n / ((performance.now() - started) / 1000)} ${(used.user + used.system) / 1000 / n}`);
