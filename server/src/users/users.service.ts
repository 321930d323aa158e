import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AppState } from '../database/app-state.entity';
import { PreparedSql, prepareSql } from '../database/prepared-sql';
import { isUniqueViolation } from '../database/unique-violation';
import { hashPassword, verifyPassword } from './password-hasher';
import { User } from './user.entity';

const FIRST_USER_KEY = 'first-user-id';

@Injectable()
export class UsersService {
  /** Compared against when the username is unknown, so both failures take the same time. */
  private readonly dummyHash = hashPassword('not a real password');

  private readonly readAllRooms: PreparedSql<unknown>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.readAllRooms = prepareSql(
      dataSource,
      `INSERT INTO room_reads ("userId", "roomId", "readSeq") SELECT :userId, id, "lastSeq" FROM rooms`,
    );
  }

  /**
   * Creates a user. The first user of an installation becomes admin. The claim is
   * a primary-key insert that only one user can win, so of two simultaneous
   * sign-ups exactly one is admin, on SQLite and on PostgreSQL alike. (No
   * transaction: TypeORM's SQLite driver shares one connection between requests.)
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
      await this.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException('That username is taken');
      throw error;
    }
    await this.readEverything(user.id);
    const isFirstUser = await this.claimFirstUser(user.id);
    if (isFirstUser && !user.isAdmin) {
      await this.users.update(user.id, { isAdmin: true });
      user.isAdmin = true;
    }
    return user;
  }

  /** A new account starts with every message so far read: only what comes next is unread. */
  private async readEverything(userId: number): Promise<void> {
    await this.readAllRooms({ userId });
  }

  private async claimFirstUser(userId: number): Promise<boolean> {
    const appState = this.dataSource.getRepository(AppState);
    await appState
      .createQueryBuilder()
      .insert()
      .values({ key: FIRST_USER_KEY, value: String(userId) })
      .orIgnore()
      .execute();
    const claim = await appState.findOneByOrFail({ key: FIRST_USER_KEY });
    return claim.value === String(userId);
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
    return { ...user, isAdmin: true };
  }
}
