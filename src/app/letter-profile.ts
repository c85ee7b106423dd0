/**
 * An agency's letter settings (机关代字, the kind of organ, the names its letters cite for 复议 and
 * 诉讼), stored as the `agency_profile` letter-template row. ONE schema: what a reviewer saves is
 * checked by it (every fault named in Chinese), and what is read back is parsed by it, so a row
 * that does not fit (saved before this schema, or by hand) falls back to the defaults instead of
 * breaking every letter of the agency.
 */
import { z } from 'zod';
import type { AgencyKind } from '../domain/letters/types.ts';
import { optionalText } from './schemas.ts';

const AGENCY_KINDS = ['department', 'local_government', 'provincial_government', 'state_council_department', 'vertical'] as const satisfies readonly AgencyKind[];

export const agencyLetterProfileSchema = z
  .object({
    numberPrefix: optionalText('机关代字', 20).refine((s) => s === undefined || s.length > 0, '机关代字（numberPrefix）不能为空'),
    kind: z.enum(AGENCY_KINDS, { error: `机关类别（kind）应为 ${AGENCY_KINDS.join('、')} 之一` }).optional(),
    governmentName: optionalText('本级人民政府名称', 100),
    superiorGovernmentName: optionalText('上一级人民政府名称', 100),
    superiorAuthorityName: optionalText('上一级主管部门名称', 100),
    courtName: optionalText('人民法院名称', 100),
  })
  .strict();

export type AgencyLetterProfile = z.infer<typeof agencyLetterProfileSchema>;

/** The profile to save, or the Chinese list of what is wrong with it. */
export function checkLetterProfile(value: unknown): { ok: true; profile: AgencyLetterProfile } | { ok: false; errors: string[] } {
  const r = agencyLetterProfileSchema.safeParse(value);
  if (r.success) return { ok: true, profile: r.data };
  return { ok: false, errors: r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message)) };
}

/** A stored profile as read back: the parsed profile, or null (defaults) when it does not fit the schema. */
export function readLetterProfile(stored: unknown): AgencyLetterProfile | null {
  const r = agencyLetterProfileSchema.safeParse(stored);
  return r.success ? r.data : null;
}
