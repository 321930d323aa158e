import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SignupDto } from '../../auth/dto/signup.dto';
import { InvalidConfigError, loadAppConfig } from '../../config/app-config';
import { UsersService } from '../users.service';
import { readPassword } from './read-password';
import { UsersCliModule } from './users-cli.module';

const USAGE = `Usage:
  npm run user -- create NAME [--admin]   password from $CHAT_USER_PASSWORD, piped input or a prompt
  npm run user -- promote NAME            make an existing user an admin`;

class UsageError extends Error {}

/** Like Django's createsuperuser: manage users on a server without a browser. */
async function run(args: string[]): Promise<string> {
  const [command, name, ...flags] = args;
  const unknownFlags = flags.filter((flag) => flag !== '--admin');
  if (!name || unknownFlags.length > 0) throw new UsageError(USAGE);
  if (command === 'create') {
    const password =
      process.env.CHAT_USER_PASSWORD ?? (await readPassword(`Password for ${name}: `));
    await assertValidSignup(name, password);
    const user = await withUsers((users) =>
      users.create(name, password, { admin: flags.includes('--admin') }),
    );
    return `Created ${user.username}${user.isAdmin ? ' (admin)' : ''}`;
  }
  if (command === 'promote' && flags.length === 0) {
    const user = await withUsers((users) => users.promote(name));
    return `${user.username} is now an admin`;
  }
  throw new UsageError(USAGE);
}

async function assertValidSignup(username: string, password: string): Promise<void> {
  const errors = await validate(plainToInstance(SignupDto, { username, password }));
  const messages = errors.flatMap((error) => Object.values(error.constraints ?? {}));
  if (messages.length > 0) throw new UsageError(messages.join('\n'));
}

async function withUsers<T>(work: (users: UsersService) => Promise<T>): Promise<T> {
  const config = loadAppConfig(process.env);
  const app = await NestFactory.createApplicationContext(UsersCliModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    return await work(app.get(UsersService));
  } finally {
    await app.close();
  }
}

run(process.argv.slice(2)).then(
  (message) => console.log(message),
  (error: unknown) => {
    const known =
      error instanceof UsageError ||
      error instanceof InvalidConfigError ||
      error instanceof HttpException;
    console.error(known ? error.message : error);
    process.exit(1);
  },
);
