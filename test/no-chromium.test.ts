// A machine without Chromium (issue 19, finding 7): `npm test` skips the console's browser tests
// with a warning that says how to install it, and nothing else in the test command trips over
// their absence. Run here with Chromium pointed at a path that does not exist, CI unset.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const withoutChromium = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' };
  delete env.CI;
  return env;
};

describe('without Chromium', () => {
  it('vitest lists no browser test and warns with the install command', async () => {
    const { stdout, stderr } = await run('npx', ['vitest', 'list', '--filesOnly'], { env: withoutChromium(), maxBuffer: 8 << 20 });
    expect(stdout).toContain('test/no-chromium.test.ts');
    expect(stdout).not.toMatch(/e2e\//);
    expect(stderr + stdout).toContain('apt-get install chromium');
  }, 120_000);

  it('the unused-code check still passes (the e2e set-up it cannot see then is not called unused)', async () => {
    const result = await run('npm', ['run', 'lint:unused', '--silent'], { env: withoutChromium(), maxBuffer: 8 << 20 }).then(
      () => 0,
      (err: { code?: number; stdout?: string }) => `${err.code}: ${err.stdout}`,
    );
    expect(result).toBe(0);
  }, 180_000);
});
