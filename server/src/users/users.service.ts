import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ChangeSignals } from '../changes/change-signals';
import { exclusively, LOCKS } from '../database/exclusively';
import { PreparedSql, prepareSql } from '../database/prepared-sql';
import { isUniqueViolation } from '../database/unique-violation';
import { hashPassword, verifyPassword } from './password-hasher';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  /** Compared against when the username is unknown, so both failures take the same time. */
  private readonly dummyHash = hashPassword('not a real password');

  /** The first user of an installation is admin: decided by the insert itself. */
  private readonly insertUser: PreparedSql<{ id: number; isAdmin: boolean | number }>;
  private readonly readAllRooms: PreparedSql<unknown>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signals: ChangeSignals,
  ) {
    this.insertUser = prepareSql(
      dataSource,
      `INSERT INTO users (username, "usernameKey", "passwordHash", "isAdmin", "createdAt")
       SELECT :username, :usernameKey, :passwordHash,
         (:admin OR NOT EXISTS (SELECT 1 FROM users)), :createdAt
       RETURNING id, "isAdmin"`,
    );
    this.readAllRooms = prepareSql(
      dataSource,
      `INSERT INTO room_reads ("userId", "roomId", "readSeq") SELECT :userId, id, "lastSeq" FROM rooms`,
    );
  }

  /**
   * Creates a user; the first of an installation becomes admin in the same
   * statement, so no crash leaves an installation without one. Of simultaneous
   * sign-ups exactly one is first: on SQLite each statement is serial, and on
   * PostgreSQL sign-ups take turns under an advisory lock (two transactions would
   * each see no users yet).
   */
  async create(
    username: string,
    password: string,
    options: { admin?: boolean } = {},
  ): Promise<User> {
    const passwordHash = await hashPassword(password);
    const user = this.users.create({
      username,
      usernameKey: username.toLowerCase(),
      passwordHash,
      isAdmin: options.admin ?? false,
      createdAt: new Date(),
    });
    try {
      await exclusively(this.dataSource, LOCKS.signUp, async (runner) => {
        const [row] = await this.insertUser({ ...user, admin: user.isAdmin }, runner);
        user.id = Number(row.id);
        user.isAdmin = Boolean(row.isAdmin);
        // A new account starts with every message so far read: only what comes next is unread.
        await this.readAllRooms({ userId: user.id }, runner);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException('That username is taken');
      throw error;
    }
    return user;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ usernameKey: username.toLowerCase() });
  }

  /** The user with these credentials, or null; as slow for an unknown name as for a wrong password. */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const user = await this.findByUsername(username);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    return user && matches ? user : null;
  }

  async promote(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw new NotFoundException(`No user named ${username}`);
    await this.users.update(user.id, { isAdmin: true });
    // Every instance's sessions of this user see it on their next request.
    this.signals.publish({ kind: 'user-promoted', userId: user.id });
    return { ...user, isAdmin: true };
  }
}
