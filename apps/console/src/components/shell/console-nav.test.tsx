import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { ConsoleNav } from './console-nav';

vi.mock('next/navigation', () => ({ usePathname: () => '/nodes/abc' }));
vi.mock('next/link', () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

const ITEMS = [
  { href: '/nodes', label: 'Nodes' },
  { href: '/domains', label: 'Domains' },
];

describe('ConsoleNav', () => {
  it('marks the section of the current page', () => {
    render(<ConsoleNav items={ITEMS} />);
    expect(screen.getByRole('link', { name: 'Nodes' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Domains' }).getAttribute('aria-current')).toBeNull();
  });

  it('opens and closes the narrow-screen menu with its button and Escape', async () => {
    render(<ConsoleNav items={ITEMS} />);
    const button = screen.getByRole('button', { name: 'Menu' });
    const nav = document.getElementById('console-nav')!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(nav.className).toMatch(/(^|\s)hidden(\s|$)/);
    await userEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(nav.className).not.toMatch(/(^|\s)hidden(\s|$)/);
    await userEvent.keyboard('{Escape}');
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('renders nothing for a role without pages', () => {
    const { container } = render(<ConsoleNav items={[]} />);
    expect(container.innerHTML).toBe('');
  });
});
