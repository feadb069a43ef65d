import { m } from '../paraglide/messages';
import { toCsv, type CsvCell } from '../impact/csv';
import type { PersonLearning } from '../server/repositories/activity';

/**
 * A person's year as one CSV table (one header, every line the same columns, so a spreadsheet
 * filters it): the summary lines first (section "ringkasan": name, organisation, year, each
 * count of the mix and each share, training JP against the 20 JP of PP 17/2020), then one line
 * per training record (section "pelatihan").
 */
export function learningCsv(learning: PersonLearning, who: { name: string; organisation: string }): string {
	const summary = m.learning_csv_section_summary();
	const training = m.learning_csv_section_training();
	const c = learning.mix.counts;
	const s = learning.mix.shares;
	const line = (item: string, value: CsvCell, unit: string): CsvCell[] => [summary, item, value, unit, '', '', ''];
	const rows: CsvCell[][] = [
		line(m.learning_csv_name(), who.name, ''),
		line(m.learning_csv_organisation(), who.organisation, ''),
		line(m.learning_csv_year(), learning.year, ''),
		line(m.learning_count_authored(), c.documentsAuthored, m.learning_csv_unit_activity()),
		line(m.learning_count_edited(), c.documentDaysEdited, m.learning_csv_unit_activity()),
		line(m.learning_count_sessions(), c.coEditingSessions, m.learning_csv_unit_activity()),
		line(m.learning_count_comments(), c.commentsWritten, m.learning_csv_unit_activity()),
		line(m.learning_count_mentions(), c.mentionsReceived, m.learning_csv_unit_activity()),
		line(m.learning_count_review_requests(), c.reviewRequests, m.learning_csv_unit_activity()),
		line(m.learning_count_sign_offs(), c.signOffs, m.learning_csv_unit_activity()),
		line(m.learning_count_reuses(), c.crossTeamReuses, m.learning_csv_unit_activity()),
		line(m.learning_count_training(), c.trainingHours, 'JP'),
		line(m.learning_mix_experience(), s?.experience ?? null, '%'),
		line(m.learning_mix_social(), s?.social ?? null, '%'),
		line(m.learning_mix_formal(), s?.formal ?? null, '%'),
		line(m.learning_csv_required(), learning.requiredHours, 'JP'),
		line(m.learning_csv_remaining(), learning.remainingHours, 'JP')
	];
	for (const t of learning.training)
		rows.push([training, t.course, t.hours, 'JP', t.organiser, t.completedOn, t.imported ? m.learning_source_import() : m.learning_source_self()]);
	return toCsv(
		[
			m.learning_csv_section(),
			m.learning_csv_item(),
			m.learning_csv_value(),
			m.learning_csv_unit(),
			m.learning_field_organiser(),
			m.learning_field_date(),
			m.learning_csv_source()
		],
		rows
	);
}
