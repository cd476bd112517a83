// The chat panel's own styles (chat-panel.ts): messages and their grouping,
// own and private ones, delivery states, the "Earlier messages" divider, and
// the field to write in with its private-target chip.
import { css } from 'lit';

export const chatPanelStyles = css`
  ol {
    list-style: none;
    margin: 0;
    padding: 12px 16px;
    flex: 1;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: 4px;
    overscroll-behavior: contain;
  }
  li {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    max-width: 100%;
  }
  li.own {
    align-items: flex-end;
  }
  li.first {
    margin-top: 10px;
  }
  .meta {
    font-size: 12px;
    color: var(--muted);
    margin: 0 4px 4px;
  }
  .meta b {
    color: var(--text);
    font-weight: 600;
    margin-right: 6px;
    overflow-wrap: anywhere;
  }
  .private-mark {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 12px;
    font-weight: 600;
    color: #c9c2ff;
    margin: 0 4px 4px;
  }
  .private-mark svg.icon {
    width: 14px;
    height: 14px;
  }
  .bubble {
    padding: 8px 12px;
    border-radius: 16px;
    background: var(--surface-3);
    max-width: 85%;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.4;
    font-size: 14.5px;
  }
  li.own .bubble {
    background: var(--accent-fill);
    color: white;
  }
  li.private .bubble {
    background: #2d2850;
    box-shadow: inset 0 0 0 1px #5b4fd6;
  }
  li.own.private .bubble {
    background: #3f3594;
  }
  li.failed .bubble {
    background: var(--surface-3);
    color: var(--text);
    box-shadow: inset 0 0 0 1px var(--danger);
  }
  .bubble a {
    color: #b9b0ff;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  li.own:not(.failed) .bubble a {
    color: white;
  }
  .under {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 3px 4px 0;
    font-size: 12px;
    color: var(--muted);
  }
  .under svg.icon {
    width: 14px;
    height: 14px;
  }
  .under.failed {
    color: #fca5a5;
    flex-wrap: wrap;
    justify-content: flex-end;
    text-align: right;
  }
  .link-btn {
    border: none;
    background: none;
    padding: 4px 2px;
    font-size: 12px;
    font-weight: 600;
    color: #c9c2ff;
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border-radius: 6px;
  }
  .link-btn:hover {
    text-decoration: underline;
  }
  .under.failed .link-btn {
    color: white;
    background: var(--danger);
    padding: 3px 10px;
    border-radius: 999px;
  }
  .under.failed .link-btn:hover {
    background: var(--danger-hover);
    text-decoration: none;
  }
  li.divider {
    flex-direction: row;
    align-items: center;
    gap: 10px;
    margin: 14px 0 4px;
    font-size: 12px;
    font-weight: 600;
    color: var(--muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  li.divider::before,
  li.divider::after {
    content: '';
    flex: 1;
    height: 1px;
    background: var(--border);
  }
  li.older {
    align-items: center;
    margin-bottom: 6px;
  }
  li.older .btn {
    min-height: 32px;
    font-size: 13px;
    padding: 0 14px;
  }
  .empty {
    margin: auto;
    text-align: center;
    color: var(--muted);
    font-size: 14px;
    padding: 24px;
  }
  .composer {
    border-top: 1px solid var(--border);
    padding: 10px 16px calc(12px + env(safe-area-inset-bottom));
  }
  .target {
    display: flex;
    align-items: center;
    gap: 6px;
    margin-bottom: 8px;
    padding: 4px 4px 4px 10px;
    width: fit-content;
    max-width: 100%;
    border-radius: 999px;
    background: var(--accent-soft);
    color: #d4ceff;
    font-size: 13px;
    font-weight: 600;
  }
  .target svg.icon {
    width: 15px;
    height: 15px;
  }
  .target span {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .target button {
    width: 26px;
    height: 26px;
    border: none;
    border-radius: 50%;
    background: transparent;
    display: grid;
    place-items: center;
    flex: none;
  }
  .target button:hover {
    background: var(--surface-3);
  }
  .target button svg.icon {
    width: 16px;
    height: 16px;
  }
  form {
    display: flex;
    gap: 8px;
  }
  form {
    align-items: flex-end;
  }
  /* Grows with its lines (Shift+Enter) up to about five, then scrolls. */
  textarea {
    font: inherit;
    font-size: 15px;
    color: var(--text);
    background: var(--surface-2);
    border: 1px solid var(--border);
    border-radius: 22px;
    min-height: 44px;
    max-height: 132px;
    padding: 11px 16px;
    width: 100%;
    resize: none;
    field-sizing: content;
    line-height: 20px;
  }
  textarea:focus {
    border-color: var(--accent);
    outline: none;
    box-shadow: 0 0 0 3px var(--accent-soft);
  }
  textarea[disabled] {
    opacity: 0.7;
    cursor: not-allowed;
  }
  .send-note {
    margin: 0 0 8px;
    font-size: 13px;
    color: var(--warn);
  }
  .send {
    width: 44px;
    height: 44px;
    border-radius: 50%;
    border: none;
    background: var(--accent);
    color: white;
    display: grid;
    place-items: center;
    flex: none;
  }
  .send[disabled] {
    background: var(--surface-3);
    color: var(--muted);
    cursor: default;
  }
`;
