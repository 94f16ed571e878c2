import { useRef } from 'react';

/**
 * For a Radix dialog opened from state rather than by its own trigger: Radix would not know where
 * to give focus back on closing, so this remembers the element that had focus (the button clicked)
 * when the dialog opened and returns focus to it. When that element is gone (a row's button that
 * the action removed), `fallback` names where focus goes instead. Spread the result on
 * `Dialog.Content`.
 */
export function useReturnFocus(fallback?: () => HTMLElement | null) {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus: () => {
      opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    },
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      (opener.current?.isConnected ? opener.current : fallback?.())?.focus();
      opener.current = null;
    },
  };
}
