'use client';

import { useEffect, useState } from 'react';

/** `value`, but only after it has stopped changing for `ms` (search-as-you-type without a query per key). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
