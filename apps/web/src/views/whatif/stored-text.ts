import { useEffect, useState } from 'react';

/**
 * A text kept in sessionStorage (this tab only), so pasted manifests survive a reload or a visit to
 * another view. Storage can be unavailable or full: the text then simply lives in memory.
 */
export function useStoredText(key: string): [string, (v: string) => void] {
  const [text, setText] = useState(() => {
    try {
      return window.sessionStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  useEffect(() => {
    try {
      if (text) window.sessionStorage.setItem(key, text);
      else window.sessionStorage.removeItem(key);
    } catch {
      // see above
    }
  }, [key, text]);
  return [text, setText];
}
