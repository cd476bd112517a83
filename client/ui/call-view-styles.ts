// Styles of <call-view>, apart so the component file reads as markup and behaviour.
import { css } from 'lit';
import { visuallyHidden } from './theme.js';

export const callViewStyles = css`
  :host {
    display: grid;
    grid-template-columns: 1fr auto;
    grid-template-rows: auto 1fr auto;
    grid-template-areas: 'top top' 'stage side' 'controls controls';
    height: 100dvh;
    background: var(--bg);
    overflow: hidden;
  }
  :host([hidden]) {
    display: none;
  }
  .top {
    grid-area: top;
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 10px 16px;
    /* Never wider than the page: a wide top bar widened the whole grid, and the stage with it. */
    min-width: 0;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 700;
    color: var(--accent);
  }
  .room {
    color: var(--muted);
    font-size: 14px;
    font-variant-numeric: tabular-nums;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  link-status {
    margin-left: auto;
  }
  .top .btn {
    flex: none;
    min-height: 36px;
    padding: 0 14px;
    font-size: 13px;
  }
  aside {
    grid-area: side;
    width: 360px;
    margin-right: 12px;
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    overflow: hidden;
    display: flex;
    flex-direction: column;
  }
  /* Room for a whole turns: URL on one line of the ICE server list. */
  aside.wide {
    width: 420px;
  }
  aside[hidden],
  aside > [hidden] {
    display: none;
  }
  aside > * {
    flex: 1;
    min-height: 0;
  }
  aside > .loading {
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 12px;
    color: var(--muted);
  }
  video-grid {
    grid-area: stage;
    min-height: 0;
    min-width: 0;
  }
  control-bar {
    grid-area: controls;
  }
  /* Just below the top bar, over the stage: on the bar it covered the lock and view buttons. */
  .toast {
    position: fixed;
    left: 50%;
    top: 68px;
    transform: translateX(-50%);
    background: var(--surface-3);
    border: 1px solid var(--border);
    padding: 10px 16px;
    border-radius: 12px;
    font-size: 14px;
    /* A 64-character name without a space ("… joined") ran out of the box on a phone. */
    overflow-wrap: anywhere;
    z-index: 10;
    box-shadow: 0 8px 24px rgba(0, 0, 0, 0.4);
  }
  /* Just above the control bar, where the microphone button is. */
  .muted-hint {
    position: fixed;
    left: 50%;
    bottom: 96px;
    transform: translateX(-50%);
    display: flex;
    align-items: center;
    gap: 12px;
    background: var(--surface-3);
    border: 1px solid var(--border);
    padding: 8px 8px 8px 16px;
    border-radius: 999px;
    font-size: 14px;
    font-weight: 500;
    white-space: nowrap;
    z-index: 10;
    box-shadow: 0 8px 24px rgba(0, 0, 0, 0.4);
  }
  .muted-hint .btn {
    min-height: 32px;
    padding: 4px 14px;
  }
  .toast.banner {
    display: flex;
    align-items: center;
    gap: 14px;
    border-color: rgba(239, 68, 68, 0.5);
  }
  .toast.banner .btn {
    min-height: 36px;
  }
  .toast.banner.warn {
    border-color: rgba(245, 158, 11, 0.55);
  }
  .toast.banner p {
    margin: 0;
    line-height: 1.4;
  }
  .toast.banner .small {
    color: var(--muted);
    font-size: 13px;
  }
  @media (max-width: 480px) {
    /* The logo without the word: room for the lock, view and link buttons on a phone. */
    .top {
      gap: 8px;
      padding: 10px 8px;
    }
    .brand {
      font-size: 0;
    }
  }
  @media (max-width: 720px) {
    .toast {
      width: calc(100% - 24px);
      max-width: max-content;
      /* Below the top bar: it spans the whole width on a phone, and the
           link's state and Copy link must stay in view under a banner. */
      top: 62px;
    }
    :host {
      grid-template-columns: 1fr;
      grid-template-areas: 'top' 'stage' 'controls';
    }
    aside,
    aside.wide {
      position: fixed;
      inset: 0;
      width: auto;
      margin: 0;
      border-radius: 0;
      border: none;
      z-index: 5;
    }
  }
  /* Room on a phone's top bar for "More options": Copy link keeps its icon, and its name for screen readers. */
  @media (max-width: 480px) {
    /* Above the phone's two rows of controls, and above the names at the foot of the tiles, which it covered. */
    .muted-hint {
      bottom: 164px;
    }
    .copy-label {
      ${visuallyHidden}
    }
    .top .btn {
      padding: 0 10px;
    }
  }
`;
