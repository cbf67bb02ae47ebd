import { inspect } from 'node:util';

/**
 * A secret value (password, key, token). It prints as `[secret]` everywhere — `String()`,
 * template strings, `JSON.stringify`, `util.inspect`, pino — and only {@link Secret.reveal}
 * returns the value, at the one place that hands it to the system that needs it.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself; call only where it leaves for its destination. */
  reveal(): string {
    return this.#value;
  }
  /** Whether it is the empty string. */
  get isEmpty(): boolean {
    return this.#value.length === 0;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}
