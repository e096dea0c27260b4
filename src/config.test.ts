// Configuration: every variable is checked at start, and a bad value stops the process with a sentence naming the
// variable and what it should be — never a parser's words ("expected number, received NaN").
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const problem = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('configuration', () => {
  it('has working defaults and treats empty variables as unset', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '' });
    expect(c).toMatchObject({
      databaseUrl: null,
      port: 8080,
      host: '127.0.0.1',
      workerConcurrency: 2,
      syncIntervalMinutes: 360,
      shutdownGraceSeconds: 20,
      allowedHosts: [],
      logLevel: 'info',
    });
  });

  it.each([
    ['PORT', 'abc', 'must be a whole number from 0 to 65535'],
    ['PORT', '70000', 'must be a whole number from 0 to 65535'],
    ['GRANTSCOPE_WORKER_CONCURRENCY', '0', 'must be a whole number from 1 to 64'],
    ['GRANTSCOPE_WORKER_CONCURRENCY', '1.5', 'must be a whole number from 1 to 64'],
    ['GRANTSCOPE_SYNC_INTERVAL_MINUTES', '1', 'must be a whole number from 5 to 10080'],
    ['GRANTSCOPE_SHUTDOWN_GRACE_SECONDS', '-1', 'must be a whole number from 0 to 3600'],
    ['DATABASE_URL', 'mysql://db/x', 'must be a postgres:// URL'],
    ['GRANTSCOPE_PUBLIC_URL', 'grantscope.example.com', 'must be the http(s) URL browsers use'],
    ['GRANTSCOPE_PUBLIC_URL', 'javascript:alert(1)', 'must be the http(s) URL browsers use'],
    ['GRANTSCOPE_ALLOWED_TENANT_HOSTS', 'http://sim.local/x', 'host or host:port entries, without a scheme'],
    ['GRANTSCOPE_ALLOWED_TENANT_HOSTS', 'ok.local, user@evil.example', 'host or host:port entries'],
    ['GRANTSCOPE_LOG_LEVEL', 'verbose', 'GRANTSCOPE_LOG_LEVEL'],
    ['GRANTSCOPE_WORKER_HEALTH', 'yes', 'must be on or off'],
  ])('refuses %s=%s, naming the variable', (name, value, says) => {
    const message = problem({ [name]: value });
    expect(message).toContain(`${name}: `);
    expect(message).toContain(says);
    expect(message).not.toMatch(/received NaN|expected number/);
  });

  it('names every bad variable at once', () => {
    const message = problem({ PORT: 'x', GRANTSCOPE_STALE_DAYS: '0' });
    expect(message).toContain('PORT: ');
    expect(message).toContain('GRANTSCOPE_STALE_DAYS: ');
  });

  it('accepts host and host:port entries for tenant hosts', () => {
    expect(
      loadConfig({ GRANTSCOPE_ALLOWED_TENANT_HOSTS: 'localhost:4010, Sim.Test ,[::1]:99' }).allowedHosts,
    ).toEqual(['localhost:4010', 'sim.test', '[::1]:99']);
  });
});
