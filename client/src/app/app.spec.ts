import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { App } from './app';

describe('App', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(Router).navigateByUrl('/');
  });

  it('starts with a skip link that moves focus to <main> without leaving the page', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const host = fixture.nativeElement as HTMLElement;
    document.body.appendChild(host);

    const first = host.querySelector('a[href], button, input, [tabindex="0"]');
    expect(first?.textContent?.trim()).toBe('Skip to main content');
    expect(first?.getAttribute('href')).toBe('#main');

    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    first!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(host.querySelector('main#main'));
    host.remove();
  });
});
