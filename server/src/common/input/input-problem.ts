/** The API's own bodies are flat; anything deeper is refused before any work on it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys that name Object.prototype members (`__proto__`, `constructor`, `toString`…)
 * and `prototype`. No field of the API has such a name, and class-transformer would
 * silently drop them instead of letting validation refuse them as unknown.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * What is wrong with a parsed body or query, or undefined when nothing is: nesting
 * deeper than MAX_INPUT_DEPTH, a prototype-named key, or text that is not text (a
 * lone surrogate, which would be stored as U+FFFD, or a NUL, which PostgreSQL can't
 * store). Never recurses deeper than MAX_INPUT_DEPTH, whatever it is given.
 */
export function findInputProblem(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') {
    return isWellFormedText(value) ? undefined : `${path} is not well-formed text`;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_INPUT_DEPTH) return `${path} is nested more than ${MAX_INPUT_DEPTH} levels deep`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = findInputProblem(value[index], `${path}[${index}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return `property ${key} should not exist`;
    if (!isWellFormedText(key)) return `a property name in ${path} is not well-formed text`;
    const problem = findInputProblem(
      (value as Record<string, unknown>)[key],
      `${path}.${key}`,
      depth + 1,
    );
    if (problem) return problem;
  }
  return undefined;
}

/** In a `u` regex a surrogate pair is one code point, so \p{Cs} matches lone halves only. */
const NOT_TEXT = /[\p{Cs}\0]/u;

function isWellFormedText(text: string): boolean {
  return !NOT_TEXT.test(text);
}
