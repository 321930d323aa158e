import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';
import { resolve } from 'node:path';
import { compile as compileProxyAddresses } from 'proxy-addr';
import { defaultMaxConnections } from '../http/connection-limit';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * The upper bound of every *_MS variable: one day. Node's timers take at most
 * 2147483647 ms (about 24.8 days); beyond, a timer fires after 1 ms instead, so
 * SHUTDOWN_TIMEOUT_MS=3000000000 would be no deadline at all but an immediate one.
 */
export const MAX_DURATION_MS = 86_400_000;

/** A whole number of milliseconds from `min` to a day, given as digits. */
const DurationMs = (min: number) =>
  // In the order stacked decorators apply (bottom-up): the type is checked first.
  applyDecorators(IsInt(), Min(min), Max(MAX_DURATION_MS), Transform(toInt));

/** A TRUST_PROXY value as Express reads it: "true", "false", a hop count, or a list. */
const IsTrustProxy = () =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseTrustProxy(value) !== undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be true, false, a hop count, or a comma-separated list of ` +
        'IP addresses, subnets (10.0.0.0/8) and the names loopback, linklocal and uniquelocal',
    },
  });

/** At least the value of another variable (not checked while that one is itself invalid). */
const NotBelow = (other: string) =>
  ValidateBy({
    name: 'notBelow',
    constraints: [other],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const bound = (args?.object as Record<string, unknown> | undefined)?.[other];
        return !Number.isInteger(bound) || (typeof value === 'number' && value >= Number(bound));
      },
      defaultMessage: (args?: ValidationArguments) => {
        const bound = (args?.object as Record<string, unknown> | undefined)?.[other];
        return `${args?.property} must not be less than ${other} (${String(bound)})`;
      },
    },
  });

/**
 * The environment variables the server reads, validated once at start-up.
 * Nothing else in the server reads `process.env`.
 */
class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(toInt)
  @Max(65535)
  @Min(0)
  @IsInt() // validators run bottom-up: the type is checked first
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** The built Angular app; by default where `npm run build` puts it. */
  @IsString()
  @MinLength(1)
  CLIENT_DIR = resolve(__dirname, '../../client/browser');

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters long' })
  SESSION_SECRET?: string;

  /**
   * PostgreSQL instead of the embedded SQLite file: postgres://user:password@host/db.
   * Several instances may share it (then SESSION_SECRET and REDIS_URL are needed).
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  /** Redis for what instances share beyond the database: rate limits, presence, change signals. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S*$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Put before every Redis key and channel, so deployments may share one Redis. */
  @Matches(/^[\w.:-]{1,64}$/, {
    message: 'REDIS_PREFIX must be 1 to 64 letters, digits, or the characters _ . : -',
  })
  REDIS_PREFIX = 'chat:';

  /** Express's `trust proxy`: "false", "true", a hop count, or a list of addresses/subnets. */
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  @Transform(toInt)
  @Min(1)
  @IsInt()
  AUTH_RATE_LIMIT = 20;

  @DurationMs(1000)
  AUTH_RATE_WINDOW_MS = 60_000;

  /** Messages one user may send per window (SEND_RATE_WINDOW_MS); beyond, 429. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  SEND_RATE_LIMIT = 20;

  @DurationMs(1000)
  SEND_RATE_WINDOW_MS = 10_000;

  /** A user is online while a tab of theirs has synced within this time. */
  @DurationMs(1000)
  ONLINE_WINDOW_MS = 30_000;

  /** How long one "typing" call shows its user as typing. */
  @DurationMs(1000)
  TYPING_WINDOW_MS = 6_000;

  /** Time for a request's headers to arrive (Node's default: 60 s). */
  @DurationMs(1000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** Time for a whole request, headers and body (at most 64 kB), to arrive (Node's: 300 s). */
  @NotBelow('HTTP_HEADERS_TIMEOUT_MS') // Node refuses a headers timeout above it
  @DurationMs(1000)
  HTTP_REQUEST_TIMEOUT_MS = 20_000;

  /** How long an idle keep-alive connection stays open (Node's: 5 s). Pages poll every 2 s. */
  @DurationMs(1000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 10_000;

  /** Open connections beyond this are closed at once; by default from the open-file limit. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @IsInt()
  HTTP_MAX_CONNECTIONS?: number;

  /** How long a shutdown waits for open requests before it cuts their connections. */
  @DurationMs(0)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** One JSON line per request on stdout; by default in production only (tests stay quiet). */
  @IsOptional()
  @IsIn(['true', 'false'])
  LOG_REQUESTS?: string;
}

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Absolute path of the folder that holds the database and generated files. */
  readonly dataDir: string;
  readonly databaseFile: string;
  /** PostgreSQL's URL when set; else the SQLite file `databaseFile`. */
  readonly databaseUrl?: string;
  /** Redis, shared by every instance, when set; else all of it is kept in process. */
  readonly redis?: { readonly url: string; readonly prefix: string };
  /** Absolute path of the built client (index.html and assets). */
  readonly clientDir: string;
  readonly sessionSecret?: string;
  readonly trustProxy: boolean | number | string;
  readonly authRateLimit: RateLimit;
  /** Per user, on sending messages. */
  readonly sendRateLimit: RateLimit;
  readonly presence: { readonly onlineWindowMs: number; readonly typingWindowMs: number };
  /** The HTTP server's limits and its shutdown deadline (see server/src/http/). */
  readonly http: HttpServerConfig;
  /** Whether each request is logged (see server/src/logging/). */
  readonly logRequests: boolean;
}

export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface HttpServerConfig {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
  readonly shutdownTimeoutMs: number;
}

export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError';
}

/** Parses and validates the environment; throws one error naming every bad variable. */
export function loadAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  const known = Object.keys(new Environment());
  const raw = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== ''),
  );
  const parsed = plainToInstance(Environment, raw);
  const errors = validateSync(parsed, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((text) => `  ${error.property}: ${text}`),
    );
    throw new InvalidConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.DATABASE_URL && !parsed.SESSION_SECRET) {
    throw new InvalidConfigError(
      'Invalid configuration:\n  SESSION_SECRET must be set when DATABASE_URL is: every ' +
        'instance on the database must sign session cookies with the same secret (a generated ' +
        'one is kept per machine, in DATA_DIR)',
    );
  }
  const dataDir = resolve(parsed.DATA_DIR);
  return {
    env: parsed.NODE_ENV as AppConfig['env'],
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir,
    databaseFile: resolve(dataDir, 'chat.sqlite'),
    databaseUrl: parsed.DATABASE_URL,
    redis: parsed.REDIS_URL ? { url: parsed.REDIS_URL, prefix: parsed.REDIS_PREFIX } : undefined,
    clientDir: resolve(parsed.CLIENT_DIR),
    sessionSecret: parsed.SESSION_SECRET,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY)!, // validated above
    authRateLimit: { limit: parsed.AUTH_RATE_LIMIT, windowMs: parsed.AUTH_RATE_WINDOW_MS },
    sendRateLimit: { limit: parsed.SEND_RATE_LIMIT, windowMs: parsed.SEND_RATE_WINDOW_MS },
    presence: {
      onlineWindowMs: parsed.ONLINE_WINDOW_MS,
      typingWindowMs: parsed.TYPING_WINDOW_MS,
    },
    http: {
      headersTimeoutMs: parsed.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: parsed.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: parsed.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: parsed.HTTP_MAX_CONNECTIONS ?? defaultMaxConnections(),
      shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    },
    logRequests:
      parsed.LOG_REQUESTS === undefined
        ? parsed.NODE_ENV === 'production'
        : parsed.LOG_REQUESTS === 'true',
  };
}

/**
 * TRUST_PROXY as Express's `trust proxy` setting; undefined when Express would
 * refuse it (it passes a list, split at commas, to proxy-addr, which throws at
 * start on anything but addresses, subnets and its names).
 */
function parseTrustProxy(value: string): boolean | number | string | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  try {
    compileProxyAddresses(value.split(',').map((entry) => entry.trim()));
    return value;
  } catch {
    return undefined;
  }
}
