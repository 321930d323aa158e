// What a cluster left in Redis under its prefix: its keys would expire, but not at once.

/** Deletes every key that starts with `prefix`, through an ioredis client without a keyPrefix. */
export async function deleteKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
