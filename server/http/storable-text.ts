import { z } from 'zod';

/** Where in a request's data a string holds a NUL character. */
function nulPaths(value: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k]);
      nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * Every route's schema (body, query, path, headers), with one rule the contract holds for all
 * text: nothing a database cannot store. PostgreSQL refuses a NUL character in text, so such
 * a request is refused here, before any sign-in or write, with 400 naming the field.
 */
export function storableText<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const path of nulPaths(value)) ctx.addIssue({ code: 'custom', path, message: 'text with a NUL character' });
    })
    .pipe(schema);
}
