/** Roles, shared by the browser and the server (the database schema reuses these lists). */
export const ORG_ROLES = ['admin', 'knowledge_manager', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const TEAM_ROLES = ['member', 'mentor'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** A user's role on one document; listed weakest first. */
export const DOCUMENT_ROLES = ['viewer', 'commenter', 'editor'] as const;
export type DocumentRole = (typeof DOCUMENT_ROLES)[number];

export const DOCUMENT_VISIBILITIES = ['team', 'organisation'] as const;
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];

export const DOCUMENT_TYPES = ['failure_analysis', 'sop_improvement', 'retrospective'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = ['draft', 'in_review', 'final'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
