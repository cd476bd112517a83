// Design tokens and the few styles every component shares (buttons, fields,
// focus rings). Components adopt `shared` next to their own styles.
import { css, unsafeCSS } from 'lit';

const AVATAR_HUES = [8, 32, 95, 150, 190, 215, 255, 290, 330];

/**
 * A stable colour class for a participant's avatar, from their id. Classes
 * rather than a style attribute, so the page runs under a CSP without
 * 'unsafe-inline' styles.
 */
export function avatarClass(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return `avatar-${Math.abs(hash) % AVATAR_HUES.length}`;
}

const avatarColors = unsafeCSS(AVATAR_HUES.map((hue, i) => `.avatar-${i} { background: hsl(${hue} 55% 42%); }`).join('\n'));

/**
 * One or two initials for an avatar: the first letter or digit of the first
 * and last words. Punctuation is skipped, so "Bob (2)" is "B2", not "B(", and
 * a second Bob's avatar differs from the first's.
 */
export function initials(name: string): string {
  const leads = name
    .trim()
    .split(/\s+/)
    .map((word) => /[\p{L}\p{N}]/u.exec(word)?.[0])
    .filter((c): c is string => c !== undefined);
  if (leads.length === 0) return '?';
  return (leads[0]! + (leads.length > 1 ? leads.at(-1)! : '')).toUpperCase();
}

/** Tokens and shared styles; every component adopts them. */
/** Out of sight, still read by screen readers: the rules, for a selector of one's own (in a media query, say). */
export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;

export const shared = css`
  :host {
    --bg: #0e1014;
    --surface: #171a21;
    --surface-2: #20242d;
    --surface-3: #2a2f3a;
    --border: #2c313c;
    --text: #eceef2;
    /* 6:1 on the lightest surface (--surface-3), 8.6:1 on the page. */
    --muted: #a9afbb;
    --accent: #7b6cff;
    --accent-hover: #6a5af0;
    --accent-soft: rgba(123, 108, 255, 0.16);
    /* The accent as text on the dark background (4.5:1 and more, where --accent is 4.1:1). */
    --accent-text: #a89dff;
    /* The accent under white text: 4.9:1 (the accent itself is 3.9:1, too little for 15 px labels). */
    --accent-fill: #6a5af0;
    --accent-fill-hover: #5b4bd8;
    /* Fills under white text or marks, at 4.5:1 or more. */
    --ok-strong: #15803d;
    --warn-strong: #a15c07;
    --danger-strong: #c0262d;
    --danger: #ef4444;
    --danger-hover: #dc2626;
    --ok: #22c55e;
    --warn: #f59e0b;
    --radius: 14px;
    --font: ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    font-family: var(--font);
    color: var(--text);
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid #a89dff;
    outline-offset: 2px;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 8px;
    min-height: 44px;
    padding: 0 20px;
    border-radius: 999px;
    border: 1px solid transparent;
    font-weight: 600;
    font-size: 15px;
    transition:
      background 0.15s,
      transform 0.05s;
  }
  /* A link drawn as a button keeps the button's colours, never the browser's blue (1.7:1 on this background). */
  a.btn {
    color: var(--text);
    text-decoration: none;
  }
  .btn:active {
    transform: translateY(1px);
  }
  .btn[disabled] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn.primary {
    background: var(--accent-fill);
    color: white;
  }
  .btn.primary:hover:not([disabled]) {
    background: var(--accent-fill-hover);
  }
  .btn.ghost {
    background: var(--surface-2);
    border-color: var(--border);
  }
  .btn.ghost:hover {
    background: var(--surface-3);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 6px;
    font-size: 13px;
    color: var(--muted);
    font-weight: 500;
  }
  input,
  select {
    font: inherit;
    font-size: 15px;
    color: var(--text);
    background: var(--surface-2);
    border: 1px solid var(--border);
    border-radius: 10px;
    min-height: 44px;
    padding: 0 12px;
    width: 100%;
  }
  input:focus,
  select:focus {
    border-color: var(--accent);
    outline: none;
    box-shadow: 0 0 0 3px var(--accent-soft);
  }
  .visually-hidden {
    ${visuallyHidden}
  }
  ${avatarColors}
  svg.icon {
    width: 22px;
    height: 22px;
    fill: currentColor;
    flex: none;
  }
`;

/** A round 40 px button holding only an icon (close): the headers of panels and dialogs. */
export const iconButton = css`
  .icon-btn {
    width: 40px;
    height: 40px;
    border-radius: 50%;
    border: none;
    background: transparent;
    display: grid;
    place-items: center;
  }
  .icon-btn:hover {
    background: var(--surface-3);
  }
`;

/** A header row, its title on the left and its buttons on the right, over a line: side panels and the shortcut sheet. */
export const panelHeader = css`
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 14px 16px;
    border-bottom: 1px solid var(--border);
  }
  h2 {
    margin: 0;
    font-size: 16px;
  }
`;

/** The frame of a side panel (chat, people, connection settings): a header with a title and a round close button over content. */
export const sidePanel = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    height: 100%;
  }
  ${panelHeader}
  ${iconButton}
`;
