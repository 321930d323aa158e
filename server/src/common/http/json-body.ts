import { isUtf8 } from 'node:buffer';
import express from 'express';

/** The largest body the API accepts; larger is 413. */
export const JSON_BODY_LIMIT = '64kb';

/** A charset other than UTF-8 in the Content-Type (body-parser would decode UTF-16, UTF-7…). */
const OTHER_CHARSET = /;\s*charset\s*=\s*(?!"?utf-?8"?\s*(;|$))/i;

/**
 * JSON bodies, which must be UTF-8: body-parser would otherwise replace bytes
 * that are not with U+FFFD, or decode another charset it was told of, and store
 * text the sender never wrote.
 */
export const jsonBody = express.json({
  limit: JSON_BODY_LIMIT,
  verify: (req, _res, body) => {
    if (OTHER_CHARSET.test(req.headers['content-type'] ?? '')) {
      throw Object.assign(new Error('Only UTF-8 JSON is accepted'), { status: 415, expose: true });
    }
    if (!isUtf8(body)) {
      throw Object.assign(new Error('The request body is not valid UTF-8'), {
        status: 400,
        expose: true,
      });
    }
  },
});
