// Where a browser's ICE servers come from: the list the server hands out
// (`ice-config`, docs/protocol-ice.md), cached and fetched again before its
// TURN credentials expire, unless the user has put in a list of their own for
// this session (kept in sessionStorage). The Manager asks `forNewPeer()` for
// each new RTCPeerConnection and, on `change`, passes the new configuration
// to its existing ones (setConfiguration, then an ICE restart).
import { iceServerListProblem } from '../../shared/ice-uri.js';
import { checks } from 'virtual:browser-checks';
import type { IceConfig, IceServer } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';

/**
 * Why the configuration changed: `fetched` (a fetch for a new peer, or any
 * other `refresh()`), `expiring` (the timed refresh before TURN credentials
 * expire), `override` (the user set or cleared their own list). Live
 * connections need an ICE restart for the last two only.
 */
export type IceChangeReason = 'fetched' | 'expiring' | 'override';

export interface IceServerSourceEvents extends Record<string, unknown> {
  /** The configuration new and existing peer connections should use has changed. */
  change: { config: IceConfig; isOverridden: boolean; reason: IceChangeReason };
  /** Fetching the served list failed; the source retries after `retryDelayMs`. */
  error: { code: 'fetch-failed'; reason: string };
}

/** The subset of the Web Storage API the source uses (sessionStorage in the browser). */
export type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface IceServerSourceOptions {
  /** Asks the server for `ice-config` (over the Signaler, or HTTP on the diagnostics page). */
  fetchConfig: () => Promise<IceConfig>;
  /** Where the user's own list lives for the session; none means it is not kept. */
  storage?: SessionStore;
  /** Fetch this long before the earliest TURN credential expires; default one minute. */
  refreshMarginMs?: number;
  /** After a failed refresh, try again this much later; default ten seconds. */
  retryDelayMs?: number;
}

/** Thrown by `setOverride` for a list a browser could not use. */
export class IceServerListError extends Error {
  readonly code = 'bad-ice-servers';
  constructor(reason: string) {
    super(reason);
    this.name = 'IceServerListError';
  }
}

export const OVERRIDE_STORAGE_KEY = 'parley.ice-servers';
const checkList = checks.IceServerList;

/**
 * The earliest expiry among TURN REST usernames ("<unix seconds>:<id>") in
 * `servers`, in ms since the epoch; undefined when none carries one (STUN
 * only, static credentials, or a user's own list).
 */
export function turnExpiry(servers: readonly IceServer[]): number | undefined {
  let earliest: number | undefined;
  for (const { username } of servers) {
    const match = username === undefined ? null : /^(\d{9,11}):/.exec(username);
    if (!match) continue;
    const expiresAt = Number(match[1]) * 1000;
    earliest = earliest === undefined ? expiresAt : Math.min(earliest, expiresAt);
  }
  return earliest;
}

export class IceServerSource extends TypedEmitter<IceServerSourceEvents> {
  #served: IceConfig | undefined;
  #override: IceServer[] | undefined;
  #pending: Promise<IceConfig> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #isDisposed = false;
  /** The timed refresh is under way: its result is announced as `expiring`. */
  #isExpiring = false;
  readonly #refreshMarginMs: number;
  readonly #retryDelayMs: number;

  constructor(private readonly options: IceServerSourceOptions) {
    super();
    this.#refreshMarginMs = options.refreshMarginMs ?? 60_000;
    this.#retryDelayMs = options.retryDelayMs ?? 10_000;
    this.#override = this.#readStoredOverride();
  }

  /** The list as the server last served it. */
  get served(): IceConfig | undefined {
    return this.#served;
  }

  /** Whether the user's own list replaces the served one. */
  get isOverridden(): boolean {
    return this.#override !== undefined;
  }

  /** What peer connections should use now: the user's servers if set, with the server's policy. */
  get current(): IceConfig | undefined {
    if (this.#override) return { iceServers: structuredClone(this.#override), iceTransportPolicy: this.#served?.iceTransportPolicy ?? 'all' };
    return this.#served && structuredClone(this.#served);
  }

  /** Fetches the served list now; concurrent calls share one request. */
  refresh(): Promise<IceConfig> {
    this.#pending ??= this.options
      .fetchConfig()
      .then((config) => {
        this.#accept(config);
        return config;
      })
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /**
   * The configuration for a new peer connection: freshly fetched, so its TURN
   * credentials have their whole lifetime ahead; the cached one if the fetch
   * fails but that one has not expired yet. A served list with no expiring
   * credentials (STUN only, static TURN credentials) is as good as new, so
   * it is handed out at once: the fetch would only put a round trip to the
   * server between a newcomer's arrival and the offer to it.
   */
  async forNewPeer(): Promise<IceConfig> {
    if (this.#served && turnExpiry(this.#served.iceServers) === undefined) return this.current!;
    try {
      await this.refresh();
    } catch (error) {
      const expiry = this.#served && turnExpiry(this.#served.iceServers);
      if (!this.#served || (expiry !== undefined && expiry <= Date.now())) throw error;
      this.emit('error', { code: 'fetch-failed', reason: String(error) });
    }
    return this.current!;
  }

  /** Puts the user's own list in place for this session; throws IceServerListError if unusable. */
  setOverride(servers: IceServer[]): void {
    if (!checkList.check(servers)) throw new IceServerListError(`not a list of ICE servers (${checkList.explain(servers)})`);
    if (servers.length === 0) throw new IceServerListError("the list is empty; reset to use the server's list");
    const problem = iceServerListProblem(servers);
    if (problem) throw new IceServerListError(problem);
    this.#override = structuredClone(servers);
    this.options.storage?.setItem(OVERRIDE_STORAGE_KEY, JSON.stringify(servers));
    this.#emitChange('override');
  }

  /** Goes back to the server's list. */
  clearOverride(): void {
    if (!this.#override) return;
    this.#override = undefined;
    this.options.storage?.removeItem(OVERRIDE_STORAGE_KEY);
    this.#emitChange('override');
  }

  /** Stops the refresh timer; safe to call more than once. */
  dispose(): void {
    this.#isDisposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #accept(config: IceConfig): void {
    this.#served = config;
    const reason = this.#isExpiring ? 'expiring' : 'fetched';
    this.#isExpiring = false;
    this.#schedule(config);
    // A user's own list is unaffected by fresh credentials for the served one.
    if (!this.#override) this.#emitChange(reason);
  }

  #schedule(config: IceConfig): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const expiry = turnExpiry(config.iceServers);
    if (expiry === undefined || this.#isDisposed) return;
    const remaining = expiry - Date.now();
    // Half the remaining lifetime at most, so a short TTL still refreshes in time.
    const delay = Math.max(1000, remaining - Math.min(this.#refreshMarginMs, remaining / 2));
    this.#timer = setTimeout(() => this.#refreshOnTimer(), delay);
  }

  #refreshOnTimer(): void {
    this.#timer = undefined;
    this.#isExpiring = true;
    this.refresh().catch((error: unknown) => {
      this.emit('error', { code: 'fetch-failed', reason: String(error) });
      if (!this.#isDisposed) this.#timer = setTimeout(() => this.#refreshOnTimer(), this.#retryDelayMs);
    });
  }

  #emitChange(reason: IceChangeReason): void {
    const config = this.current;
    if (config) this.emit('change', { config, isOverridden: this.isOverridden, reason });
  }

  #readStoredOverride(): IceServer[] | undefined {
    const text = this.options.storage?.getItem(OVERRIDE_STORAGE_KEY);
    if (!text) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (checkList.check(value) && value.length > 0 && !iceServerListProblem(value)) return value;
    } catch {
      // fall through: a damaged entry is dropped, the served list applies
    }
    this.options.storage?.removeItem(OVERRIDE_STORAGE_KEY);
    return undefined;
  }
}
