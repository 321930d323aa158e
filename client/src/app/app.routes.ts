import { Routes } from '@angular/router';
import { prefetchSync } from './core/api/early-sync';
import { authGuard } from './core/auth/auth-guard';

const chatShell = () => import('./features/chat/chat-shell/chat-shell');
const roomPage = () => import('./features/room/room-page/room-page');
const roomList = () => import('./features/rooms/room-list/room-list');

/**
 * Opening a chat address (a reload, a link): its code and its first sync are asked for
 * at start-up, in parallel with the session check, instead of one after the other.
 */
export function startChatEarly(path: string): void {
  const match = /^\/rooms(?:\/([^/?#]+))?\/?$/.exec(path);
  if (!match) return;
  const slug = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  void chatShell();
  void (slug === undefined ? roomList() : roomPage());
  prefetchSync(slug);
}

export const routes: Routes = [
  { path: '', title: 'Chat', loadComponent: () => import('./features/home/home') },
  {
    path: 'login',
    title: 'Log in · Chat',
    loadComponent: () => import('./features/auth/login/login'),
  },
  {
    path: 'signup',
    title: 'Sign up · Chat',
    loadComponent: () => import('./features/auth/signup/signup'),
  },
  {
    // The chat shell holds the tab's sync poll; the page title follows its counts.
    path: 'rooms',
    canActivate: [authGuard],
    loadComponent: chatShell,
    children: [
      { path: '', loadComponent: roomList },
      { path: ':slug', loadComponent: roomPage },
    ],
  },
  {
    path: '**',
    title: 'Not found · Chat',
    loadComponent: () => import('./features/not-found/not-found'),
  },
];
