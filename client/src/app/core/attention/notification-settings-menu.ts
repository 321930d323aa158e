import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { NotificationLevel, NotificationSettings } from './notification-settings';

let nextId = 0;

/** Chooses which messages raise desktop notifications in this browser. */
@Component({
  selector: 'app-notification-settings',
  host: { class: 'inline-block' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './notification-settings-menu.html',
})
export class NotificationSettingsMenu {
  protected readonly settings = inject(NotificationSettings);
  protected readonly id = `notification-level-${++nextId}`;
  protected readonly levels: readonly { value: NotificationLevel; label: string }[] = [
    { value: 'none', label: 'None' },
    { value: 'mentions', label: 'Mentions only' },
    { value: 'all', label: 'All messages' },
  ];
  protected readonly hint = computed(() => {
    if (!this.settings.supported()) return 'Not supported by this browser';
    return this.settings.permission() === 'denied' ? 'Blocked in browser settings' : null;
  });

  protected async choose(select: HTMLSelectElement): Promise<void> {
    const level = this.levels.find((option) => option.value === select.value)?.value ?? 'none';
    // A refusal leaves the level where it was, so no binding would move the select back.
    select.value = await this.settings.set(level);
  }
}
