// Styles of <lobby-view>, apart so the component file reads as markup and behaviour.
import { css } from 'lit';

export const lobbyViewStyles = css`
  :host {
    display: block;
    min-height: 100dvh;
    background: radial-gradient(1200px 600px at 10% -10%, rgba(123, 108, 255, 0.18), transparent 60%), var(--bg);
  }
  .top {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 16px 24px;
    font-weight: 700;
    color: var(--accent);
    text-decoration: none;
  }
  .wrap {
    display: grid;
    grid-template-columns: minmax(0, 1.4fr) minmax(300px, 1fr);
    gap: 40px;
    align-items: center;
    max-width: 1100px;
    margin: 0 auto;
    padding: 24px 24px 48px;
  }
  .preview {
    position: relative;
    aspect-ratio: 16 / 9;
    border-radius: 20px;
    overflow: hidden;
    background: #1c2029;
    display: grid;
    place-items: center;
    box-shadow: 0 20px 60px rgba(0, 0, 0, 0.45);
  }
  video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }
  video[hidden] {
    display: none;
  }
  .avatar {
    width: 96px;
    height: 96px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 36px;
    font-weight: 600;
    color: white;
  }
  .status {
    position: absolute;
    top: 12px;
    left: 12px;
    right: 12px;
    text-align: center;
    font-size: 14px;
    color: var(--muted);
  }
  /* Bottom left of the preview, like the name on a call tile. */
  .meter {
    position: absolute;
    left: 14px;
    bottom: 14px;
    z-index: 1;
    padding: 8px 10px;
    box-sizing: content-box;
    border-radius: 999px;
    background: rgba(20, 22, 28, 0.55);
  }
  .toggles {
    position: absolute;
    bottom: 14px;
    left: 0;
    right: 0;
    display: flex;
    justify-content: center;
    gap: 12px;
  }
  .toggles button {
    width: 52px;
    height: 52px;
    border-radius: 50%;
    border: 1px solid rgba(255, 255, 255, 0.25);
    background: rgba(20, 22, 28, 0.55);
    backdrop-filter: blur(8px);
    display: grid;
    place-items: center;
  }
  .toggles button.off {
    background: var(--danger);
    border-color: transparent;
  }
  .toggles button[disabled] {
    opacity: 0.5;
    cursor: not-allowed;
  }
  h1 {
    font-size: clamp(26px, 3vw, 34px);
    margin: 0 0 6px;
    letter-spacing: -0.02em;
  }
  .sub {
    color: var(--muted);
    margin: 0 0 24px;
    font-size: 15px;
  }
  .sub code {
    color: var(--text);
    font-family: inherit;
    background: var(--surface-2);
    padding: 2px 8px;
    border-radius: 6px;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 16px;
  }
  .devices {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 12px;
  }
  .problem {
    background: rgba(245, 158, 11, 0.12);
    border: 1px solid rgba(245, 158, 11, 0.35);
    color: #fcd34d;
    padding: 10px 14px;
    border-radius: 12px;
    font-size: 14px;
    line-height: 1.45;
  }
  .refusal {
    background: rgba(239, 68, 68, 0.12);
    border: 1px solid rgba(239, 68, 68, 0.45);
    color: #fecaca;
    padding: 10px 14px;
    border-radius: 12px;
    font-size: 14px;
    line-height: 1.45;
    margin: 0;
  }
  .refusal strong {
    color: var(--text);
  }
  .hint {
    margin: -8px 0 0;
    font-size: 13px;
    color: var(--muted);
  }
  .room-line {
    margin: 0;
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 14px;
    color: var(--muted);
  }
  .room-line svg.icon {
    flex: none;
    width: 16px;
    height: 16px;
  }
  .lock {
    align-self: flex-start;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    background: none;
    border: none;
    padding: 4px 0;
    font-size: 14px;
    color: #b3aaff;
  }
  .lock:hover {
    color: var(--text);
  }
  .lock svg.icon {
    width: 18px;
    height: 18px;
  }
  .join {
    min-height: 52px;
    font-size: 16px;
  }
  .help {
    margin: 0;
    text-align: center;
    font-size: 14px;
    color: var(--muted);
  }
  .help a {
    color: #b3aaff;
    text-underline-offset: 3px;
  }
  .help a:hover {
    color: var(--text);
  }
  @media (max-width: 820px) {
    .wrap {
      grid-template-columns: 1fr;
      gap: 24px;
      padding: 8px 16px 32px;
    }
    .top {
      padding: 14px 16px;
    }
    .devices {
      grid-template-columns: 1fr;
    }
  }
`;
