/** The home page: the agencies of this installation as a tree, each with its 政府信息公开工作机构. */
import type { App } from '../app.ts';
import type { Db } from '../../db/index.ts';
import { readDb } from '../read-db.ts';
import { agencyDirectory, directoryAgency, type AgencyNode } from '../../app/agencies.ts';
import { html, type SafeHtml } from './html.ts';
import { sendPortalPage } from './page-cache.ts';
import { agencyColumnSection, homeLatestSection } from './portal.ts';

/** Sections of an agency's page after its 工作机构, in order (one line per area). */
const AGENCY_SECTIONS: Array<(db: Db, agency: Awaited<ReturnType<typeof directoryAgency>>) => Promise<SafeHtml>> = [
  agencyColumnSection, // 政府信息公开专栏: 指南、目录、年度报告、依申请公开 (src/server/pages/portal.ts)
];

function treeList(nodes: AgencyNode[]): SafeHtml {
  if (nodes.length === 0) return html``;
  return html`<ul class="tree">${nodes.map(
    (n) => html`<li><a href="/agencies/${encodeURIComponent(n.code)}">${n.name}</a>${treeList(n.children)}</li>`,
  )}</ul>`;
}

export async function routes(app: App) {
  app.get('/', (request, reply) =>
    sendPortalPage(request, reply, '/', async () => {
      // The tree is rendered once per directory (in memory, src/app/agencies.ts agencyDirectory).
      const directory = await agencyDirectory(app.db);
      const tree = directory.memo('home.tree', () => (directory.roots.length ? treeList(directory.roots) : html`<p>尚未登记任何机关。</p>`));
      return {
        title: '首页',
        description: '政府信息公开平台：各行政机关的政府信息公开指南、公开目录、主动公开的文件和年度报告，在线申请政府信息公开。',
        body: html`<h1>政府信息公开</h1>
<p class="lead">依据《中华人民共和国政府信息公开条例》，公民、法人或者其他组织可以向下列行政机关申请获取政府信息（第二十七条）。</p>
<section aria-labelledby="agencies-h">
  <h2 id="agencies-h">机关名录</h2>
  ${tree}
</section>
${await homeLatestSection(readDb(request))}`,
      };
    }),
  );

  app.get<{ Params: { code: string } }>('/agencies/:code', (request, reply) =>
    sendPortalPage(request, reply, `/agencies/${encodeURIComponent(request.params.code)}`, async () => {
      const a = await directoryAgency(app.db, request.params.code);
      const row = (label: string, value: string | null) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
      const sections = await Promise.all(AGENCY_SECTIONS.map((section) => section(readDb(request), a)));
      return {
        title: a.name,
        description: `${a.name}政府信息公开：公开指南、公开目录、年度报告、依申请公开，以及政府信息公开工作机构的联系方式。`,
        breadcrumbs: [['首页', '/'], [a.name]],
        body: html`<h1>${a.name}</h1>
<section aria-labelledby="office-h">
  <h2 id="office-h">政府信息公开工作机构</h2>
  ${a.officeName || a.officePhone || a.officeAddress
    ? html`<dl class="facts">${row('名称', a.officeName)}${row('办公地址', a.officeAddress)}${row('办公时间', a.officeHours)}${row('联系电话', a.officePhone)}${row('电子邮箱', a.officeEmail)}</dl>`
    : html`<p>该机关尚未登记其政府信息公开工作机构的联系方式。</p>`}
</section>
${sections}`,
      };
    }),
  );
}
