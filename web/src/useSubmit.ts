import { useState, type FormEvent } from 'react';

/** Busy state kept by the dialog around a form, so the dialog will not close while it works. */
interface SharedBusy {
  busy: boolean;
  setBusy(busy: boolean): void;
}

export interface Submit {
  busy: boolean;
  /** The last refusal, shown beside the form until the next try. */
  error: unknown;
  setError(error: unknown): void;
  /** Runs `action`: busy meanwhile, its error kept instead of thrown. */
  run(action: () => Promise<void>): Promise<void>;
  /** A form's onSubmit that runs `action` instead of letting the browser post the form. */
  onSubmit(action: () => Promise<void>): (event: FormEvent) => void;
}

/** A form's submit handling: busy while the request runs, the API's error kept to show beside the form. */
export function useSubmit(shared?: SharedBusy): Submit {
  const [ownBusy, setOwnBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const busy = shared ? shared.busy : ownBusy;
  const setBusy = shared ? shared.setBusy : setOwnBusy;
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (action: () => Promise<void>) => (event: FormEvent) => {
    event.preventDefault();
    void run(action);
  };
  return { busy, error, setError, run, onSubmit };
}
