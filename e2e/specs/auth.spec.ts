import { expect, test } from '../fixtures';
import { PASSWORD } from '../helpers/api';

test.describe('accounts', () => {
  test("sign-up shows inline validation, then the server's error for a taken name", async ({
    page,
    user,
    unique,
  }) => {
    await page.goto('/signup');
    const username = page.getByLabel('Username');
    const password = page.getByLabel('Password');
    const signUp = page.getByRole('button', { name: 'Sign up' });

    await username.fill('ab');
    await username.blur();
    await expect(username).toHaveAttribute('aria-invalid', 'true');
    await expect(username).toHaveAccessibleDescription('Use 3 to 32 characters.');

    // The name another test user already has: only the server knows it is taken.
    await username.fill(user.username);
    await expect(username).toHaveAttribute('aria-invalid', 'false');
    await password.fill(PASSWORD);
    await signUp.click();
    await expect(page.getByRole('alert')).toHaveText('That username is taken.');
    await expect(page).toHaveURL('/signup');

    // A free name signs up and logs in.
    const name = unique('new');
    await username.fill(name);
    await signUp.click();
    await expect(page).toHaveURL('/rooms');
    await expect(page.getByRole('heading', { name: 'Rooms', level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(name);
  });

  test('after logging out, /rooms asks to log in and then returns there', async ({
    userPage: page,
    user,
  }) => {
    await page.goto('/rooms');
    await expect(page.getByRole('heading', { name: 'Rooms', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL('/login');

    await page.goto('/rooms');
    await expect(page).toHaveURL('/login?next=%2Frooms');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Invalid username or password.');
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL('/rooms');
    await expect(page.getByRole('heading', { name: 'Rooms', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  });
});
