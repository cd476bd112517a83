// The call's keyboard shortcuts, as Google Meet has them: Ctrl/⌘+D toggles
// the microphone, Ctrl/⌘+E the camera, holding Space talks while muted, and
// "?" opens the list of shortcuts. A plain class, so the key rules are
// unit-tested without a page; <call-view> owns one and says what each does.

/** What the shortcuts act on. */
export interface ShortcutActions {
  /** Whether the shortcuts apply now (the call is on screen, no dialog is open over it). */
  isActive(): boolean;
  toggleMic(): void;
  toggleCamera(): void;
  /** Whether the microphone is on (push-to-talk only acts while it is off). */
  isMicOn(): boolean;
  /** Turns the microphone on or off for push-to-talk. */
  setMicOn(isOn: boolean): void;
  openHelp(): void;
}

/** The shortcuts a button's tooltip and the help sheet name, per platform. */
export interface ShortcutNames {
  mic: string;
  camera: string;
  talk: string;
  help: string;
}

/** Apple keyboards say ⌘ where others say Ctrl; both keys work everywhere. */
export function shortcutNames(isApple: boolean): ShortcutNames {
  const mod = isApple ? '⌘' : 'Ctrl';
  return { mic: `${mod}+D`, camera: `${mod}+E`, talk: 'Hold Space', help: '?' };
}

/** Whether this browser runs on an Apple keyboard's platform. */
export function isApplePlatform(nav: Pick<Navigator, 'platform' | 'userAgent'> = navigator): boolean {
  return /Mac|iPhone|iPad/.test(nav.platform || nav.userAgent);
}

/** The element a key event really started on, inside shadow roots too. */
function origin(event: Event): Element | undefined {
  const first = event.composedPath()[0];
  return first instanceof Element ? first : undefined;
}

/** Typing there must never be taken for a shortcut. */
function isTextField(el: Element | undefined): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/** Space presses these (a button, a link, a checkbox), so it cannot also mean "talk". */
function isSpaceOperated(el: Element | undefined): boolean {
  if (!el) return false;
  if (isTextField(el) || ['BUTTON', 'A', 'INPUT', 'SUMMARY'].includes(el.tagName)) return true;
  return ['button', 'link', 'checkbox', 'switch', 'menuitem', 'option', 'tab', 'radio'].includes(el.getAttribute('role') ?? '');
}

/** Listens for the call's shortcuts on a target (the window) until disposed. */
export class CallShortcuts {
  readonly #target: EventTarget;
  readonly #actions: ShortcutActions;
  /** Space is held and turned the microphone on: its release turns it off again. */
  #isTalking = false;

  constructor(target: EventTarget, actions: ShortcutActions) {
    this.#target = target;
    this.#actions = actions;
    target.addEventListener('keydown', this.#onKeydown);
    target.addEventListener('keyup', this.#onKeyup);
    target.addEventListener('blur', this.#onBlur);
  }

  /** Whether Space is being held to talk. */
  get isTalking(): boolean {
    return this.#isTalking;
  }

  dispose(): void {
    this.#stopTalking();
    this.#target.removeEventListener('keydown', this.#onKeydown);
    this.#target.removeEventListener('keyup', this.#onKeyup);
    this.#target.removeEventListener('blur', this.#onBlur);
  }

  readonly #onKeydown = (event: Event): void => {
    if (!(event instanceof KeyboardEvent) || event.defaultPrevented || !this.#actions.isActive()) return;
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && (key === 'd' || key === 'e')) {
      // Both are browser shortcuts (bookmark, search bar): the call takes them while it is on screen.
      event.preventDefault();
      if (event.repeat) return;
      if (key === 'd' && this.#isTalking) {
        // Talking with Space held, Ctrl+D keeps the microphone on after Space is let go.
        this.#isTalking = false;
        return;
      }
      {
        if (key === 'd') this.#actions.toggleMic();
        else this.#actions.toggleCamera();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const el = origin(event);
    if (event.key === '?' && !isTextField(el)) {
      event.preventDefault();
      this.#actions.openHelp();
      return;
    }
    if (event.key === ' ' && !isSpaceOperated(el)) {
      // Also the repeats, or the page would scroll while Space is held.
      event.preventDefault();
      if (!event.repeat && !this.#isTalking && !this.#actions.isMicOn()) {
        this.#isTalking = true;
        this.#actions.setMicOn(true);
      }
    }
  };

  readonly #onKeyup = (event: Event): void => {
    if (event instanceof KeyboardEvent && event.key === ' ') this.#stopTalking();
  };

  /** A window that loses focus never sees Space's release: talking stops then. */
  readonly #onBlur = (): void => this.#stopTalking();

  #stopTalking(): void {
    if (!this.#isTalking) return;
    this.#isTalking = false;
    this.#actions.setMicOn(false);
  }
}
