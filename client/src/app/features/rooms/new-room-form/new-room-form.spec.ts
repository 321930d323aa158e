import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Observable, of } from 'rxjs';
import { Room } from '../../../core/api/api-types';
import { RoomsApi } from '../../../core/api/rooms-api';
import { NewRoomForm } from './new-room-form';

describe('NewRoomForm', () => {
  let fixture: ComponentFixture<NewRoomForm>;
  let create: ReturnType<typeof vi.fn<(room: { name: string; slug?: string }) => Observable<Room>>>;

  const host = () => fixture.nativeElement as HTMLElement;
  const input = (id: string) => host().querySelector(`#${id}`) as HTMLInputElement;
  const hint = (id: string) => host().querySelector(`#${id}-hint`)?.textContent?.trim() ?? null;

  async function fill(name: string, slug = ''): Promise<void> {
    for (const [id, value] of [
      ['room-name', name],
      ['room-slug', slug],
    ]) {
      input(id).value = value;
      input(id).dispatchEvent(new Event('input'));
    }
    host().querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    create = vi.fn((room: { name: string; slug?: string }) =>
      of({ id: 1, name: room.name, slug: room.slug ?? 'derived' }),
    );
    TestBed.configureTestingModule({
      imports: [NewRoomForm],
      providers: [{ provide: RoomsApi, useValue: { create } }],
    });
    fixture = TestBed.createComponent(NewRoomForm);
    await fixture.whenStable();
  });

  it('sends a name of 64 emoji, trimmed: the server counts them as 64 characters', async () => {
    await fill(`  ${'🎉'.repeat(64)}  `);
    expect(create).toHaveBeenCalledExactlyOnceWith({ name: '🎉'.repeat(64) });
  });

  it('refuses a name over 64 characters', async () => {
    await fill('🎉'.repeat(65));
    expect(hint('room-name')).toBe('Use at most 64 characters.');
    expect(create).not.toHaveBeenCalled();
  });

  it.each(['', '   ', '\u200b\u200d'])('refuses the name %j, which shows nothing', async (name) => {
    await fill(name);
    expect(hint('room-name')).toBe('Give the room a name.');
    expect(create).not.toHaveBeenCalled();
  });

  it('sends a slug of 50 characters and refuses 51', async () => {
    await fill('Room', 'x'.repeat(51));
    expect(hint('room-slug')).toBe('Use at most 50 characters.');
    expect(create).not.toHaveBeenCalled();

    await fill('Room', 'x'.repeat(50));
    expect(create).toHaveBeenCalledExactlyOnceWith({ name: 'Room', slug: 'x'.repeat(50) });
  });

  it.each(['Off-Topic', 'off--topic', '-topic', 'off topic'])(
    'refuses the slug %j',
    async (slug) => {
      await fill('Room', slug);
      expect(hint('room-slug')).toBe(
        'Use lowercase letters and digits, in groups joined by single dashes.',
      );
      expect(create).not.toHaveBeenCalled();
    },
  );
});
