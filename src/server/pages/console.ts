/**
 * The staff console entry (/console): the signed-in staff member's agencies and roles.
 * Later areas add their entries to CONSOLE_LINKS: a link shows for a role when `can()` allows
 * its action at that agency.
 */
import type { App } from '../app.ts';
import { listAgencies, pathOf } from '../../app/agencies.ts';
import { can, ROLE_LABELS, type Action } from '../../app/policies.ts';
import { html } from './html.ts';
import { redirect, sendPage } from './render.ts';

export interface ConsoleLink {
  label: string;
  /** Path for an agency, e.g. (code) => `/console/${code}/applications`. */
  href: (agencyCode: string) => string;
  /** Shown where the user may do this at that agency. */
  action: Action;
}

/** Links of the console, per agency. Add yours (one line) when your pages exist. */
export const CONSOLE_LINKS: ConsoleLink[] = [
  { label: '机关管理', href: () => '/console/agencies', action: 'agency.manage' },
  { label: '工作人员管理', href: () => '/console/users', action: 'user.manage' },
  { label: '通知模板', href: (code) => `/console/${encodeURIComponent(code)}/notification-templates`, action: 'notification.templates' },
  { label: '邮件发送情况', href: () => '/console/mail', action: 'notification.deliveries' },
  { label: '接口令牌', href: () => '/console/tokens', action: 'token.manage' },
];

export async function routes(app: App) {
  app.get('/console', async (request, reply) => {
    const user = request.currentUser;
    if (!user) return redirect(reply, '/login?next=/console');
    if (user.kind !== 'staff') {
      return sendPage(request, reply, {
        title: '工作台',
        status: 403,
        body: html`<h1>工作台</h1><p class="error-text">工作台仅供行政机关工作人员使用。</p><p><a href="/">返回首页</a></p>`,
      });
    }
    const all = await listAgencies(app.db);
    const byAgency = new Map<number, { code: string; name: string; roles: string[] }>();
    for (const r of user.roleDetails) {
      const entry = byAgency.get(r.agencyId) ?? { code: r.agencyCode, name: r.agencyName, roles: [] };
      entry.roles.push(ROLE_LABELS[r.role]);
      byAgency.set(r.agencyId, entry);
    }
    const sections = [...byAgency.entries()].map(([agencyId, a]) => {
      const path = pathOf(all, agencyId);
      const links = CONSOLE_LINKS.filter((l) => can(user, l.action, { agencyPath: path }));
      return html`<section class="card" aria-labelledby="ag-${a.code}">
  <h2 id="ag-${a.code}">${a.name}</h2>
  <p class="meta">机关代码：${a.code}</p>
  <p>我的角色：${a.roles.map((r, i) => html`${i ? '、' : ''}<span class="role">${r}</span>`)}</p>
  ${links.length ? html`<ul class="links">${links.map((l) => html`<li><a href="${l.href(a.code)}">${l.label}</a></li>`)}</ul>` : ''}
</section>`;
    });
    return sendPage(request, reply, {
      title: '工作台',
      body: html`<h1>工作台</h1>
<p class="lead">${user.displayName}，您好。您在以下机关担任职务：</p>
${sections.length ? sections : html`<p>您尚未被授予任何机关的角色，请联系系统管理员。</p>`}`,
    });
  });
}
