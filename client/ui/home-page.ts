// The front page: start a room with an unguessable name, or open one from a
// link or code someone sent you.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { camIcon, chatIcon, linkIcon, logoIcon } from './icons.js';
import { nameFromInput, roomNameProblem, type LinkProblem } from './link-problem.js';
import { newRoomName, roomFromInput } from './room-name.js';
import { shared } from './theme.js';

/**
 * The home page.
 *
 * @fires navigate - {detail: {path}} when the user starts or opens a room
 */
@customElement('home-page')
export class HomePage extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100dvh;
        background:
          radial-gradient(900px 500px at 85% -10%, rgba(123, 108, 255, 0.28), transparent 60%),
          radial-gradient(700px 500px at -10% 110%, rgba(34, 197, 94, 0.12), transparent 60%), var(--bg);
      }
      .top {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 18px 28px;
        font-weight: 700;
        font-size: 18px;
        color: var(--accent);
      }
      main {
        max-width: 720px;
        margin: 0 auto;
        padding: 10vh 24px 48px;
      }
      h1 {
        font-size: clamp(36px, 6vw, 58px);
        line-height: 1.05;
        letter-spacing: -0.035em;
        margin: 0 0 18px;
      }
      h1 span {
        background: linear-gradient(90deg, #a89dff, #7b6cff 60%, #5eead4);
        -webkit-background-clip: text;
        background-clip: text;
        color: transparent;
      }
      .lead {
        font-size: clamp(16px, 2vw, 19px);
        color: var(--muted);
        line-height: 1.55;
        margin: 0 0 34px;
        max-width: 560px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: stretch;
      }
      .start {
        min-height: 54px;
        padding: 0 26px;
        font-size: 16px;
      }
      form {
        display: flex;
        gap: 8px;
        flex: 1;
        min-width: 260px;
      }
      form input {
        min-height: 54px;
        border-radius: 999px;
        padding: 0 20px;
      }
      form .btn {
        min-height: 54px;
      }
      .error {
        color: #fca5a5;
        font-size: 14px;
        margin: 10px 0 0;
      }
      .error p {
        margin: 0 0 10px;
        overflow-wrap: anywhere;
      }
      .error b {
        color: var(--text);
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 56px 0 0;
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 14px;
      }
      li {
        background: rgba(23, 26, 33, 0.7);
        border: 1px solid var(--border);
        border-radius: 16px;
        padding: 16px;
        font-size: 14px;
        color: var(--muted);
        line-height: 1.45;
      }
      li b {
        display: flex;
        align-items: center;
        gap: 8px;
        color: var(--text);
        margin-bottom: 4px;
        font-size: 15px;
      }
      li svg.icon {
        color: var(--accent);
        width: 20px;
        height: 20px;
      }
      @media (max-width: 640px) {
        main {
          padding: 6vh 20px 40px;
        }
        .top {
          padding: 16px 20px;
        }
        .start {
          width: 100%;
        }
        form {
          min-width: 100%;
        }
        ul {
          grid-template-columns: 1fr;
          margin-top: 36px;
        }
      }
    `,
  ];

  /** A message to show, e.g. why the last room link did not work. */
  @property() message = '';

  @state() private _error = '';
  /** What is wrong with the name typed into Open, with the fixed one when it can be told. */
  @state() private _problem: LinkProblem | undefined;
  @query('#room') private _roomInput!: HTMLInputElement;

  private _go(room: string): void {
    this.dispatchEvent(new CustomEvent('navigate', { detail: { path: `/r/${room}` }, bubbles: true, composed: true }));
  }

  private _onStart(): void {
    this._go(newRoomName());
  }

  private _onOpen(event: SubmitEvent): void {
    event.preventDefault();
    const room = roomFromInput(this._roomInput.value);
    if (room) {
      this._go(room);
      return;
    }
    this._problem = roomNameProblem(nameFromInput(this._roomInput.value));
    this._error = this._problem ? '' : 'That is not a room link or code. Codes look like k7q2-mx9d-vt7c-pa3e.';
  }

  private _onInput(): void {
    this._error = '';
    this._problem = undefined;
  }

  private _renderProblem(problem: LinkProblem) {
    return html`<div class="error" role="alert">
      <p><b>${problem.headline}.</b> ${problem.detail}</p>
      ${problem.fixed ? html`<button class="btn primary fixed" @click=${() => this._go(problem.fixed!)}>Open ${problem.fixed}</button>` : nothing}
    </div>`;
  }

  override render() {
    const error = this._error || this.message;
    return html`
      <div class="top">${logoIcon} Parley</div>
      <main>
        <h1>Talk face to face, <span>right in your browser.</span></h1>
        <p class="lead">Start a room, send the link, and you are talking. No accounts, no apps, no downloads. Video and sound go straight between you.</p>
        <div class="actions">
          <button class="btn primary start" @click=${this._onStart}>${camIcon} Start a new call</button>
          <form @submit=${this._onOpen}>
            <label for="room" class="visually-hidden">Room link or code</label>
            <input id="room" placeholder="Paste a link or code" autocomplete="off" @input=${this._onInput} />
            <button class="btn ghost" type="submit">Open</button>
          </form>
        </div>
        ${error ? html`<p class="error" role="alert">${error}</p>` : nothing} ${this._problem ? this._renderProblem(this._problem) : nothing}
        <ul>
          <li><b>${linkIcon} One link</b>Every room has its own unguessable address. Whoever has it can join.</li>
          <li><b>${camIcon} Peer to peer</b>Audio and video travel directly between participants, encrypted.</li>
          <li><b>${chatIcon} Chat built in</b>Send links and notes to everyone in the room as you talk.</li>
        </ul>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'home-page': HomePage;
  }
  interface HTMLElementEventMap {
    /** Go to another page of the app (a room). */
    navigate: CustomEvent<{ path: string }>;
  }
}
