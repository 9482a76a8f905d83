// The badge with several connections: the sum of every connection's expiring
// keys, and a tooltip that says which connection holds how many, e.g.
// "Workbase API Keys: 3 keys expire within 7 days — Acme production: 2, Staging: 1".
import { BADGE_TITLE, BADGE_URGENT, BADGE_WARNING, type Badge } from './badge';

export interface ConnectionCount {
  name: string;
  count: number;
  urgent: boolean;
}

export function sumBadges(perConnection: readonly ConnectionCount[], warningDays: number): Badge {
  const count = perConnection.reduce((sum, c) => sum + c.count, 0);
  const urgent = perConnection.some((c) => c.urgent);
  if (count === 0) return { text: '', color: BADGE_WARNING, title: BADGE_TITLE };
  const days = warningDays === 1 ? '1 day' : `${warningDays} days`;
  const what = count === 1 ? '1 key expires' : `${count} keys expire`;
  const each = perConnection.map((c) => `${c.name}: ${c.count}`).join(', ');
  return {
    text: count > 99 ? '99+' : String(count),
    color: urgent ? BADGE_URGENT : BADGE_WARNING,
    title: `${BADGE_TITLE}: ${what} within ${days} — ${each}`,
  };
}
