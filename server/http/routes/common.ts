import { ErrorBodySchema } from '../../../contract/errors';

/** Every route documents the one error shape for its failures. */
export const errorResponses = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const;

export const bearerSecurity = [{ bearerAuth: [] }];
