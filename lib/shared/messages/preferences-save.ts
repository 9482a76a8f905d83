// Answers what was stored (reminder days normalized).
import { Preferences } from '../settings/preferences';
import { defineMessage } from './define';

export const preferencesSave = defineMessage('preferences.save', { body: { preferences: Preferences }, response: Preferences });
