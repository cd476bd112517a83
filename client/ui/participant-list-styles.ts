// Styles of <participant-list>, apart so the component file reads as markup and behaviour.
import { css } from 'lit';

export const participantListStyles = css`
  .toggle {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 12px 16px;
    font-size: 14px;
    color: var(--muted);
    border-bottom: 1px solid var(--border);
    cursor: pointer;
  }
  .toggle input {
    width: 18px;
    height: 18px;
    min-height: 0;
    accent-color: var(--accent);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 8px;
    overflow-y: auto;
    flex: 1;
  }
  li {
    padding: 10px 8px;
    border-radius: 12px;
  }
  li:hover {
    background: var(--surface-2);
  }
  .row {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .avatar {
    width: 36px;
    height: 36px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 14px;
    font-weight: 600;
    color: white;
    flex: none;
  }
  .who {
    flex: 1;
    min-width: 0;
  }
  .name {
    font-weight: 500;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .state {
    font-size: 12px;
    color: var(--muted);
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--warn);
  }
  .dot.connected {
    background: var(--ok);
  }
  .dot.failed,
  .dot.closed {
    background: var(--danger);
  }
  .marks {
    display: flex;
    gap: 4px;
    color: var(--muted);
  }
  .marks .hand {
    font-size: 16px;
    line-height: 18px;
  }
  .marks svg.icon {
    width: 18px;
    height: 18px;
  }
  .dm {
    width: 36px;
    height: 36px;
    border-radius: 50%;
    border: 1px solid var(--border);
    background: var(--surface-2);
    color: var(--text);
    display: grid;
    place-items: center;
    flex: none;
  }
  .dm:hover {
    background: var(--accent);
    border-color: var(--accent);
    color: white;
  }
  .dm svg.icon {
    width: 18px;
    height: 18px;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 6px 12px;
    margin: 10px 0 2px 48px;
    font-size: 12.5px;
  }
  dl div {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    background: var(--surface-2);
    padding: 6px 8px;
    border-radius: 8px;
  }
  dt {
    color: var(--muted);
  }
  dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
    font-weight: 500;
  }
`;
