// What the last action on a panel came to: a line saying what was done,
// or the error's message (core errors carry their own wording).
import { errorText } from "./api";

export class Outcome {
  note = $state("");
  failure = $state("");

  /** Runs `action`; the text it returns is the note, an error the
   * failure. `after` follows a success (the panel reloads what changed). */
  async run(action: () => Promise<string>, after?: () => void): Promise<boolean> {
    this.note = this.failure = "";
    try {
      this.note = await action();
      after?.();
      return true;
    } catch (e) {
      this.failure = errorText(e);
      return false;
    }
  }
}
