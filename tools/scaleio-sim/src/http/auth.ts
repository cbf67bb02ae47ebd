/**
 * Gateway tokens: minted at login, valid 8 hours from creation unless idle for 10 minutes,
 * logged out, or issued before a gateway restart (reference note §1).
 */
import type { Clock, RandomHex } from '../clock.js';

/** Absolute token lifetime. */
export const TOKEN_LIFETIME_MS = 8 * 60 * 60 * 1000;
/** Idle limit: a token unused this long is dead. */
export const TOKEN_IDLE_MS = 10 * 60 * 1000;

interface Session {
  user: string;
  createdMs: number;
  lastUsedMs: number;
}

/** The token store of one gateway. */
export interface TokenStore {
  /** Mints a token for `user`. */
  mint(user: string): string;
  /** True when the token is live now; a live token's idle clock restarts. */
  use(token: string): boolean;
  /** Ends one token. */
  logout(token: string): void;
  /** Ends every token (a gateway restart, or injected invalidation). */
  invalidateAll(): void;
  /** How many tokens are live now. */
  liveCount(): number;
  /** True when `token` is live now (without using it: its idle clock does not restart). */
  isLive(token: string): boolean;
}

/**
 * Creates a token store.
 * @param clock - time source
 * @param random - hex source
 */
export const createTokenStore = (clock: Clock, random: RandomHex): TokenStore => {
  const sessions = new Map<string, Session>();
  const live = (s: Session, now: number): boolean =>
    now - s.createdMs < TOKEN_LIFETIME_MS && now - s.lastUsedMs < TOKEN_IDLE_MS;
  return {
    mint: (user) => {
      const now = clock();
      const token = Buffer.from(`${user}:${now}:${random(16)}`)
        .toString('base64')
        .replace(/=+$/, '');
      sessions.set(token, { user, createdMs: now, lastUsedMs: now });
      return token;
    },
    use: (token) => {
      const s = sessions.get(token);
      const now = clock();
      if (s === undefined) return false;
      if (!live(s, now)) {
        sessions.delete(token);
        return false;
      }
      s.lastUsedMs = now;
      return true;
    },
    logout: (token) => {
      sessions.delete(token);
    },
    invalidateAll: () => sessions.clear(),
    liveCount: () => [...sessions.values()].filter((s) => live(s, clock())).length,
    isLive: (token) => {
      const s = sessions.get(token);
      return s !== undefined && live(s, clock());
    },
  };
};

/** The user and password (or token) of a Basic Authorization header, if there is one. */
export const parseBasic = (
  header: string | undefined,
): { user: string; secret: string } | undefined => {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (m?.[1] === undefined) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : { user: text.slice(0, i), secret: text.slice(i + 1) };
};
