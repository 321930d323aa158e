import { isUtf8 } from 'node:buffer';
import express from 'express';

/** The largest body the API accepts; larger is 413. */
export const JSON_BODY_LIMIT = '64kb';

/**
 * JSON bodies, which must be UTF-8: body-parser would otherwise replace bytes
 * that are not with U+FFFD and store text the sender never wrote.
 */
export const jsonBody = express.json({
  limit: JSON_BODY_LIMIT,
  verify: (_req, _res, body) => {
    if (!isUtf8(body)) {
      throw Object.assign(new Error('The request body is not valid UTF-8'), {
        status: 400,
        expose: true,
      });
    }
  },
});
