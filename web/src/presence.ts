// This tab's own presence. Until the live connection (web/src/live.ts) lands, the tab counts
// as connected while the server answers it; the live client replaces this with the socket state.
import { useEffect, useState } from 'react';

export type TabPresence = 'connecting' | 'online' | 'offline';

export function usePresence(): TabPresence {
  const [state, setState] = useState<TabPresence>(navigator.onLine ? 'online' : 'offline');
  useEffect(() => {
    const on = () => setState('online');
    const off = () => setState('offline');
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return state;
}
