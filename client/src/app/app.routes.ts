import { Routes } from '@angular/router';
import { authGuard } from './core/auth/auth-guard';

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
    loadComponent: () => import('./features/chat/chat-shell/chat-shell'),
    children: [
      { path: '', loadComponent: () => import('./features/rooms/room-list/room-list') },
      { path: ':slug', loadComponent: () => import('./features/room/room-page/room-page') },
    ],
  },
  {
    path: '**',
    title: 'Not found · Chat',
    loadComponent: () => import('./features/not-found/not-found'),
  },
];
