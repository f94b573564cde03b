// What a screen loads when it opens: the value once it arrives, or the
// error's message (core errors carry their own wording).
import { errorText } from "./api";

export class Loaded<T> {
  value = $state<T | null>(null);
  failure = $state("");

  constructor(call: () => Promise<T>) {
    call().then(
      (v) => (this.value = v),
      (e: unknown) => (this.failure = errorText(e)),
    );
  }
}
