import { Preferences } from '../settings/preferences';
import { defineMessage } from './define';

export const preferencesGet = defineMessage('preferences.get', { body: {}, response: Preferences });
