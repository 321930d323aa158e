import { Injectable } from '@angular/core';

/**
 * localStorage that never throws: private modes, full quotas and disabled storage
 * just mean nothing is kept. Values are JSON; a value that does not parse is absent.
 */
@Injectable({ providedIn: 'root' })
export class LocalStore {
  get(key: string): unknown {
    try {
      const raw = globalThis.localStorage?.getItem(key);
      return raw == null ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      return undefined;
    }
  }

  /** Whether it was kept: false when storage is off or full. */
  set(key: string, value: unknown): boolean {
    try {
      if (!globalThis.localStorage) return false;
      globalThis.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false; // nothing kept: the value still lives in memory for this tab
    }
  }

  remove(key: string): void {
    try {
      globalThis.localStorage?.removeItem(key);
    } catch {
      // As above.
    }
  }

  /** Every key that starts with `prefix`. */
  keys(prefix: string): string[] {
    try {
      const storage = globalThis.localStorage;
      if (!storage) return [];
      const keys: string[] = [];
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index);
        if (key?.startsWith(prefix)) keys.push(key);
      }
      return keys;
    } catch {
      return [];
    }
  }
}
