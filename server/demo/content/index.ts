import type { DemoDocument } from '../model';
import { AKTA_DOCUMENTS } from './akta';
import { KIA_DOCUMENTS } from './kia';
import { KTP_DOCUMENTS } from './ktp-el';
import { PERIZINAN_DOCUMENTS } from './perizinan';

/** Every demo document, oldest first: a lesson is published before a later document reuses it. */
export const DEMO_DOCUMENTS: DemoDocument[] = [...KTP_DOCUMENTS, ...KIA_DOCUMENTS, ...PERIZINAN_DOCUMENTS, ...AKTA_DOCUMENTS].sort(
	(a, b) => b.createdDaysAgo - a.createdDaysAgo
);
