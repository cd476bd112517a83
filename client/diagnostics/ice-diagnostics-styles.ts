// Styles of <ice-diagnostics>, apart so the component file reads as markup.
import { css } from 'lit';

export const iceDiagnosticsStyles = css`
  /* Parley's dark theme (client/ui/theme.ts): fills strong enough for white marks, tints for the verdict cards. */
  :host {
    --ink: #eceef2;
    --muted: #a9afbb;
    --line: #2c313c;
    --card: #171a21;
    --page: #0e1014;
    --accent: #5b4bd8;
    --ok: #15803d;
    --ok-bg: #10271b;
    --warn: #a15c07;
    --warn-bg: #2a2010;
    --fail: #c0262d;
    --fail-bg: #2c1416;
    --fail-text: #fca5a5;
    display: block;
    color: var(--ink);
    font:
      16px/1.45 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
  }
  header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 1rem;
    flex-wrap: wrap;
    margin-bottom: 1rem;
  }
  .title {
    font-size: 1.2rem;
    margin: 0;
  }
  .title small {
    display: block;
    font-size: 0.9rem;
    font-weight: 400;
    color: var(--muted);
  }
  h3 {
    font-size: 1.05rem;
    margin: 0 0 0.6rem;
  }
  section {
    background: var(--card);
    border: 1px solid var(--line);
    border-radius: 14px;
    padding: 1rem;
    margin-bottom: 1rem;
  }
  button {
    font: inherit;
    font-size: 0.95rem;
    padding: 0.5rem 0.95rem;
    border-radius: 8px;
    border: 1px solid var(--accent);
    background: var(--accent);
    color: #fff;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  .summary {
    display: flex;
    gap: 0.85rem;
    align-items: flex-start;
    border-width: 2px;
  }
  .summary.ok {
    border-color: var(--ok);
    background: var(--ok-bg);
  }
  .summary.warn {
    border-color: var(--warn);
    background: var(--warn-bg);
  }
  .summary.fail {
    border-color: var(--fail);
    background: var(--fail-bg);
  }
  .summary p {
    margin: 0.2rem 0 0;
    color: var(--muted);
  }
  .summary strong {
    font-size: 1.1rem;
  }
  .badge {
    flex: none;
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    display: grid;
    place-items: center;
    color: #fff;
    font-weight: 700;
  }
  .badge.ok {
    background: var(--ok);
  }
  .badge.warn {
    background: var(--warn);
  }
  .badge.fail {
    background: var(--fail);
  }
  .badge.small {
    width: 1.4rem;
    height: 1.4rem;
    font-size: 0.8rem;
    margin-top: 0.1rem;
  }
  .meta {
    color: var(--muted);
    font-size: 0.9rem;
    margin: -0.2rem 0 0.8rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.6rem;
  }
  li.probe {
    display: flex;
    gap: 0.7rem;
    padding: 0.75rem;
    border: 1px solid var(--line);
    border-radius: 10px;
  }
  .url {
    font:
      0.85rem/1.3 ui-monospace,
      'SF Mono',
      Menlo,
      Consolas,
      monospace;
    word-break: break-all;
    color: var(--muted);
  }
  .headline {
    font-weight: 600;
    margin: 0.15rem 0;
  }
  .detail {
    margin: 0;
    color: var(--muted);
    font-size: 0.9rem;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    margin-top: 0.45rem;
  }
  .chip {
    font-size: 0.78rem;
    padding: 0.12rem 0.5rem;
    border-radius: 999px;
    background: var(--page);
    border: 1px solid var(--line);
  }
  .chip.relay {
    background: var(--ok-bg);
    border-color: var(--ok);
  }
  .chip.srflx {
    background: #16213a;
    border-color: #3b5ba5;
  }
  .pending {
    color: var(--muted);
    font-style: italic;
  }
  .call {
    display: grid;
    gap: 0.8rem;
  }
  @media (min-width: 720px) {
    .call {
      grid-template-columns: 1fr 240px;
      align-items: start;
    }
  }
  .snapshot {
    width: 100%;
    max-width: 240px;
    aspect-ratio: 16 / 9;
    background: #0f1722;
    border-radius: 10px;
    object-fit: cover;
  }
  .verdict {
    display: flex;
    gap: 0.7rem;
  }
  @media (max-width: 480px) {
    section {
      padding: 0.8rem;
    }
    li.probe {
      padding: 0.6rem;
      gap: 0.55rem;
    }
  }
  details summary {
    cursor: pointer;
    font-weight: 600;
  }
  details[open] summary {
    margin-bottom: 0.75rem;
  }
  .note {
    font-size: 0.85rem;
    color: var(--muted);
    margin: 0 0 0.75rem;
  }
  .error {
    color: var(--fail-text);
    font-size: 0.9rem;
  }
`;
