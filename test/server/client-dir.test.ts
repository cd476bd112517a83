import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../server/server.js';

describe('DEFAULT_CLIENT_DIR', () => {
  // Guards against serving from outside the repository when run via tsx (npm run soak, the shutdown test).
  it("is the repository's dist/client when the server runs from its sources", () => {
    expect(DEFAULT_CLIENT_DIR).toBe(path.resolve(import.meta.dirname, '..', '..', 'dist', 'client'));
  });
});
