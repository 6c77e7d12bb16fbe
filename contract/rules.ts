/**
 * A schema's message that names a rule (`postal_code_invalid`) rather than zod's own sentence: the
 * service answers with that rule and the form shows its words. Without zod, for the renderer's sake.
 */
export const isRuleName = (message: string): boolean => /^[a-z]+(?:_[a-z0-9]+)+$/u.test(message);
