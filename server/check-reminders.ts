import type { Db } from '../src/lib/server/db';
import { sendDueCheckReminders } from '../src/lib/server/repositories/check-reminders';
import { signalNotificationsChanged } from '../src/lib/server/notification-signal';
import { jakartaDay } from '../src/lib/impact/calendar';
import type { Job } from './scheduler';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The check reminders (repositories/check-reminders.ts) as a scheduler job: at start and hourly.
 * What is due comes from the tables, so a restart neither loses nor repeats one. `now` lets
 * tests move "today".
 */
export function checkReminderJob(db: Db, now: () => Date = () => new Date(), intervalMs = HOUR_MS): Job {
	return {
		name: 'check-reminders',
		intervalMs,
		run: async () => {
			const at = now();
			const result = await sendDueCheckReminders(db, jakartaDay(at), at);
			// After the insert committed: the owners' open pages re-read their unread count.
			signalNotificationsChanged(result.userIds);
		}
	};
}
