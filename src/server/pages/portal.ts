/**
 * The public portal (主动公开): each agency's 政府信息公开 column — 公开指南, 公开目录 by the categories
 * of 第二十条, 年度报告 (a link to /agencies/<code>/reports, the report area's route), 依申请公开 (a link
 * to /apply?agency=<code>, the applications area's form) — documents with 发布日期 and 点击数,
 * their 历史版本, the search page, Atom feeds and the larger-text (适老化) toggle.
 *
 * 第二十四条: 「政府信息公开平台应当具备信息检索、查阅、下载等功能。」
 * 第十二条: 「政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、
 * 办公时间、联系电话、传真号码、互联网联系方式等内容。政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。」
 */
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { redirectTarget } from '../redirects.ts';
import { intArray, type Db } from '../../db/index.ts';
import { agencies } from '../../db/schema.ts';
import { agencyDirectory, directoryAgency, type Agency } from '../../app/agencies.ts';
import { notFound } from '../../app/errors.ts';
import { CATEGORIES, DOCUMENT_KIND_LABELS, article20Label, categoryOf, isCategoryCode } from '../../domain/portal/categories.ts';
import { DOCUMENT_ACTION_LABELS, DOCUMENT_STATUS_LABELS, type DocumentAction, type DocumentStatus } from '../../domain/portal/documents.ts';
import { highlight, snippet } from '../../lib/search/bigram.ts';
import { bodyToText } from '../../lib/portal/body.ts';
import { categoryCounts, visibleDocumentPage, visibleVersion, listDocuments, listVersions, type DocumentPage } from '../../app/portal/documents.ts';
import { EXACT_TOTAL_CAP, searchDocuments } from '../../app/portal/search.ts';
import { searchQuerySchema } from '../../app/portal/schemas.ts';
import { useViewCounter } from '../../app/portal/views.ts';
import { readAttachment } from '../../app/portal/attachments.ts';
import { byOf } from '../app.ts';
import { listSubcategories, subcategoryCounts } from '../../app/portal/subcategories.ts';
import { catalogueTree, subcategoryFilter, subcategoryHref } from './catalogue-tree.ts';
import { escapeHtml, html, raw, type SafeHtml } from './html.ts';
import { downloadDisposition } from '../../lib/http/disposition.ts';
import { TEXT_SIZE_COOKIE } from './layout.ts';
import { sendPage } from './render.ts';
import { sendPortalPage } from './page-cache.ts';
import { readDb } from '../read-db.ts';
import { shanghaiDateTime, shanghaiYear } from '../../domain/calendar/index.ts';

const PAGE_SIZE = 20;

/** The online application form of an agency (the applications area's route, src/server/pages/applications.ts). */
export function applyHref(code: string): string {
  return `/apply?agency=${encodeURIComponent(code)}`;
}

/** Links of an agency's 政府信息公开 column (the applications and report areas own /apply and /reports). */
export function columnLinks(code: string) {
  const c = encodeURIComponent(code);
  return [
    { key: 'guide', label: '政府信息公开指南', href: `/agencies/${c}/guide` },
    { key: 'catalog', label: '政府信息公开目录', href: `/agencies/${c}/catalog` },
    { key: 'reports', label: '政府信息公开年度报告', href: `/agencies/${c}/reports` },
    { key: 'apply', label: '依申请公开', href: applyHref(code) },
  ];
}

function columnNav(code: string, current?: string): SafeHtml {
  return html`<nav class="column-nav" aria-label="政府信息公开专栏"><ul>${columnLinks(code).map(
    (l) => html`<li><a href="${l.href}"${l.key === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
  )}</ul></nav>`;
}

function highlighted(text: string, terms: readonly string[]): SafeHtml {
  return html`${highlight(text, terms).map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}`;
}

/** Pages of `total` results; `counted` is how the count reads (e.g. 「约 12000」 for an estimate) when it is not `total`. */
function pager(base: string, params: URLSearchParams, page: number, total: number, size: number, counted: string | number = total): SafeHtml {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return html``;
  const link = (p: number) => {
    const q = new URLSearchParams(params);
    q.set('page', String(p));
    return `${base}?${q.toString()}`;
  };
  return html`<nav class="pager" aria-label="分页"><span>第 ${page} / ${pages} 页，共 ${counted} 条</span>
${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">上一页</a>` : ''}
${page < pages ? html`<a href="${link(page + 1)}" rel="next">下一页</a>` : ''}</nav>`;
}

function statusBadge(status: DocumentStatus): SafeHtml {
  return status === 'published' ? html`` : html` <span class="badge badge-${status}">${DOCUMENT_STATUS_LABELS[status]}</span>`;
}

function documentList(items: Awaited<ReturnType<typeof listDocuments>>['items'], opts: { showAgency?: boolean; subNames?: Map<number, string> } = {}): SafeHtml {
  if (!items.length) return html`<p>本栏目暂无公开的文件。</p>`;
  return html`<ul class="doc-list">${items.map(
    (d) => html`<li><a href="/documents/${d.id}">${d.title}</a>${statusBadge(d.status)}${d.subcategoryId && opts.subNames?.get(d.subcategoryId) ? html`<span class="sub-tag">［${opts.subNames.get(d.subcategoryId)}］</span>` : ''}
<span class="doc-meta">${opts.showAgency ? html`<span>${d.agencyName}</span>` : ''}${d.docNumber ? html`<span>${d.docNumber}</span>` : ''}<span>发布日期：<time datetime="${d.publishedDate ?? ''}">${d.publishedDate ?? '—'}</time></span></span></li>`,
  )}</ul>`;
}

/** An agency of the public pages, from the in-memory directory (src/app/agencies.ts agencyDirectory). */
async function publicAgency(app: App, code: string): Promise<Agency> {
  return directoryAgency(app.db, code);
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function xmlEscape(s: string): string {
  return escapeHtml(s);
}

async function atomFeed(db: Db, request: FastifyRequest, agency?: Agency): Promise<string> {
  const { items } = await listDocuments(db, { agencyId: agency?.id, limit: 50 });
  const base = baseUrl(request);
  const self = agency ? `${base}/agencies/${encodeURIComponent(agency.code)}/feed.xml` : `${base}/feed.xml`;
  const updated = items.reduce((m, d) => (d.updatedAt > m ? d.updatedAt : m), new Date(0));
  const ids = items.map((d) => d.id);
  const bodies = new Map<number, string>();
  if (ids.length) {
    const rows = await db.execute(sql`SELECT id, body FROM documents WHERE id = ANY(${intArray(ids)})`);
    for (const r of (rows as unknown as { rows: Array<{ id: number; body: string }> }).rows) bodies.set(Number(r.id), r.body);
  }
  const title = agency ? `${agency.name} - 政府信息公开` : '政府信息公开 - 最新公开文件';
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <title>${xmlEscape(title)}</title>
  <id>${xmlEscape(self)}</id>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(self)}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(agency ? `${base}/agencies/${encodeURIComponent(agency.code)}/catalog` : `${base}/`)}"/>
  <updated>${(items.length ? updated : new Date()).toISOString()}</updated>
${items
  .map((d) => {
    const url = `${base}/documents/${d.id}`;
    const published = d.publishedDate ? new Date(`${d.publishedDate}T00:00:00+08:00`).toISOString() : d.updatedAt.toISOString();
    return `  <entry>
    <title>${xmlEscape(d.title)}</title>
    <id>${xmlEscape(url)}</id>
    <link rel="alternate" type="text/html" href="${xmlEscape(url)}"/>
    <published>${published}</published>
    <updated>${d.updatedAt.toISOString()}</updated>
    <author><name>${xmlEscape(d.agencyName)}</name></author>
    <category term="${xmlEscape(categoryOf(d.category).code)}" label="${xmlEscape(categoryOf(d.category).label)}"/>
    <summary type="text">${xmlEscape(snippet(bodyToText(bodies.get(d.id) ?? ''), [], 200))}</summary>
  </entry>`;
  })
  .join('\n')}
</feed>
`;
}

/** The agency page's 政府信息公开 column (a section of /agencies/<code>, rendered by home.ts). */
export async function agencyColumnSection(db: Db, agency: Agency): Promise<SafeHtml> {
  const { items } = await listDocuments(db, { agencyId: agency.id, limit: 8 });
  return html`<section aria-labelledby="column-h">
  <h2 id="column-h">政府信息公开</h2>
  ${columnNav(agency.code)}
  <h3>最新公开</h3>
  ${documentList(items)}
  <p><a href="/agencies/${encodeURIComponent(agency.code)}/catalog">查看全部公开目录</a> · <a href="/agencies/${encodeURIComponent(agency.code)}/feed.xml">订阅（Atom）</a></p>
</section>`;
}

/** The home page's search box and latest documents of every agency. */
export async function homeLatestSection(db: Db): Promise<SafeHtml> {
  const { items } = await listDocuments(db, { limit: 10 });
  return html`<section aria-labelledby="home-search-h">
  <h2 id="home-search-h">搜索公开的政府信息</h2>
  <form class="inline-search" role="search" method="get" action="/search"><label for="home-q">关键词</label><input id="home-q" name="q" type="search" maxlength="200"><button type="submit" class="primary">搜索</button></form>
</section>
<section aria-labelledby="home-latest-h">
  <h2 id="home-latest-h">最新公开</h2>
  ${documentList(items, { showAgency: true })}
  <p><a href="/feed.xml">订阅最新公开文件（Atom）</a></p>
</section>`;
}

export async function routes(app: App) {
  // One counter per database in this process, shared by the apps on it (useViewCounter).
  const { counter, release } = useViewCounter(app.db);
  app.addHook('onClose', async () => {
    await release().catch((err) => app.log.error({ err }, '点击数写入失败'));
  });

  // 适老化: larger text, remembered in a cookie for a year.
  app.get<{ Querystring: { size?: string; next?: string } }>('/text-size', async (request, reply) => {
    const large = request.query.size === 'large';
    const next = redirectTarget(request.query.next, '/');
    reply.setCookie(TEXT_SIZE_COOKIE, large ? 'large' : 'normal', { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true, secure: app.secureCookies });
    return reply.code(303).header('location', next).send();
  });

  app.get<{ Params: { code: string } }>('/agencies/:code/guide', (request, reply) =>
    sendPortalPage(request, reply, `/agencies/${encodeURIComponent(request.params.code)}/guide`, async () => {
      const a = await publicAgency(app, request.params.code);
      const code = encodeURIComponent(a.code);
      const row = (label: string, value: string | null) => html`<dt>${label}</dt><dd>${value || '（未登记）'}</dd>`;
      return {
        title: `政府信息公开指南 - ${a.name}`,
        description: `${a.name}政府信息公开指南：信息分类与编排、获取方式、依申请公开的办理程序、期限、收费和政府信息公开工作机构的联系方式。`,
        breadcrumbs: [['首页', '/'], [a.name, `/agencies/${code}`], ['政府信息公开指南']],
        body: html`<h1>${a.name}政府信息公开指南</h1>
${columnNav(a.code, 'guide')}
<p class="lead">依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第十二条编制，内容随本机关信息变化及时更新。</p>
<section aria-labelledby="g-org"><h2 id="g-org">一、政府信息公开工作机构</h2>
<dl class="facts">${row('名称', a.officeName)}${row('办公地址', a.officeAddress)}${row('办公时间', a.officeHours)}${row('联系电话', a.officePhone)}${row('电子邮箱', a.officeEmail)}</dl></section>
<section aria-labelledby="g-cat"><h2 id="g-cat">二、主动公开</h2>
<p>本机关依照《条例》第十九条、第二十条主动公开政府信息，按以下类别编排（每类对应《条例》第二十条的事项），通过本平台“<a href="/agencies/${code}/catalog">政府信息公开目录</a>”发布，自信息形成或者变更之日起20个工作日内公开（《条例》第二十六条）。本平台提供信息检索、查阅、下载功能（《条例》第二十四条），可<a href="/search?agency=${code}">检索本机关公开的文件</a>或订阅 <a href="/agencies/${code}/feed.xml">Atom 更新</a>。</p>
<table class="data"><caption>公开目录的类别</caption><thead><tr><th scope="col">类别</th><th scope="col">内容</th><th scope="col">依据</th></tr></thead>
<tbody>${CATEGORIES.map((c) => html`<tr><th scope="row"><a href="/agencies/${code}/catalog/${c.code}">${c.label}</a></th><td>${c.description}</td><td>${c.article20Items.map(article20Label).join('、')}</td></tr>`)}</tbody></table></section>
<section aria-labelledby="g-apply"><h2 id="g-apply">三、依申请公开</h2>
<p>除主动公开的政府信息外，公民、法人或者其他组织可以向本机关申请获取政府信息（《条例》第二十七条）。</p>
<ol>
<li><strong>提出申请：</strong>向本机关政府信息公开工作机构提出，采用包括信件、数据电文在内的书面形式；书面形式确有困难的，可以口头提出，由工作机构代为填写（第二十九条）。可<a href="${applyHref(a.code)}">在线提交申请</a>，也可当面、邮寄或传真提交至上述地址。</li>
<li><strong>申请内容：</strong>申请人的姓名或者名称、身份证明、联系方式；所需政府信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式、途径（第二十九条）。</li>
<li><strong>收到申请的时间：</strong>当面提交的以提交之日为准；邮寄的以签收之日为准；互联网或传真提交的以双方确认之日为准（第三十一条）。</li>
<li><strong>答复期限：</strong>能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复，经工作机构负责人同意可延长，延长最长不超过20个工作日；征求第三方和其他机关意见的时间不计算在内（第三十三条）。申请内容不明确的，7个工作日内一次性告知补正（第三十条）。</li>
</ol></section>
<section aria-labelledby="g-fee"><h2 id="g-fee">四、收费</h2>
<p>行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费（《条例》第四十二条，按《政府信息公开信息处理费管理办法》执行）。</p></section>
<section aria-labelledby="g-rem"><h2 id="g-rem">五、监督和救济</h2>
<p>公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。</p></section>
<section aria-labelledby="g-rep"><h2 id="g-rep">六、年度报告</h2>
<p>本机关每年1月31日前公布上一年度政府信息公开工作年度报告（《条例》第四十九条），见“<a href="/agencies/${code}/reports">政府信息公开年度报告</a>”。</p></section>`,
      };
    }),
  );

  app.get<{ Params: { code: string } }>('/agencies/:code/catalog', (request, reply) =>
    sendPortalPage(request, reply, `/agencies/${encodeURIComponent(request.params.code)}/catalog`, async () => {
      const a = await publicAgency(app, request.params.code);
      const code = encodeURIComponent(a.code);
      const db = readDb(request);
      const counts = await categoryCounts(db, a.id);
      const [subs, subCounts] = await Promise.all([listSubcategories(db, a.id), subcategoryCounts(db, a.id)]);
      const { items } = await listDocuments(db, { agencyId: a.id, limit: 10 });
      return {
        title: `政府信息公开目录 - ${a.name}`,
        description: `${a.name}主动公开的政府信息，按《政府信息公开条例》第二十条的类别编排：${CATEGORIES.map((c) => c.label).join('、')}。`,
        breadcrumbs: [['首页', '/'], [a.name, `/agencies/${code}`], ['政府信息公开目录']],
        head: html`<link rel="alternate" type="application/atom+xml" title="${a.name}最新公开文件" href="/agencies/${code}/feed.xml">`,
        body: html`<h1>${a.name}政府信息公开目录</h1>
${columnNav(a.code, 'catalog')}
<form class="inline-search" role="search" method="get" action="/search"><input type="hidden" name="agency" value="${a.code}">
<label for="cat-q">在本机关公开的文件中搜索</label><input id="cat-q" name="q" type="search"><button type="submit" class="primary">搜索</button></form>
<section aria-labelledby="cats-h"><h2 id="cats-h">目录类别</h2>
${catalogueTree(code, counts, subs, subCounts)}</section>
<section aria-labelledby="latest-h"><h2 id="latest-h">最新公开</h2>${documentList(items)}</section>`,
      };
    }),
  );

  app.get<{ Params: { code: string; category: string }; Querystring: { page?: string; sub?: string } }>('/agencies/:code/catalog/:category', (request, reply) => {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const subParam = Number.parseInt(request.query.sub ?? '', 10);
    const sub = Number.isSafeInteger(subParam) && subParam > 0 && subParam < 2 ** 31 ? subParam : null;
    const query = new URLSearchParams([...(sub ? [['sub', String(sub)]] : []), ...(page > 1 ? [['page', String(page)]] : [])]).toString();
    const url = `/agencies/${encodeURIComponent(request.params.code)}/catalog/${encodeURIComponent(request.params.category)}${query ? `?${query}` : ''}`;
    return sendPortalPage(request, reply, url, async () => {
      const a = await publicAgency(app, request.params.code);
      if (!isCategoryCode(request.params.category)) throw notFound(`公开目录中没有“${request.params.category}”这个类别`);
      const c = categoryOf(request.params.category);
      const code = encodeURIComponent(a.code);
      const db = readDb(request);
      const [subs, subCounts] = await Promise.all([listSubcategories(db, a.id), subcategoryCounts(db, a.id)]);
      const current = sub == null ? null : subs.find((s) => s.id === sub && s.parentCategory === c.code);
      if (current === undefined) throw notFound(`${c.label}中没有这个子类`);
      const { total, items } = await listDocuments(db, { agencyId: a.id, category: c.code, subcategoryId: current?.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const subNames = new Map(subs.map((s) => [s.id, s.name]));
      return {
        title: `${current ? `${current.name} - ` : ''}${c.label} - ${a.name}政府信息公开目录`,
        description: `${a.name}主动公开的${c.label}${current ? `·${current.name}` : ''}：${c.description}（${c.article20Items.map(article20Label).join('、')}）。`,
        breadcrumbs: [['首页', '/'], [a.name, `/agencies/${code}`], ['政府信息公开目录', `/agencies/${code}/catalog`], ...(current ? [[c.label, `/agencies/${code}/catalog/${c.code}`], [current.name]] : [[c.label]])] as Array<[string, string?]>,
        body: html`<h1>${c.label}${current ? html`<span class="subtitle"> · ${current.name}</span>` : ''}</h1>
<p class="lead">${c.description}（依据《政府信息公开条例》${c.article20Items.map(article20Label).join('、')}）</p>
<nav class="category-tabs" aria-label="目录类别"><ul>${CATEGORIES.map(
        (x) => html`<li><a href="/agencies/${code}/catalog/${x.code}"${x.code === c.code ? html` aria-current="page"` : ''}>${x.label}</a></li>`,
      )}</ul></nav>
${subcategoryFilter(code, c, subs, subCounts, current?.id ?? null, current ? null : total)}
<section aria-labelledby="list-h"><h2 id="list-h">文件列表（共 ${total} 件）</h2>
${documentList(items, { subNames })}
${pager(`/agencies/${code}/catalog/${c.code}`, new URLSearchParams(current ? [['sub', String(current.id)]] : []), page, total, PAGE_SIZE)}</section>`,
      };
    });
  });

  /** A document the visitor may see (visibleDocumentPage) with its agency. */
  async function visibleDocument(request: FastifyRequest, id: number): Promise<DocumentPage & { agency: Agency; preview: boolean }> {
    const db = readDb(request);
    const page = await visibleDocumentPage(db, byOf(request), id);
    let agency = (await agencyDirectory(app.db)).byId.get(page.doc.agencyId);
    if (!agency) {
      // An agency another process added since the directory was read.
      const [row] = await db.select().from(agencies).where(eq(agencies.id, page.doc.agencyId));
      agency = row;
    }
    return { ...page, agency };
  }

  /** A document's canonical URL (`/documents/0184` and `/documents/184` are one page). */
  const documentUrl = (id: string, rest = '') => `/documents/${Number.isInteger(Number(id)) ? Number(id) : encodeURIComponent(id)}${rest}`;

  app.get<{ Params: { id: string } }>('/documents/:id', (request, reply) =>
    sendPortalPage(request, reply, documentUrl(request.params.id), async (ctx) => {
      const id = Number(request.params.id);
      const { doc, agency, preview, files, publicVersions, filedCategory, subcategoryName } = await visibleDocument(request, Number.isInteger(id) ? id : -1);
      if (!preview) counter.hit(doc.id, counter.clientKey(request.ip, request.headers['user-agent']));
      // The count this page shows; on a cached copy it stays live (page-cache.ts).
      const views = ctx.views(counter, doc.id, doc.viewCount + counter.pending(doc.id));
      const code = encodeURIComponent(agency.code);
      const category = categoryOf(filedCategory);
      const fact = (label: string, value: string | null | undefined) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
      const text = bodyToText(doc.body);
      return {
        cacheable: !preview,
        title: doc.title,
        description: `${agency.name}${doc.docNumber ? ` ${doc.docNumber}` : ''}：${snippet(text, [], 110)}`,
        breadcrumbs: [['首页', '/'], [agency.name, `/agencies/${code}`], ['政府信息公开目录', `/agencies/${code}/catalog`], [category.label, `/agencies/${code}/catalog/${category.code}`], ...(subcategoryName && doc.subcategoryId ? [[subcategoryName, subcategoryHref(code, category.code, doc.subcategoryId)] as [string, string]] : []), ['正文']],
        body: html`<article class="document">
${preview ? html`<p class="notice" role="status">预览：本文件${DOCUMENT_STATUS_LABELS[doc.status]}，公众看不到。</p>` : ''}
<h1>${doc.title}</h1>
<p class="doc-stats"><span>发布日期：<time datetime="${doc.publishedDate ?? ''}">${doc.publishedDate ?? '未发布'}</time></span><span>点击数：<span class="view-count">${views}</span></span>${doc.status === 'repealed' ? html`<span class="badge badge-repealed">已废止</span>` : ''}</p>
<section aria-labelledby="idx-h" class="doc-index"><h2 id="idx-h" class="visually-hidden">索引信息</h2>
<dl class="facts">
${fact('发布机关', doc.issuer ?? agency.name)}${fact('文号', doc.docNumber)}${fact('公开类别', `${category.label}${subcategoryName ? ` · ${subcategoryName}` : ''}（${category.article20Items.map(article20Label).join('、')}）`)}${doc.kind !== 'other' ? fact('文件类型', DOCUMENT_KIND_LABELS[doc.kind]) : ''}
${fact('成文日期', doc.writtenDate)}${fact('发布日期', doc.publishedDate)}${fact('施行日期', doc.effectiveDate)}${fact('废止日期', doc.repealedDate)}${doc.kind !== 'other' ? fact('效力状态', doc.status === 'repealed' ? '已废止' : '现行有效') : ''}
</dl></section>
<section aria-labelledby="body-h" class="doc-body"><h2 id="body-h" class="visually-hidden">正文</h2>${raw(doc.body)}</section>
${files.length ? html`<section aria-labelledby="att-h"><h2 id="att-h">附件</h2><ul>${files.map((f) => html`<li><a href="/documents/${doc.id}/attachments/${f.id}">${f.filename}</a>（${Math.max(1, Math.round(f.size / 1024))} KB）</li>`)}</ul></section>` : ''}
${publicVersions > 1 ? html`<p><a href="/documents/${doc.id}/versions">历史版本（${publicVersions}）</a></p>` : ''}
</article>`,
      };
    }),
  );

  app.get<{ Params: { id: string; aid: string } }>('/documents/:id/attachments/:aid', async (request, reply) => {
    const f = await readAttachment(app.db, byOf(request), Number(request.params.id) || -1, Number(request.params.aid));
    return reply
      .type(f.contentType)
      .header('content-disposition', downloadDisposition(f.filename))
      .header('x-content-type-options', 'nosniff')
      .send(f.bytes);
  });

  app.get<{ Params: { id: string } }>('/documents/:id/versions', (request, reply) =>
    sendPortalPage(request, reply, documentUrl(request.params.id, '/versions'), async () => {
      const { doc, agency, preview } = await visibleDocument(request, Number(request.params.id) || -1);
      const versions = await listVersions(readDb(request), doc.id, { publicOnly: !preview });
      return {
        cacheable: !preview,
        title: `历史版本 - ${doc.title}`,
        description: `${doc.title}的历史版本`,
        breadcrumbs: [['首页', '/'], [agency.name, `/agencies/${encodeURIComponent(agency.code)}`], [doc.title, `/documents/${doc.id}`], ['历史版本']],
        body: html`<h1>历史版本</h1><p class="lead">《${doc.title}》公开以来的每一版，按时间先后排列。</p>
<table class="data"><caption>版本列表</caption><thead><tr><th scope="col">版本</th><th scope="col">变更</th><th scope="col">时间</th><th scope="col">标题</th></tr></thead><tbody>
${versions.map(
        (v) => html`<tr><td><a href="/documents/${doc.id}/versions/${v.version}">第 ${v.version} 版</a></td><td>${DOCUMENT_ACTION_LABELS[(v.action ?? 'edit') as DocumentAction] ?? v.action}${v.note ? `（${v.note}）` : ''}</td><td><time datetime="${v.changedAt.toISOString()}">${shanghaiDateTime(v.changedAt)}</time></td><td>${v.title}</td></tr>`,
      )}</tbody></table>
<p><a href="/documents/${doc.id}">返回现行版本</a></p>`,
      };
    }),
  );

  app.get<{ Params: { id: string; version: string } }>('/documents/:id/versions/:version', (request, reply) =>
    sendPortalPage(request, reply, documentUrl(request.params.id, `/versions/${encodeURIComponent(request.params.version)}`), async () => {
      const page = await visibleDocument(request, Number(request.params.id) || -1);
      const { doc, agency, preview } = page;
      const v = await visibleVersion(readDb(request), page, Number(request.params.version));
      const snap = (v.snapshot ?? {}) as Partial<{ docNumber: string | null; publishedDate: string | null }>;
      return {
        cacheable: !preview,
        title: `第 ${v.version} 版 - ${v.title}`,
        description: `${v.title}（第 ${v.version} 版）`,
        breadcrumbs: [['首页', '/'], [agency.name, `/agencies/${encodeURIComponent(agency.code)}`], [doc.title, `/documents/${doc.id}`], ['历史版本', `/documents/${doc.id}/versions`], [`第 ${v.version} 版`]],
        body: html`<article class="document"><p class="notice" role="status">这是历史版本（第 ${v.version} 版，${shanghaiDateTime(v.changedAt)}），<a href="/documents/${doc.id}">查看现行版本</a>。</p>
<h1>${v.title}</h1>
<p class="doc-stats">${snap.docNumber ? html`<span>文号：${snap.docNumber}</span>` : ''}<span>发布日期：${snap.publishedDate ?? '—'}</span></p>
<section class="doc-body" aria-label="正文">${raw(v.body)}</section></article>`,
      };
    }),
  );

  app.get<{ Querystring: Record<string, string> }>('/search', async (request, reply) => {
    const parsed = searchQuerySchema.safeParse(request.query ?? {});
    const q = parsed.success ? parsed.data : { q: String(request.query?.q ?? '').slice(0, 200), page: 1, size: PAGE_SIZE, agency: undefined, category: undefined, year: undefined };
    const all = (await agencyDirectory(app.db)).all;
    // A query its schema refused is shown with the message, not searched for.
    const result = parsed.success && (q.q.trim() || q.agency || q.category || q.year) ? await searchDocuments(readDb(request), { ...q, size: PAGE_SIZE }) : null;
    const years: number[] = [];
    for (let y = shanghaiYear(new Date()); y >= 2019; y--) years.push(y);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: q.q, agency: q.agency ?? '', category: q.category ?? '', sub: q.sub ? String(q.sub) : '', year: q.year ? String(q.year) : '' })) if (v) params.set(k, v);
    return sendPage(request, reply, {
      title: q.q ? `搜索：${q.q}` : '搜索公开的政府信息',
      description: '在各机关主动公开的政府信息中按标题、文号和正文检索（《政府信息公开条例》第二十四条）。',
      breadcrumbs: [['首页', '/'], ['搜索']],
      body: html`<h1>搜索公开的政府信息</h1>
<form class="search-form" role="search" method="get" action="/search">
<div class="field"><label for="s-q">关键词（标题、文号、正文）</label><input id="s-q" name="q" type="search" value="${q.q}" maxlength="200"></div>
<div class="filters">
<div class="field"><label for="s-agency">机关</label><select id="s-agency" name="agency"><option value="">全部机关</option>${all.map((a) => html`<option value="${a.code}"${a.code === q.agency ? html` selected` : ''}>${a.name}</option>`)}</select></div>
<div class="field"><label for="s-category">类别</label><select id="s-category" name="category"><option value="">全部类别</option>${CATEGORIES.map((c) => html`<option value="${c.code}"${c.code === q.category ? html` selected` : ''}>${c.label}</option>`)}</select></div>
<div class="field"><label for="s-year">发布年度</label><select id="s-year" name="year"><option value="">全部年度</option>${years.map((y) => html`<option value="${y}"${y === q.year ? html` selected` : ''}>${y}年</option>`)}</select></div>
</div>
<button type="submit" class="primary">搜索</button></form>
${!parsed.success ? html`<p class="error-text" role="alert">${parsed.error.issues.map((i) => i.message).join('；')}</p>` : ''}
${result
  ? html`<section aria-labelledby="res-h"><h2 id="res-h">找到 ${result.totalExact ? '' : '约 '}${result.total} 条结果</h2>
${result.items.length
  ? html`<ol class="results">${result.items.map(
      (r) => html`<li><h3><a href="${r.url}">${highlighted(r.title, result.terms)}</a>${statusBadge(r.status as DocumentStatus)}</h3>
<p class="doc-meta"><span>${r.agencyName}</span>${r.docNumber ? html`<span>${highlighted(r.docNumber, result.terms)}</span>` : ''}<span>${r.categoryLabel}</span><span>发布日期：${r.publishedDate ?? '—'}</span></p>
<p class="snippet">${highlighted(r.snippet, result.terms)}</p></li>`,
    )}</ol>`
  : html`<p>没有找到符合条件的文件。请换一个关键词，或减少筛选条件。</p>`}
${result.totalExact
  ? pager('/search', params, result.page, result.total, result.size)
  : pager('/search', params, result.page, EXACT_TOTAL_CAP, result.size, `约 ${result.total}`)}</section>`
  : ''}`,
    });
  });

  app.get('/feed.xml', async (request, reply) => reply.type('application/atom+xml; charset=utf-8').send(await atomFeed(readDb(request), request)));
  app.get<{ Params: { code: string } }>('/agencies/:code/feed.xml', async (request, reply) => {
    const a = await publicAgency(app, request.params.code);
    return reply.type('application/atom+xml; charset=utf-8').send(await atomFeed(readDb(request), request, a));
  });
}

