import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import {
  ChatApi,
  PASSWORD,
  uniqueName,
  type Credentials,
  type Room,
  type User,
} from './helpers/api';

/** An account with an API client logged in as it. */
export interface ChatUser extends Credentials {
  readonly user: User;
  readonly api: ChatApi;
}

interface ChatFixtures {
  /** The global setup's admin (the first account), logged in through the API. */
  admin: ChatUser;
  /** A new user for this test, signed up through the API. */
  user: ChatUser;
  /** Makes more users for this test, each signed up through the API. */
  createUser: (prefix?: string) => Promise<ChatUser>;
  /** A new room for this test, made by the admin through the API. */
  room: Room;
  /** The default `page`, logged in as `user`. */
  userPage: Page;
  /** A page in a browser context of its own (own cookies), logged in as the given user. */
  openPageAs: (account: ChatUser) => Promise<Page>;
  /** A name no other test uses: a valid username and a valid room slug. */
  unique: (prefix: string) => string;
}

/** The base URL of the global setup's server (see playwright.config.ts). */
export const baseURL = process.env.E2E_BASE_URL ?? '';

/** The global setup's admin account (see global-setup.ts). */
export function adminCredentials(): Credentials {
  const username = process.env.E2E_ADMIN_USERNAME;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!username || !password) throw new Error('No admin: did the global setup run?');
  return { username, password };
}

/** Gives a browser context the API client's cookies: the same session, so logged in. */
export async function logInContext(context: BrowserContext, api: ChatApi): Promise<void> {
  await context.addCookies(await api.cookies());
}

/** A new browser context logged in as `account`, and a page in it. */
export async function pageAs(browser: Browser, account: ChatUser): Promise<Page> {
  const context = await browser.newContext({ baseURL: account.api.baseURL });
  await logInContext(context, account.api);
  return context.newPage();
}

export const test = base.extend<ChatFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring
  unique: async ({}, use, testInfo) => {
    await use((prefix) => uniqueName(prefix, `w${testInfo.workerIndex}`));
  },

  createUser: async ({ unique }, use) => {
    const made: ChatUser[] = [];
    await use(async (prefix = 'user') => {
      const credentials = { username: unique(prefix), password: PASSWORD };
      const api = await ChatApi.signUp(baseURL, credentials);
      const account = { ...credentials, user: api.user, api };
      made.push(account);
      return account;
    });
    await Promise.all(made.map((account) => account.api.dispose()));
  },

  user: async ({ createUser }, use) => {
    await use(await createUser());
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring
  admin: async ({}, use) => {
    const credentials = adminCredentials();
    const api = await ChatApi.logIn(baseURL, credentials);
    await use({ ...credentials, user: api.user, api });
    await api.dispose();
  },

  room: async ({ admin, unique }, use) => {
    const slug = unique('room');
    await use(await admin.api.createRoom({ name: `Room ${slug}`, slug }));
  },

  userPage: async ({ page, context, user }, use) => {
    await logInContext(context, user.api);
    await use(page);
  },

  openPageAs: async ({ browser }, use) => {
    const pages: Page[] = [];
    await use(async (account) => {
      const page = await pageAs(browser, account);
      pages.push(page);
      return page;
    });
    await Promise.all(pages.map((page) => page.context().close()));
  },
});

export { expect };
