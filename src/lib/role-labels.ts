import { m } from './paraglide/messages';
import type { OrgRole, TeamRole } from './roles';

export function roleLabel(role: OrgRole): string {
	switch (role) {
		case 'admin':
			return m.role_admin();
		case 'knowledge_manager':
			return m.role_knowledge_manager();
		case 'member':
			return m.role_member();
	}
}

export function teamRoleLabel(role: TeamRole): string {
	return role === 'mentor' ? m.team_role_mentor() : m.team_role_member();
}
