// The "?" help sheet: the call's keyboard shortcuts in a modal dialog, opened
// by "?" and from the "More options" menu. A native <dialog>: it traps the
// focus, closes on Escape and gives it back to what had it.
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ShortcutNames } from './call-shortcuts.js';
import { closeIcon } from './icons.js';
import { iconButton, panelHeader, shared } from './theme.js';

/**
 * The keyboard shortcuts dialog.
 *
 * @csspart dialog - the dialog
 */
@customElement('shortcut-help')
export class ShortcutHelp extends LitElement {
  static override styles = [
    shared,
    panelHeader,
    iconButton,
    css`
      dialog {
        background: var(--surface);
        color: var(--text);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: 0;
        width: min(440px, calc(100vw - 32px));
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.6);
      }
      dl {
        margin: 0;
        padding: 8px 16px 16px;
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 10px 16px;
        align-items: center;
        font-size: 15px;
      }
      dt {
        margin: 0;
      }
      dd {
        margin: 0;
        text-align: right;
      }
      kbd {
        font: inherit;
        font-size: 14px;
        font-weight: 600;
        padding: 3px 8px;
        border-radius: 6px;
        border: 1px solid var(--border);
        background: var(--surface-2);
        white-space: nowrap;
      }
      p {
        margin: 0;
        padding: 0 16px 16px;
        font-size: 14px;
        color: var(--muted);
      }
    `,
  ];

  /** The shortcuts' names on this platform (call-shortcuts.ts). */
  @property({ attribute: false }) names!: ShortcutNames;

  @query('dialog') private _dialog!: HTMLDialogElement;

  /** Whether the sheet is open. */
  get isOpen(): boolean {
    return this._dialog?.open ?? false;
  }

  /** Opens the sheet; the focus goes to its Close button. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (!this._dialog.open) this._dialog.showModal();
  }

  override render() {
    const n = this.names;
    return html`<dialog part="dialog" aria-labelledby="help-title">
      <header>
        <h2 id="help-title">Keyboard shortcuts</h2>
        <button class="icon-btn" aria-label="Close" title="Close" @click=${() => this._dialog.close()}>${closeIcon}</button>
      </header>
      <dl>
        <dt>Turn the microphone on or off</dt>
        <dd><kbd>${n.mic}</kbd></dd>
        <dt>Turn the camera on or off</dt>
        <dd><kbd>${n.camera}</kbd></dd>
        <dt>Talk while muted</dt>
        <dd><kbd>${n.talk}</kbd></dd>
        <dt>Show these shortcuts</dt>
        <dd><kbd>${n.help}</kbd></dd>
      </dl>
      <p>Space talks only while no button or text field has the focus.</p>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shortcut-help': ShortcutHelp;
  }
}
