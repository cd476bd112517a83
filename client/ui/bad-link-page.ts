// The page for a link that leads nowhere (/r/a%20b, /r/-bad, /r/, /pricing):
// what is wrong, the room it most likely meant when that can be told, and the
// two ways on, "Start a new call" and "Home". The server answers such links
// with a 404 and this app (server/edge/http-app.ts).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { camIcon, logoIcon } from './icons.js';
import type { LinkProblem } from './link-problem.js';
import { newRoomName } from './room-name.js';
import { shared } from './theme.js';

/**
 * The bad-link page.
 *
 * @fires navigate - {detail: {path}} when the user starts a new call
 */
@customElement('bad-link-page')
export class BadLinkPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100dvh;
        background: radial-gradient(900px 500px at 85% -10%, rgba(123, 108, 255, 0.2), transparent 60%), var(--bg);
      }
      .top {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 18px 28px;
        font-weight: 700;
        font-size: 18px;
        color: var(--accent);
        text-decoration: none;
      }
      main {
        max-width: 560px;
        margin: 0 auto;
        padding: 12vh 24px 48px;
      }
      h1 {
        font-size: clamp(26px, 4vw, 34px);
        line-height: 1.15;
        margin: 0 0 12px;
        overflow-wrap: anywhere;
      }
      p {
        color: var(--muted);
        font-size: 16px;
        line-height: 1.5;
        margin: 0 0 24px;
        overflow-wrap: anywhere;
      }
      .fix {
        background: var(--surface);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: 16px;
        margin: 0 0 24px;
      }
      .fix p {
        margin: 0 0 12px;
        color: var(--text);
      }
      .fix code {
        font-size: 15px;
        overflow-wrap: anywhere;
      }
      .row {
        display: flex;
        gap: 12px;
        flex-wrap: wrap;
      }
      @media (max-width: 640px) {
        .top {
          padding: 16px 20px;
        }
        main {
          padding-top: 6vh;
        }
      }
    `,
  ];

  /** What is wrong with the link (link-problem.ts). */
  @property({ attribute: false }) problem!: LinkProblem;

  private _onStart(): void {
    this.dispatchEvent(new CustomEvent('navigate', { detail: { path: `/r/${newRoomName()}` }, bubbles: true, composed: true }));
  }

  override render() {
    const { headline, detail, fixed } = this.problem;
    return html`
      <a class="top" href="/">${logoIcon} Parley</a>
      <main>
        <h1>${headline}</h1>
        <p>${detail}</p>
        ${
          fixed
            ? html`<div class="fix">
                <p>Did you mean the room <code>${fixed}</code>?</p>
                <a class="btn primary" href="/r/${encodeURIComponent(fixed)}">Open ${fixed}</a>
              </div>`
            : nothing
        }
        <div class="row">
          <button class="btn ${fixed ? 'ghost' : 'primary'}" @click=${this._onStart}>${camIcon} Start a new call</button>
          <a class="btn ghost" href="/">Home</a>
        </div>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bad-link-page': BadLinkPage;
  }
}
