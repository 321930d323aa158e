import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { Result } from 'axe-core';

/** WCAG 2.0–2.2 A and AA, plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** Per violation: its rule id, impact and summary, then each element's selector on a line. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((violation) => {
      const targets = violation.nodes.map((node) => `    ${node.target.join(' >>> ')}`).join('\n');
      return `  ${violation.id} (${violation.impact}): ${violation.help}\n${targets}`;
    })
    .join('\n');
}

/**
 * Runs axe on the page as it is now and fails the test if any violation is serious or
 * critical; minor and moderate ones (such as `aria-allowed-role` on the message box, a
 * textarea with role="combobox" for mention autocomplete) do not fail. The check is soft,
 * so a test that walks through many states reports every one that fails. `label` names
 * the page and state in the message. With E2E_AXE_LOG=1 it prints every result, minor
 * ones and those axe could not decide ("needs review") included.
 *
 * axe goes in through `page.evaluate`, which DevTools runs outside the page's
 * Content-Security-Policy, so the app's CSP needs no bypass for it. Legacy mode runs it in
 * the page alone; the default opens a blank page per run to merge frames' results, which
 * this app (no iframes) does not need and which made each check several times slower.
 */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const started = Date.now();
  const { violations, incomplete } = await new AxeBuilder({ page })
    .withTags(AXE_TAGS)
    .setLegacyMode()
    .analyze();
  if (process.env.E2E_AXE_LOG) {
    const lines = [`[axe] ${label}: ${Date.now() - started} ms`, describeViolations(violations)];
    if (incomplete.length > 0) lines.push(`  needs review:\n${describeViolations(incomplete)}`);
    process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
  }
  const serious = violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''));
  expect.soft(describeViolations(serious), `Accessibility violations on ${label}`).toBe('');
}
