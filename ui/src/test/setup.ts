import { afterEach } from 'vitest';

afterEach(async () => {
  if (typeof document === 'undefined') return; // node-environment test files
  const { cleanup } = await import('@testing-library/react');
  cleanup();
  sessionStorage.clear();
});
