// The settings dialog's look: a centred card with tabs, full width on a phone.
import { css } from 'lit';

export const settingsDialogStyles = css`
  dialog {
    width: min(620px, calc(100vw - 24px));
    max-height: min(720px, calc(100dvh - 24px));
    padding: 0;
    border: 1px solid var(--border);
    border-radius: 18px;
    background: var(--surface);
    color: var(--text);
    box-shadow: 0 24px 64px rgba(0, 0, 0, 0.6);
    overflow: hidden;
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog::backdrop {
    background: rgba(5, 6, 8, 0.66);
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 12px 12px 0 20px;
  }
  h2 {
    margin: 0;
    font-size: 18px;
  }
  [role='tablist'] {
    display: flex;
    gap: 4px;
    padding: 8px 16px 0;
    border-bottom: 1px solid var(--border);
  }
  [role='tab'] {
    border: none;
    background: transparent;
    padding: 10px 14px;
    font-size: 14px;
    font-weight: 600;
    color: var(--muted);
    border-bottom: 3px solid transparent;
    margin-bottom: -1px;
  }
  [role='tab'][aria-selected='true'] {
    color: var(--text);
    border-bottom-color: var(--accent);
  }
  [role='tab']:focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: -2px;
    border-radius: 8px 8px 0 0;
  }
  .body {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
  }
  [role='tabpanel'] {
    padding: 18px 20px;
    display: grid;
    gap: 16px;
  }
  [role='tabpanel'].advanced {
    padding: 0;
    display: block;
  }
  label {
    display: grid;
    gap: 6px;
    font-size: 14px;
    font-weight: 600;
  }
  label select {
    font-weight: 400;
  }
  .meter-row {
    display: flex;
    align-items: center;
    gap: 10px;
    font-size: 13px;
    color: var(--muted);
  }
  .preview {
    position: relative;
    aspect-ratio: 16 / 9;
    border-radius: 12px;
    overflow: hidden;
    background: #1c2029;
    display: grid;
    place-items: center;
    color: var(--muted);
    font-size: 14px;
  }
  .preview video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }
  .preview video[hidden] {
    display: none;
  }
  .note {
    margin: 0;
    font-size: 13px;
    color: var(--muted);
  }
  footer {
    display: flex;
    justify-content: flex-end;
    padding: 12px 16px;
    border-top: 1px solid var(--border);
  }
  ice-settings-panel {
    height: auto;
  }
  @media (max-width: 480px) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      height: 100dvh;
      max-height: 100dvh;
      border-radius: 0;
      border: none;
    }
    [role='tablist'] {
      padding: 8px 8px 0;
    }
  }
`;
