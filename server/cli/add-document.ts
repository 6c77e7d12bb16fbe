import { jakartaDate } from '../domain/clock';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IsoDateSchema, PolicyNumberSchema } from '../../contract/api/common';
import { DocumentCategorySchema } from '../../contract/api/policies';
import { ConfigError, type Config } from '../config';
import { Documents } from '../domain/documents/documents';
import { openDocumentStore } from '../domain/documents/open-store';
import { ServiceError } from '../domain/errors';
import { openStore } from '../store/connect';

const ArgsSchema = z.object({
  policy: PolicyNumberSchema,
  title: z.string().trim().min(1).max(200),
  category: DocumentCategorySchema,
  issued: IsoDateSchema.optional(),
  member: z.string().trim().min(1).optional(),
});

/** `add-document`: checks the file really is a PDF and attaches it to a policy (or to one member of it). */
export async function addDocumentCommand(config: Config, file: string, raw: Record<string, unknown>): Promise<void> {
  const parsed = ArgsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      `add-document: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const args = parsed.data;
  const bytes = fs.readFileSync(path.resolve(file));
  const store = await openStore(config.database);
  try {
    const policy = await store.db
      .selectFrom('policies')
      .select('policy_number')
      .where('policy_number', '=', args.policy)
      .executeTakeFirst();
    if (!policy) throw new ConfigError(`add-document: there is no policy ${args.policy}`);
    let customerId: string | null = null;
    if (args.member) {
      const party = await store.db
        .selectFrom('policy_parties')
        .select('customer_id')
        .where('policy_number', '=', args.policy)
        .where('member_number', '=', args.member.toUpperCase())
        .executeTakeFirst();
      if (!party) throw new ConfigError(`add-document: policy ${args.policy} has no member ${args.member}`);
      customerId = party.customer_id;
    }
    const documentStore = openDocumentStore(config.documentStore);
    const documents = new Documents(store.db, documentStore);
    try {
      const row = await documents.add(
        {
          policyNumber: args.policy,
          title: args.title,
          category: args.category,
          issuedAt: args.issued ?? jakartaDate(Date.now()),
          customerId,
          bytes,
        },
        Date.now(),
      );
      console.log(
        JSON.stringify({
          documentId: row.id,
          pageCount: row.page_count,
          sizeBytes: row.size_bytes,
          passwordProtected: row.password_protected === 1,
        }),
      );
    } catch (err) {
      if (err instanceof ServiceError) throw new ConfigError(`add-document: ${path.basename(file)} is not a PDF`);
      throw err;
    } finally {
      documentStore.close?.();
    }
  } finally {
    await store.close();
  }
}
