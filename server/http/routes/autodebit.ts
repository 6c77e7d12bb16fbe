import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AutodebitImportReportSchema,
  AutodebitInstructionsQuerySchema,
  AutodebitResultsQuerySchema,
  AutodebitSchema,
} from '../../../contract/api/autodebit';
import { PolicyNumberParamsSchema } from '../../../contract/api/policies';
import type { Sessions } from '../../domain/identity/sessions';
import type { Autodebits } from '../../domain/payments/autodebit/autodebits';
import { instructionsCsv, ResultLineSchema, type BankFile } from '../../domain/payments/autodebit/bank-file';
import { ServiceError } from '../../domain/errors';
import type { AdminKeys } from '../admin-auth';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** A policy's autodebit, as its holder sees and ends it (payments.md, Reminders and autodebit). */
export function autodebitRoutes(autodebits: Autodebits, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['payments'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));
    app.get('/v1/policies/:policyNumber/autodebit', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        response: { 200: AutodebitSchema, ...errorResponses },
      },
      handler: async (req) => autodebits.get(principalOf(req).customerId, req.params.policyNumber),
    });
    // Step-up: ends it from the next bill on; the answer is the autodebit as it now stands.
    app.delete('/v1/policies/:policyNumber/autodebit', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        response: { 200: AutodebitSchema, ...errorResponses },
      },
      handler: async (req) => autodebits.end(principalOf(req), req.params.policyNumber),
    });
  };
}

/** Bank files of 10,000 lines are about 1.5 MB; this leaves room and stops a wrong upload early. */
const RESULT_FILE_LIMIT = 20 * 1024 * 1024;

/**
 * The back office's file exchange with BCA: the day's instructions as CSV, the bank's results
 * booked all or nothing. Behind the admin key; the files are the collection itself (the mandate
 * the person gave), not a look at a person's record, so the access log does not list them.
 */
export function adminAutodebitRoutes(bankFile: BankFile, keys: AdminKeys): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    keys.protect(app);
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: RESULT_FILE_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    const tags = ['back office'];
    const security = [{ adminKey: [] }];
    app.get('/v1/admin/autodebit/instructions', {
      schema: {
        tags,
        security,
        querystring: AutodebitInstructionsQuerySchema,
        response: { 200: z.string().describe('text/csv: the day’s debit instructions'), ...errorResponses },
      },
      handler: async (req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(instructionsCsv(await bankFile.export(req.query.date))),
    });
    app.post('/v1/admin/autodebit/results', {
      schema: {
        tags,
        security,
        querystring: AutodebitResultsQuerySchema,
        body: z.string().describe('text/csv: the bank’s result file'),
        response: { 200: AutodebitImportReportSchema, ...errorResponses },
      },
      handler: async (req) => {
        const { parse } = await import('csv-parse/sync');
        let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
        try {
          records = parse(req.body, {
            bom: true,
            columns: true,
            info: true,
            skip_empty_lines: true,
            max_record_size: 4096,
          });
        } catch (err) {
          throw new ServiceError('invalid_request', `The result file cannot be read: ${(err as Error).message}`);
        }
        const problems: string[] = [];
        const lines: Array<{ line: number; row: z.infer<typeof ResultLineSchema> }> = [];
        for (const { record, info } of records) {
          const row = ResultLineSchema.safeParse(record);
          if (row.success) lines.push({ line: info.lines, row: row.data });
          else
            problems.push(
              `line ${info.lines}: ${row.error.issues.map((i) => `${i.path.join('.') || 'row'} ${i.message}`).join('; ')}`,
            );
        }
        // A line that cannot be read refuses the file: nothing of it is booked.
        if (problems.length > 0)
          return { refused: true, problems, debited: 0, failed: 0, alreadyImported: 0, refunds: [], unmatched: [] };
        return bankFile.import(lines);
      },
    });
  };
}
