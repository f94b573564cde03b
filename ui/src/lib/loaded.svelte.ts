// What a screen loads when it opens: the value once it arrives, or the
// error's message (core errors carry their own wording).
import { errorText } from "./api";

export class Loaded<T> {
  value = $state<T | null>(null);
  failure = $state("");

  constructor(private call: () => Promise<T>) {
    this.reload();
  }

  /** Asks again (after the data changed); the old value stays until then. */
  reload(): void {
    this.call().then(
      (v) => {
        this.value = v;
        this.failure = "";
      },
      (e: unknown) => (this.failure = errorText(e)),
    );
  }
}
