import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MinLength,
  Min,
  validateSync,
} from 'class-validator';
import { resolve } from 'node:path';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

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

  /** Express's `trust proxy`: "false", "true", a hop count, or a list of addresses/subnets. */
  @IsString()
  TRUST_PROXY = 'false';

  @Transform(toInt)
  @Min(1)
  @IsInt()
  AUTH_RATE_LIMIT = 20;

  @Transform(toInt)
  @Min(1000)
  @IsInt()
  AUTH_RATE_WINDOW_MS = 60_000;
}

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Absolute path of the folder that holds the database and generated files. */
  readonly dataDir: string;
  readonly databaseFile: string;
  /** Absolute path of the built client (index.html and assets). */
  readonly clientDir: string;
  readonly sessionSecret?: string;
  readonly trustProxy: boolean | number | string;
  readonly authRateLimit: { readonly limit: number; readonly windowMs: number };
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
  const dataDir = resolve(parsed.DATA_DIR);
  return {
    env: parsed.NODE_ENV as AppConfig['env'],
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir,
    databaseFile: resolve(dataDir, 'chat.sqlite'),
    clientDir: resolve(parsed.CLIENT_DIR),
    sessionSecret: parsed.SESSION_SECRET,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    authRateLimit: { limit: parsed.AUTH_RATE_LIMIT, windowMs: parsed.AUTH_RATE_WINDOW_MS },
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
