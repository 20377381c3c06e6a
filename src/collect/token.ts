// The live report's bearer token, compared in constant time: both sides are hashed first, so neither the
// length nor the first differing byte of the token shows in the time an answer takes.

import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** A checker for `Authorization: Bearer TOKEN`; with no token configured nothing passes. */
export function bearerChecker(token: string | null): (authorization: string | undefined) => boolean {
  if (token === null || token === '') return () => false;
  const expected = digest(token);
  return (authorization) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    // hash even a missing token, so a request without one takes the same time
    const given = digest(m ? m[1] : '');
    return timingSafeEqual(given, expected) && m !== null;
  };
}
