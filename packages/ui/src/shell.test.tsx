import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { CommandPalette } from './command-palette';
import { FormatProvider, useFormat } from './format';
import { SkipLink } from './skip-link';

// jsdom has no layout: cmdk scrolls the selected item into view.
Element.prototype.scrollIntoView ??= () => {};
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

function Palette({ onPick }: { onPick: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const items = ['Nodes', 'Domains', 'node-1'].filter((l) => l.toLowerCase().includes(query.toLowerCase()));
  return (
    <CommandPalette
      open
      onOpenChange={() => {}}
      query={query}
      onQueryChange={setQuery}
      groups={[{ heading: 'Results', items: items.map((l) => ({ id: l, label: l, onSelect: () => onPick(l) })) }]}
    />
  );
}

describe('CommandPalette', () => {
  it('shows the caller’s order, walks it with the arrow keys and picks with Enter', async () => {
    const onPick = vi.fn();
    render(<Palette onPick={onPick} />);
    const input = screen.getByRole('combobox', { name: 'Search the console' });
    expect(document.activeElement).toBe(input);
    await userEvent.type(input, 'node');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Nodes', 'node-1']);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(onPick).toHaveBeenCalledWith('node-1');
  });

  it('says so when nothing matches', async () => {
    render(<Palette onPick={() => {}} />);
    await userEvent.type(screen.getByRole('combobox'), 'zzz');
    expect(screen.getByText('No matches.')).toBeTruthy();
  });
});

describe('SkipLink', () => {
  it('moves focus to the main content', async () => {
    render(
      <>
        <SkipLink />
        <nav>
          <a href="/x">Somewhere</a>
        </nav>
        <main id="main" tabIndex={-1}>
          Content
        </main>
      </>,
    );
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('link', { name: 'Skip to content' }));
    await userEvent.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });
});

function Stamp() {
  const fmt = useFormat();
  return <span>{fmt.dateTime(Date.UTC(2026, 11, 2, 3, 41, 2))}</span>;
}

describe('FormatProvider', () => {
  it("renders with the preference it was given (what the server used), in the user's zone", () => {
    render(
      <FormatProvider overrides={{ timeZone: 'Asia/Tokyo', locale: 'en-GB' }} browser={{}}>
        <Stamp />
      </FormatProvider>,
    );
    expect(screen.getByText('2 Dec 2026, 12:41:02')).toBeTruthy();
  });
});
