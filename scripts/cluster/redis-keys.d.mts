import type Redis from 'ioredis';

export function deleteKeys(redis: Redis, prefix: string): Promise<void>;
