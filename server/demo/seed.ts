import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import {
	documentShares,
	lessonReuses,
	lessons,
	measurements,
	organizations,
	orgMembers,
	processChanges,
	users,
	commentMessages,
	documents
} from '../../src/lib/server/db/schema';
import { can, type Membership } from '../../src/lib/access';
import { alurSchema } from '../../src/lib/editor/extensions';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createUser } from '../../src/lib/server/repositories/users';
import { addOrgMember, createOrganization } from '../../src/lib/server/repositories/organizations';
import { createTeam, setTeamMember } from '../../src/lib/server/repositories/teams';
import { createTag, proposeLesson, publishLesson } from '../../src/lib/server/repositories/curation';
import type { Team } from '../../src/lib/server/db/schema';
import { DEMO_DOCUMENTS } from './content';
import { DEMO_EMAIL_DOMAIN, DEMO_ORG_NAME, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEAMS } from './content/people';
import { DEMO_TAGS } from './content/tags';
import type { DemoDocument, DemoLesson, DemoPerson } from './model';
import { buildBody, type BuiltBody } from './body';
import { writeDemoDocument } from './document-writer';
import { backdateActionItem, backdateCuration, backdateDocument } from './backdate';
import { writeFollowThrough } from './follow-through';
import { editDays, lastEditor, writeEditDays, writeTraining } from './activity';
import { writeReview } from './reviews';
import { backdateOrganisation } from './backdate';
import { seededRandom, timeline } from './timeline';

/**
 * Fills the demo organisation (content/*) through the app's own repositories, in one
 * transaction: either the whole demo is there or none of it. Running it again finds the
 * organisation and changes nothing, unless `reset` asks to delete the demo (its organisation and
 * its accounts) and write it anew.
 */

export interface SeedOptions {
	/** Delete an existing demo organisation and its accounts first. */
	reset?: boolean;
	/** The moment the demo's "today" is (default: now). */
	now?: Date;
	/** Progress lines. */
	log?: (line: string) => void;
}

export interface SeedSummary {
	status: 'created' | 'exists';
	orgId: string;
	counts: {
		users: number;
		teams: number;
		documents: number;
		lessons: number;
		published: number;
		reuses: number;
		processChanges: number;
		measurements: number;
		comments: number;
		trainingRecords: number;
		editDays: number;
	};
	/** How action items were written: as the editor's task items, or (without them) a plain list. */
	actionItems: 'task-items' | 'list';
}

export const DEMO_EMAILS = DEMO_PEOPLE.map((p) => p.email);

/** Demo accounts exist without the demo organisation (deleted in the app, say): only --reset resolves it. */
export class DemoConflictError extends Error {
	constructor(readonly email: string) {
		super(`The demo account ${email} exists but the demo organisation does not (was it deleted?). Run \`npm run seed:demo -- --reset\` to remove the demo accounts and write the demo again.`);
		this.name = 'DemoConflictError';
	}
}

/** The demo organisations already in the database (by name, with a demo account as a member). */
export async function findDemoOrganisations(db: Db): Promise<string[]> {
	const rows = await db
		.selectDistinct({ id: organizations.id })
		.from(organizations)
		.innerJoin(orgMembers, eq(orgMembers.orgId, organizations.id))
		.innerJoin(users, eq(users.id, orgMembers.userId))
		.where(and(eq(organizations.name, DEMO_ORG_NAME), sql`lower(${users.email}) like ${'%@' + DEMO_EMAIL_DOMAIN}`));
	return rows.map((r) => r.id);
}

async function countRows(db: Db, orgId: string): Promise<SeedSummary['counts']> {
	const one = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);
	return {
		users: await one(db.select({ n: count() }).from(orgMembers).where(eq(orgMembers.orgId, orgId))),
		teams: DEMO_TEAMS.length,
		documents: await one(db.select({ n: count() }).from(documents).where(eq(documents.orgId, orgId))),
		lessons: await one(db.select({ n: count() }).from(lessons).where(eq(lessons.orgId, orgId))),
		published: await one(db.select({ n: count() }).from(lessons).where(and(eq(lessons.orgId, orgId), eq(lessons.status, 'published')))),
		reuses: await one(db.select({ n: count() }).from(lessonReuses).where(eq(lessonReuses.orgId, orgId))),
		processChanges: await one(db.select({ n: count() }).from(processChanges).where(eq(processChanges.orgId, orgId))),
		measurements: await one(db.select({ n: count() }).from(measurements).where(eq(measurements.orgId, orgId))),
		comments: await one(
			db.select({ n: count() }).from(commentMessages).innerJoin(documents, eq(documents.id, commentMessages.documentId)).where(eq(documents.orgId, orgId))
		),
		trainingRecords: await one(db.select({ n: count() }).from(sql`training_records`).where(sql`org_id = ${orgId}`)),
		editDays: await one(db.select({ n: count() }).from(sql`document_edit_days`).where(sql`org_id = ${orgId}`))
	};
}

export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedSummary> {
	const log = options.log ?? (() => {});
	const now = options.now ?? new Date();
	const time = timeline(now);

	if (!options.reset) {
		// Already there: answer before hashing anything (checked again under the lock below).
		const [existing] = await findDemoOrganisations(db);
		if (existing) return { status: 'exists', orgId: existing, counts: await countRows(db, existing), actionItems: 'list' };
	}
	// Hashing is the slow part of making accounts (argon2id, as at registration); outside the
	// transaction so it holds nothing while it runs.
	log(`Hashing the password of ${DEMO_PEOPLE.length} demo accounts…`);
	const hashes = await Promise.all(DEMO_PEOPLE.map(() => hashPassword(DEMO_PASSWORD)));

	return db.transaction(async (txn) => {
		// Repositories take the database; inside this transaction theirs become savepoints.
		const tx = txn as unknown as Db;
		// Two seeds at once (PostgreSQL) take turns: the second finds the first's organisation.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext('alur:seed-demo'))`);
		const existing = await findDemoOrganisations(tx);
		if (existing.length > 0 && !options.reset) {
			return { status: 'exists', orgId: existing[0], counts: await countRows(tx, existing[0]), actionItems: 'list' } satisfies SeedSummary;
		}
		if (!options.reset) {
			const [account] = await tx
				.select({ email: users.email })
				.from(users)
				.where(inArray(sql`lower(${users.email})`, DEMO_EMAILS.map((e) => e.toLowerCase())))
				.limit(1);
			if (account) throw new DemoConflictError(account.email);
		}
		if (options.reset) {
			log('Removing the existing demo organisation and accounts…');
			if (existing.length > 0) await tx.delete(organizations).where(inArray(organizations.id, existing));
			await tx.delete(users).where(inArray(sql`lower(${users.email})`, DEMO_EMAILS.map((e) => e.toLowerCase())));
		}

		// People, organisation, teams.
		log('Creating the organisation, teams and accounts…');
		const userIds = new Map<string, string>();
		const people = new Map<string, DemoPerson>(DEMO_PEOPLE.map((p) => [p.key, p]));
		for (const [i, person] of DEMO_PEOPLE.entries()) {
			const user = await createUser(tx, { email: person.email, name: person.name, passwordHash: hashes[i] });
			userIds.set(person.key, user.id);
		}
		const userId = (key: string): string => {
			const id = userIds.get(key);
			if (!id) throw new Error(`demo content names an unknown person: ${key}`);
			return id;
		};
		const userName = (key: string): string => people.get(key)?.name ?? key;
		const admin = DEMO_PEOPLE.find((p) => p.orgRole === 'admin');
		if (!admin) throw new Error('the demo needs an admin');
		const org = await createOrganization(tx, DEMO_ORG_NAME, userId(admin.key));
		for (const person of DEMO_PEOPLE) if (person !== admin) await addOrgMember(tx, org.id, userId(person.key), person.orgRole);
		const teamRows = new Map<string, Team>();
		for (const team of DEMO_TEAMS) teamRows.set(team.key, await createTeam(tx, org.id, { name: team.name, description: team.description }));
		const teamId = (key: string): string => {
			const team = teamRows.get(key);
			if (!team) throw new Error(`demo content names an unknown team: ${key}`);
			return team.id;
		};
		for (const person of DEMO_PEOPLE) {
			for (const [teamKey, role] of Object.entries(person.teams)) {
				if (role) await setTeamMember(tx, teamRows.get(teamKey)!, userId(person.key), role);
			}
		}
		const membership = (key: string): Membership => {
			const person = people.get(key)!;
			const teamRoles = Object.fromEntries(
				Object.entries(person.teams).flatMap(([teamKey, role]) => (role ? [[teamId(teamKey), role]] : []))
			);
			return { userId: userId(key), orgRole: person.orgRole, teamRoles };
		};
		const curator = DEMO_PEOPLE.find((p) => p.orgRole === 'knowledge_manager');
		if (!curator) throw new Error('the demo needs a knowledge manager');

		// The library's tag list, as the knowledge manager keeps it.
		const tagIds = new Map<string, string>();
		for (const parent of DEMO_TAGS) {
			const parentId = await createTag(tx, membership(curator.key), org.id, { name: parent.name });
			tagIds.set(parent.name, parentId);
			for (const child of parent.children) tagIds.set(child, await createTag(tx, membership(curator.key), org.id, { name: child, parentId }));
		}
		const tagId = (name: string): string => {
			const id = tagIds.get(name);
			if (!id) throw new Error(`demo lesson names an unknown tag: ${name}`);
			return id;
		};

		// Documents, oldest first; each document's lessons go through curation right after it.
		const schema = alurSchema();
		const publishedLessons = new Map<string, { id: string; publishedDaysAgo: number }>();
		const built: { document: DemoDocument; documentId: string; body: BuiltBody; edits: ReturnType<typeof editDays> }[] = [];
		let actionItems: SeedSummary['actionItems'] = 'list';
		for (const [index, document] of DEMO_DOCUMENTS.entries()) {
			log(`Documents ${index + 1}/${DEMO_DOCUMENTS.length}: ${document.title}`);
			const docTeamId = teamId(document.team);
			const docResource = { kind: 'document' as const, orgId: org.id, teamId: docTeamId, visibility: document.visibility, sharedRole: null };
			for (const editor of document.editors) {
				if (!can(membership(editor), 'edit', docResource)) throw new Error(`demo: ${editor} may not edit ${document.key}`);
			}
			const body = buildBody(document, {
				schema,
				lessonId: (key) => {
					const lesson = publishedLessons.get(key);
					if (!lesson) throw new Error(`demo document ${document.key} reuses ${key}, which is not published before it`);
					if (lesson.publishedDaysAgo < document.createdDaysAgo - 1) {
						throw new Error(`demo document ${document.key} reuses ${key} before it was published`);
					}
					return lesson.id;
				},
				userId,
				userName,
				day: time.day
			});
			if (body.actionItems === 'task-items') actionItems = 'task-items';

			const commenters = new Set(document.comments.flatMap((t) => [t.author, ...(t.replies ?? []).map((r) => r.author)]));
			const commentDays = document.comments.flatMap((t) => [t.daysAgo, ...(t.replies ?? []).map((r) => r.daysAgo)]);
			if (commentDays.some((d) => d > document.createdDaysAgo)) throw new Error(`demo: a comment on ${document.key} predates it`);
			const createdAt = time.at(document.createdDaysAgo, 8);
			const bodyAt = time.at(document.createdDaysAgo, 14);
			const written = await writeDemoDocument(tx, {
				orgId: org.id,
				teamId: docTeamId,
				type: document.type,
				title: document.title,
				visibility: document.visibility,
				createdBy: userId(document.author),
				body: body.doc,
				bodyAt,
				schema,
				comments: document.comments,
				actors: { userId, userName, at: time.at },
				// Someone from another unit who comments was given a commenter share first (an
				// organisation-wide document only lets them view). The app has no share form yet: this
				// row is what a share writes.
				beforeComments: async (documentId) => {
					for (const key of commenters) {
						if (can(membership(key), 'comment', docResource)) continue;
						await tx.insert(documentShares).values({ documentId, userId: userId(key), role: 'commenter', createdAt: time.at(document.createdDaysAgo, 12) });
						if (!can(membership(key), 'comment', { ...docResource, sharedRole: 'commenter' })) throw new Error(`demo: ${key} may not comment`);
					}
				}
			});
			const edits = editDays(document, seededRandom(7919 * (index + 1)), time);
			built.push({ document, documentId: written.document.id, body, edits });

			// Curation of this document's lessons: proposed by a team member, published by the curator.
			for (const lesson of lessonsOf(document)) {
				const blockId = body.lessonBlocks.get(lesson.key)!;
				const [row] = await tx
					.select({ id: lessons.id })
					.from(lessons)
					.where(and(eq(lessons.originDocumentId, written.document.id), eq(lessons.blockId, blockId)));
				if (!row) throw new Error(`demo lesson ${lesson.key} was not projected`);
				const plan = lesson.library;
				if (plan.status === 'draft') continue;
				await proposeLesson(tx, membership(plan.proposedBy), org.id, row.id);
				if (plan.status === 'published') {
					await publishLesson(tx, membership(curator.key), org.id, row.id, {
						libraryTitle: plan.libraryTitle,
						librarySummary: plan.librarySummary,
						tagIds: plan.tags.map(tagId)
					});
					publishedLessons.set(lesson.key, { id: row.id, publishedDaysAgo: plan.publishedDaysAgo });
				}
				await backdateCuration(tx, row.id, {
					proposedAt: time.at(plan.proposedDaysAgo, 10),
					publishedAt: plan.status === 'published' ? time.at(plan.publishedDaysAgo, 11) : null
				});
			}
			for (const [blockId, action] of body.actionBlocks) {
				await backdateActionItem(tx, {
					documentId: written.document.id,
					blockId,
					createdAt: bodyAt,
					doneAt: action.done ? time.at(action.doneDaysAgo ?? action.dueDaysAgo + 2, 16) : null
				});
			}
			if (document.review) await writeReview(tx, { documentId: written.document.id, review: document.review, userId, at: time.at });
			// The document's last change is its latest edit day (a change's owner updates its review
			// section when figures come in), by the last editor that day.
			const latest = edits.reduce((a, b) => (b.daysAgo < a.daysAgo || (b.daysAgo === a.daysAgo && b.userKey === lastEditor(document)) ? b : a));
			await backdateDocument(tx, written, {
				createdAt,
				bodyAt,
				lastEditedAt: time.at(latest.daysAgo, 15),
				lastEditorId: userId(latest.userKey),
				now
			});
		}

		// Follow-through on the process changes, and the activity around the documents.
		log('Recording process-change follow-through and measurements…');
		for (const { document, documentId, body } of built) {
			for (const change of changesOf(document)) {
				const members = new Set(
					DEMO_PEOPLE.filter((p) => p.teams[document.team] === 'member').map((p) => userId(p.key))
				);
				await writeFollowThrough(tx, { orgId: org.id, documentId, blockId: body.changeBlocks.get(change.key)!, change, members, userId, time });
			}
		}
		log('Recording edit days and training…');
		for (const { document, documentId, edits } of built) {
			await writeEditDays(tx, { orgId: org.id, documentId, teamId: teamId(document.team), rows: edits, userId, time });
		}
		await writeTraining(tx, { orgId: org.id, people: DEMO_PEOPLE, userId, adminKey: admin.key, time });
		await backdateOrganisation(tx, { orgId: org.id, userIds: [...userIds.values()], at: time.at(380, 9), tagsAt: time.at(335, 10) });
		return { status: 'created', orgId: org.id, counts: await countRows(tx, org.id), actionItems } satisfies SeedSummary;
	});
}

function lessonsOf(document: DemoDocument): DemoLesson[] {
	return Object.values(document.sections).flatMap((blocks) => (blocks ?? []).flatMap((b) => (b.kind === 'lesson' ? [b.lesson] : [])));
}

function changesOf(document: DemoDocument) {
	return Object.values(document.sections).flatMap((blocks) => (blocks ?? []).flatMap((b) => (b.kind === 'change' ? [b.change] : [])));
}
