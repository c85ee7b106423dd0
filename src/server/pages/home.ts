/** The home page: the agencies of this installation as a tree, each with its 政府信息公开工作机构. */
import type { App } from '../app.ts';
import { agencyTree, getAgencyByCode, type AgencyNode } from '../agencies.ts';
import { html, type SafeHtml } from './html.ts';
import { sendPage } from './render.ts';

function treeList(nodes: AgencyNode[]): SafeHtml {
  if (nodes.length === 0) return html``;
  return html`<ul class="tree">${nodes.map(
    (n) => html`<li><a href="/agencies/${encodeURIComponent(n.code)}">${n.name}</a>${treeList(n.children)}</li>`,
  )}</ul>`;
}

export async function routes(app: App) {
  app.get('/', async (request, reply) => {
    const roots = await agencyTree(app.db);
    return sendPage(request, reply, {
      title: '首页',
      body: html`<h1>政府信息公开</h1>
<p class="lead">依据《中华人民共和国政府信息公开条例》，公民、法人或者其他组织可以向下列行政机关申请获取政府信息（第二十七条）。</p>
<section aria-labelledby="agencies-h">
  <h2 id="agencies-h">机关名录</h2>
  ${roots.length ? treeList(roots) : html`<p>尚未登记任何机关。</p>`}
</section>`,
    });
  });

  app.get<{ Params: { code: string } }>('/agencies/:code', async (request, reply) => {
    const a = await getAgencyByCode(app.db, request.params.code);
    const row = (label: string, value: string | null) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
    return sendPage(request, reply, {
      title: a.name,
      breadcrumbs: [['首页', '/'], [a.name]],
      body: html`<h1>${a.name}</h1>
<section aria-labelledby="office-h">
  <h2 id="office-h">政府信息公开工作机构</h2>
  ${a.officeName || a.officePhone || a.officeAddress
    ? html`<dl class="facts">${row('名称', a.officeName)}${row('办公地址', a.officeAddress)}${row('办公时间', a.officeHours)}${row('联系电话', a.officePhone)}${row('电子邮箱', a.officeEmail)}</dl>`
    : html`<p>该机关尚未登记其政府信息公开工作机构的联系方式。</p>`}
</section>`,
    });
  });
}
