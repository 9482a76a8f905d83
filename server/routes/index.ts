// Every route, in registration order (which is also the order of Allow).
import type { Deps } from '../context';
import { listAuditRoute } from './audit-list';
import { authConfigRoute } from './auth-config';
import { signInRoute } from './auth-sign-in';
import { authMeRoute } from './auth-me';
import { healthzRoute } from './healthz';
import { createKeyRoute } from './keys-create';
import { deleteKeyRoute } from './keys-delete';
import { getKeyRoute } from './keys-get';
import { listKeysRoute } from './keys-list';
import { lookupKeysRoute } from './keys-lookup';
import { renameKeyRoute } from './keys-rename';
import { replaceKeyRoute } from './keys-replace';
import { openApiRoute } from './openapi';
import type { Route } from './route';
import { whoamiRoute } from './whoami';

export function routes(deps: Deps): Route[] {
  return [
    healthzRoute(),
    openApiRoute(),
    listKeysRoute(deps),
    createKeyRoute(deps),
    // Before /v1/keys/:id, so "lookup" is never read as a key id.
    lookupKeysRoute(deps),
    getKeyRoute(deps),
    renameKeyRoute(deps),
    deleteKeyRoute(deps),
    replaceKeyRoute(deps),
    whoamiRoute(deps),
    listAuditRoute(deps),
    authConfigRoute(deps),
    signInRoute(deps),
    authMeRoute(),
  ];
}
