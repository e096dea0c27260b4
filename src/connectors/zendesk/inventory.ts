// The Zendesk inventory as a stream of records, in as few calls as the API allows: clients, then every token
// (100 per page), users only for the ids grants reference (100 per show_many), installed apps (one metadata
// call per distinct app), API tokens and webhooks. Memory is bounded by a page plus the sets of ids seen.
import type { App } from '../../core/domain.ts';
import { ConnectorError } from '../errors.ts';
import type { HttpClient } from '../http.ts';
import type { InventoryRecord } from '../types.ts';
import * as api from './client.ts';
import * as map from './map.ts';
import type { AppInfo } from './wire.ts';

/** Batches of users looked up at once while the token walk goes on: the walk is a chain of cursors, the lookups are not. */
const LOOKUPS_IN_FLIGHT = 2;

type Lookup = Promise<{ batch: string[]; users: Awaited<ReturnType<typeof api.showManyUsers>>['users'] }>;

/**
 * Collects user ids as grants mention them and resolves them 100 at a time, each id once. Full batches are sent
 * without waiting (at most two at a time), so at real network latency they overlap the token pages.
 */
function userResolver(http: HttpClient) {
  const seen = new Set<string>();
  let pending: string[] = [];
  const inFlight: Lookup[] = [];
  const start = (batch: string[]) => {
    const lookup: Lookup = api.showManyUsers(http, batch).then(({ users }) => ({ batch, users }));
    // Awaited in order below; this only keeps an early failure from being reported as unhandled meanwhile.
    lookup.catch(() => {});
    inFlight.push(lookup);
  };
  async function* settle(max: number): AsyncGenerator<InventoryRecord> {
    while (inFlight.length > max) {
      const { batch, users } = await (inFlight.shift() as Lookup);
      const found = new Set<string>();
      for (const u of users) {
        found.add(u.id);
        yield { type: 'user', user: map.saasUser(u) };
      }
      for (const id of batch) if (!found.has(id)) yield { type: 'user', user: map.vanishedUser(id) };
    }
  }
  return {
    want(id: string | null) {
      if (id === null || seen.has(id)) return;
      seen.add(id);
      pending.push(id);
    },
    async *flush(all: boolean): AsyncGenerator<InventoryRecord> {
      while (pending.length >= api.SHOW_MANY_MAX || (all && pending.length > 0)) {
        start(pending.slice(0, api.SHOW_MANY_MAX));
        pending = pending.slice(api.SHOW_MANY_MAX);
        yield* settle(all ? 0 : LOOKUPS_IN_FLIGHT);
      }
      if (all) yield* settle(0);
    },
  };
}

/**
 * Each record of a list must come once. A server that hands back a page under a new cursor (seen in the fault
 * campaign) would otherwise count records twice; the walk stops instead, since pages may also have been skipped.
 */
function onceEach(list: string) {
  const seen = new Set<string>();
  return (id: string) => {
    if (seen.has(id)) {
      throw new ConnectorError({
        code: 'pagination_loop',
        message: `Zendesk returned ${list} record ${id} twice while paging, so the listing cannot be trusted; the sync stopped without changing the inventory and will be retried.`,
        retriable: true,
      });
    }
    seen.add(id);
  };
}

export async function* zendeskInventory(http: HttpClient): AsyncGenerator<InventoryRecord> {
  const users = userResolver(http);
  const local = new Set<string>();
  const global = new Set<string>();
  const unlisted = new Set<string>();
  const localOnce = onceEach('OAuth client');
  for await (const page of api.localClients(http)) {
    for (const c of page.items) {
      localOnce(c.id);
      local.add(c.id);
      yield { type: 'app', app: map.localClientApp(c) };
    }
  }
  const globalOnce = onceEach('global OAuth client');
  for await (const page of api.globalClients(http)) {
    for (const c of page.items) {
      globalOnce(c.id);
      global.add(c.id);
      yield { type: 'app', app: map.globalClientApp(c) };
    }
  }
  const tokenOnce = onceEach('OAuth token');
  for await (const page of api.allTokens(http)) {
    for (const t of page.items) {
      tokenOnce(t.id);
      const clientId = t.client_id ?? 'unknown';
      let key: string;
      // Marketplace grants carry the global client's id; local ids and global ids are separate lists.
      if (local.has(clientId)) key = map.appKey.local(clientId);
      else if (global.has(clientId)) key = map.appKey.global(clientId);
      else {
        key = map.appKey.local(clientId);
        if (!unlisted.has(clientId)) {
          unlisted.add(clientId);
          yield { type: 'app', app: map.unlistedClientApp(clientId) };
        }
      }
      yield { type: 'grant', grant: map.tokenGrant(t, key) };
      users.want(t.user_id ?? null);
    }
    yield* users.flush(false);
  }
  yield* installedApps(http);
  const { api_tokens } = await api.apiTokens(http);
  for (const t of api_tokens) {
    yield { type: 'app', app: map.apiTokenApp(t) };
    const grant = map.apiTokenGrant(t);
    if (grant) {
      yield { type: 'grant', grant };
      users.want(grant.userId);
    }
  }
  const webhookOnce = onceEach('webhook');
  for await (const page of api.webhooks(http)) {
    for (const w of page.items) {
      webhookOnce(w.id);
      const app: App = map.webhookApp(w);
      yield { type: 'app', app };
      const creator = map.webhookCreator(w);
      if (creator) {
        yield {
          type: 'grant',
          grant: {
            appKey: app.key,
            saasId: w.id,
            userId: creator,
            scopes: [],
            createdAt: w.created_at,
            expiresAt: null,
            lastUsedAt: null,
          },
        };
        users.want(creator);
      }
    }
  }
  yield* users.flush(true);
}

async function* installedApps(http: HttpClient): AsyncGenerator<InventoryRecord> {
  const { installations } = await api.installations(http);
  const infos = new Map<string, AppInfo | null>();
  for (const i of installations) {
    const appId = i.app_id ?? null;
    if (appId !== null && !infos.has(appId)) {
      try {
        infos.set(appId, await api.appInfo(http, appId));
      } catch (error) {
        // An app withdrawn from the Marketplace answers 404; its installation is still reported.
        if ((error as { status?: number }).status !== 404) throw error;
        infos.set(appId, null);
      }
    }
    yield { type: 'app', app: map.installationApp(i, appId === null ? null : (infos.get(appId) ?? null)) };
  }
}
