/**
 * The page chrome: header bar with the site name, 「申请公开」 and 「登录 | 注册」, or the signed-in
 * user's name with 工作台 (staff) or 申请公开 and 我的申请 (applicant) and 退出, the main content and a footer. Every page goes through layout().
 *
 *   reply.type('text/html').send(layout({ title: '登录', user: request.currentUser, csrfToken, body }))
 */
import { html, type SafeHtml } from './html.ts';
import type { CurrentUser } from '../../app/auth.ts';

export const SITE_NAME = '公开 · 政府信息公开平台';

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  user?: CurrentUser | null;
  /** Needed for the 退出 form when a user is signed in. */
  csrfToken?: string;
  /** A notice shown above the content (e.g. 「密码已修改」). */
  notice?: string;
  /** Breadcrumb trail: [label, href?] pairs, the current page last. */
  breadcrumbs?: Array<[string, string?]>;
  /** <meta name="description"> for search engines. */
  description?: string;
  /** Extra elements for <head> (a page's own stylesheet, an Atom feed link…). */
  head?: SafeHtml;
  /** 适老化 larger-text mode (cookie gk_text=large, set by /text-size). */
  largeText?: boolean;
  /** The current path, for the larger-text toggle to come back to. */
  path?: string;
}

/** The cookie of the larger-text mode (适老化), set by GET /text-size (src/server/pages/portal.ts). */
export const TEXT_SIZE_COOKIE = 'gk_text';

function textSizeToggle(o: LayoutOptions): SafeHtml {
  const back = o.path && o.path.startsWith('/') && !o.path.startsWith('//') ? o.path : '/';
  return o.largeText
    ? html`<a class="text-size" href="/text-size?size=normal&amp;next=${encodeURIComponent(back)}">标准字号</a>`
    : html`<a class="text-size" href="/text-size?size=large&amp;next=${encodeURIComponent(back)}">大字版</a>`;
}

export function layout(o: LayoutOptions): string {
  const u = o.user;
  const nav = u
    ? html`<span class="user-name">${u.displayName}</span>
      ${u.kind === 'staff' ? html`<a href="/console">工作台</a>` : html`<a href="/apply">申请公开</a><a href="/my/applications">我的申请</a>`}
      <a href="/messages" class="messages-link">消息${u.unreadMessages ? html`<span class="unread-count" aria-label="${u.unreadMessages}条未读">${u.unreadMessages > 99 ? '99+' : u.unreadMessages}</span>` : ''}</a>
      <a href="/account">账号设置</a>
      <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${o.csrfToken ?? ''}"><button type="submit" class="link">退出</button></form>`
    : html`<a href="/apply">申请公开</a><a href="/login">登录</a><span aria-hidden="true"> | </span><a href="/register">注册</a>`;
  const crumbs = o.breadcrumbs?.length
    ? html`<nav class="breadcrumbs" aria-label="当前位置"><ol>${o.breadcrumbs.map(([label, href]) =>
        href ? html`<li><a href="${href}">${label}</a></li>` : html`<li aria-current="page">${label}</li>`,
      )}</ol></nav>`
    : '';
  return html`<!doctype html>
<html lang="zh-CN"${o.largeText ? html` class="large-text"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} - ${SITE_NAME}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/site.css">
<link rel="stylesheet" href="/static/portal.css">
<link rel="alternate" type="application/atom+xml" title="最新公开文件" href="/feed.xml">
${o.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">跳到主要内容</a>
<header class="site-header">
  <div class="wrap">
    <a class="site-name" href="/">${SITE_NAME}</a>
    <nav class="account-nav" aria-label="账号">${textSizeToggle(o)}<a href="/search">搜索</a>${nav}</nav>
  </div>
</header>
<main id="main" class="wrap">
${crumbs}
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
${o.body}
</main>
<footer class="site-footer"><div class="wrap">依据《中华人民共和国政府信息公开条例》（2019年修订）提供政府信息公开服务</div></footer>
</body>
</html>`.toString();
}
