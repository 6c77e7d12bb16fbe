import type { ComponentType } from 'react';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FormStep } from '../../../forms/use-form-step';

/** What a request's form may know of its policy: the funds held, the holder, the banks for a payout. */
export interface RequestContext {
  funds: Array<{ fundCode: string; fundName: string; units: string; value: number }>;
  holder: string;
  banks: Array<{ code: string; name: string }>;
}

/** One request type's form on the form layer: its values, the contract's schema, the payload, the review. */
export interface RequestForm<V extends object> {
  initial: (ctx: RequestContext) => V;
  /** The contract's payload schema (`PAYLOAD_SCHEMAS`), checked as the person types. */
  schema: z.ZodType;
  payload: (values: V) => unknown;
  /** What will be asked for, in words, for the person to check before sending. */
  review: (values: V, ctx: RequestContext, t: TFunction, lang: string) => string[];
  Fields: ComponentType<{ form: FormStep<V>; ctx: RequestContext }>;
}

/** A form's definition, typed on its own values and kept in the registry beside the others. */
export const requestForm = <V extends object>(def: RequestForm<V>) => def as unknown as RequestForm<object>;
