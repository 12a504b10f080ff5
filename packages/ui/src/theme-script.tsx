/**
 * The theme class on <html> before anything is painted. next-themes' own script is rendered where its
 * provider is, inside <body>: when the page streams and the body arrives late, the browser painted the
 * light background first (a flash the theme spec caught on a busy CI). This one goes in <head> and does
 * what next-themes' does with the ThemeProvider's settings (class attribute, `theme` in localStorage,
 * the system's choice by default); next-themes takes over once React runs.
 */
const SCRIPT = `(function(){try{var t=localStorage.getItem('theme');var d=t==='dark'||((!t||t==='system')&&window.matchMedia('(prefers-color-scheme: dark)').matches);var e=document.documentElement;e.classList.remove(d?'light':'dark');e.classList.add(d?'dark':'light');e.style.colorScheme=d?'dark':'light'}catch(_){}})()`;

export function ThemeHeadScript({ nonce }: { nonce?: string }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
