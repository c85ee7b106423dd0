/**
 * Pages of 依申请公开 (server-rendered, no JavaScript needed):
 * - applicant: /apply (申请表 of 第二十九条 with attachments), /my/applications (我的申请),
 *   /my/applications/:id (status, due date and its explanation, letters, files; 撤回), the printable
 *   提交回执;
 * - staff: /console/:code/applications (inbox: filters, sorted by due date, 即将逾期/逾期 badges),
 *   /console/:code/applications/new (登记 letters, in-person, fax, e-mail), /console/applications/:id
 *   (the case: timeline, clock explanation, letters, files, duplicates, and a form for each step the
 *   user's role allows — and only those), /console/:code/letter-templates, /console/:code/appeals.
 * The staff's pages are in applications-console.ts. Forms post back to these pages; the use cases
 * are those of the API (src/app/applications).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { AppError } from '../../app/errors.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, errorSummary, selectField, textField } from './forms.ts';
import { redirect, sendPage } from './render.ts';
import { CONSOLE_LINKS } from './console.ts';
import { submissionRateLimitConfig } from '../../app/applications/limits.ts';
import { assertCanView, loadCase } from '../../app/applications/case.ts';
import { submitOnline } from '../../app/applications/intake.ts';
import { performStep } from '../../app/applications/steps.ts';
import { agencyOptions, myApplications, type ListItem } from '../../app/applications/queries.ts';
import { DELIVERY_METHODS, onlineApplicationSchema, PROVISION_FORMS } from '../../app/applications/schemas.ts';
import { CHANNEL_LABELS, type Channel } from '../../domain/taxonomy/index.ts';
import { keepsPublicPages } from './page-cache.ts';
import { badge, CSS, dueText, field, parseMultipart, postedFiles, requireSignedIn, zodMessage } from './application-parts.ts';
import { applicantCasePage } from './applicant-case.ts';
import { applicantCase } from '../../app/applications/applicant.ts';
import { stepSchema } from '../../app/steps/index.ts';
import { consoleRoutes } from './applications-console.ts';

CONSOLE_LINKS.push(
  { label: '依申请公开办理', href: (code) => `/console/${code}/applications`, action: 'application.view' },
  { label: '登记申请', href: (code) => `/console/${code}/applications/new`, action: 'application.register' },
  { label: '复议诉讼案件', href: (code) => `/console/${code}/appeals`, action: 'appeal.view' },
  { label: '答复文书模板', href: (code) => `/console/${code}/letter-templates`, action: 'application.approve' },
);


// ------------------------------------------------------------------ applicant pages

function applyForm(request: FastifyRequest, reply: FastifyReply, agencies: Array<{ code: string; name: string }>, input: Record<string, string>, error?: string, status = 200) {
  return sendPage(request, reply, {
    title: '提交政府信息公开申请',
    status,
    breadcrumbs: [['首页', '/'], ['我的申请', '/my/applications'], ['提交申请']],
    body: (csrf) => html`${CSS}<h1>提交政府信息公开申请</h1>
<p class="lead">依据《中华人民共和国政府信息公开条例》第二十九条填写。网上提交的申请，以双方确认之日为收到申请之日（第三十一条第三项），确认前显示“待确认”。</p>
${error ? errorSummary({ _form: error }) : ''}
<form method="post" action="/apply" enctype="multipart/form-data" class="form">
${csrfField(csrf)}
<fieldset><legend>受理机关</legend>
${selectField({ name: 'agencyCode', label: '向哪个机关申请', value: input.agencyCode, required: true, options: agencies.map((a) => ({ value: a.code, label: a.name })) })}
</fieldset>
<fieldset><legend>所需政府信息</legend>
${textField({ name: 'subject', label: '政府信息的名称', value: input.subject, required: true, maxlength: 500, hint: '例如：通化市政务服务大厦物业服务合同' })}
${textField({ name: 'documentNumber', label: '文号（如知道）', value: input.documentNumber, maxlength: 100 })}
<div class="field"><label for="f-description">便于查询的其他特征性描述</label><textarea id="f-description" name="description" rows="3" maxlength="2000">${input.description ?? ''}</textarea></div>
</fieldset>
<fieldset><legend>提供形式和获取方式</legend>
${selectField({ name: 'provisionForm', label: '信息的提供形式', value: input.provisionForm ?? '电子数据', required: true, options: PROVISION_FORMS.map((f) => ({ value: f, label: f })) })}
${selectField({ name: 'deliveryMethod', label: '获取信息的方式', value: input.deliveryMethod ?? '在线下载', required: true, options: DELIVERY_METHODS.map((f) => ({ value: f, label: f })) })}
</fieldset>
<fieldset><legend>附件</legend>
<div class="field"><label for="f-id_copy">身份证明复印件</label><input id="f-id_copy" name="id_copy" type="file"></div>
${textField({ name: 'agentName', label: '代理人姓名（委托他人代为申请时填写）', value: input.agentName, maxlength: 50 })}
<div class="field"><label for="f-authorization">授权委托书（代理人申请时必须上传）</label><input id="f-authorization" name="authorization" type="file"></div>
</fieldset>
<button type="submit" class="primary">提交申请</button>
</form>`,
  });
}

function myList(items: ListItem[]): SafeHtml {
  if (!items.length) return html`<p>您还没有提交过申请。<a href="/apply">提交政府信息公开申请</a></p>`;
  return html`<table class="list"><thead><tr><th>申请编号</th><th>受理机关</th><th>申请内容</th><th>状态</th><th>答复期限</th></tr></thead><tbody>${items.map(
    (i) => html`<tr><td><a href="/my/applications/${i.app.id}">${i.app.number}</a></td><td>${i.agencyName}</td><td>${i.app.subject}</td><td>${i.view.statusLabel}</td><td>${dueText(i.view)} ${badge(i)}</td></tr>`,
  )}</tbody></table>`;
}

// ------------------------------------------------------------------ routes

export async function routes(app: App) {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 12 * 1024 * 1024 }, async (request: FastifyRequest, body: Buffer) =>
    parseMultipart(String(request.headers['content-type']), body),
  );

  // ---- applicant
  app.get('/apply', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    if (request.currentUser!.kind !== 'applicant') throw new AppError(403, 'forbidden', '在线申请仅供申请人账号使用；工作人员请在工作台“登记申请”中录入');
    const q = request.query as Record<string, string>;
    return applyForm(request, reply, await agencyOptions(app.db), { agencyCode: q.agency ?? '220500-zsj' });
  });

  app.post('/apply', { config: keepsPublicPages(submissionRateLimitConfig()) }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input: Record<string, string> = {};
    for (const k of ['agencyCode', 'subject', 'documentNumber', 'description', 'provisionForm', 'deliveryMethod', 'agentName']) {
      const v = field(body, k);
      if (v) input[k] = v;
    }
    // One file per purpose (a repeated field: the last one, as before).
    const attachments = (['id_copy', 'authorization'] as const)
      .filter((k) => postedFiles(body, k).length > 0)
      .map((k) => ({ ...postedFiles(body, k).at(-1)!, purpose: k }));
    const parsed = onlineApplicationSchema.safeParse({ ...input, attachments });
    const agencies = await agencyOptions(app.db);
    if (!parsed.success) return applyForm(request, reply, agencies, input, zodMessage(parsed.error), 400);
    try {
      const row = await submitOnline(app.db, request.currentUser!, parsed.data);
      return redirect(reply, `/my/applications/${row.id}?submitted=1`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500) return applyForm(request, reply, agencies, input, e.message, e.statusCode);
      throw e;
    }
  });

  app.get('/my/applications', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const items = await myApplications(app.db, request.currentUser!);
    return sendPage(request, reply, {
      title: '我的申请',
      breadcrumbs: [['首页', '/'], ['我的申请']],
      body: html`${CSS}<h1>我的申请</h1><p><a class="button" href="/apply">提交新的申请</a></p>${myList(items)}`,
    });
  });

  app.get('/my/applications/:id', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) throw new AppError(404, 'not_found', '找不到该申请');
    const c = await loadCase(app.db, id);
    assertCanView(request.currentUser, c);
    if (c.app.applicantUserId !== request.currentUser!.userId) return redirect(reply, `/console/applications/${id}`);
    const q = request.query as Record<string, string>;
    const notice = q.submitted
      ? `申请已提交，申请编号 ${c.app.number}。待受理机关确认后开始计算答复期限。`
      : q.done
        ? '已撤回申请'
        : q.corrected
          ? '补正已提交。受理机关自今日起重新计算答复期限（第三十条）。'
          : undefined;
    return applicantCasePage(app, request, reply, c, { notice });
  });

  app.get('/my/applications/:id/receipt', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const full = await loadCase(app.db, Number((request.params as { id: string }).id), false);
    assertCanView(request.currentUser, full);
    // The receipt is the applicant's: the case as the applicant's projection shows it.
    const c = applicantCase(full, []).loaded;
    const k = c.view.clock;
    return sendPage(request, reply, {
      title: `提交回执 ${c.app.number}`,
      body: html`${CSS}<article class="receipt"><h1>政府信息公开申请提交回执</h1>
<dl class="facts"><dt>申请编号</dt><dd>${c.app.number}</dd><dt>受理机关</dt><dd>${c.agency.name}</dd><dt>申请人</dt><dd>${c.app.applicantName}</dd>
<dt>所需信息</dt><dd>${c.app.subject}</dd><dt>提交日期</dt><dd>${k?.submittedDate ?? ''}</dd><dt>提交方式</dt><dd>${CHANNEL_LABELS[c.app.channel as Channel]}</dd>
<dt>状态</dt><dd>${c.view.statusLabel}</dd><dt>收到申请之日</dt><dd>${k?.receiptDate ?? '待受理机关确认（第三十一条第三项：以双方确认之日为收到申请之日）'}</dd>
${k?.dueDate ? html`<dt>答复期限</dt><dd>${k.dueDate}</dd>` : c.view.pending?.fields.includes('dueDate') ? html`<dt>答复期限</dt><dd>${c.view.pending.reason}</dd>` : ''}</dl>
<p class="meta">可凭申请编号在“我的申请”中查询办理进度。</p></article>`,
    });
  });

  app.post('/my/applications/:id/withdraw', { config: keepsPublicPages() }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    try {
      await performStep(app.db, request.currentUser!, id, { step: 'withdraw' }, request.ip);
      return redirect(reply, `/my/applications/${id}?done=1`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500 && e.statusCode !== 404) {
        const c = await loadCase(app.db, id);
        return applicantCasePage(app, request, reply, c, { error: e.message, status: e.statusCode });
      }
      throw e;
    }
  });

  // 补正 sent online (第三十条): the step 收到补正 with the applicant as the actor (src/app/steps/correction-receive.ts).
  app.post('/my/applications/:id/correction', { config: keepsPublicPages() }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return;
    const id = Number((request.params as { id: string }).id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = field(body, 'text');
    const files = postedFiles(body, 'files');
    const again = async (error: string, status: number) => {
      const c = await loadCase(app.db, id);
      assertCanView(request.currentUser, c);
      return applicantCasePage(app, request, reply, c, { error, status, text });
    };
    const parsed = stepSchema.safeParse({ step: 'correction_receive', ...(text ? { text } : {}), ...(files.length ? { files } : {}) });
    if (!parsed.success) return again(zodMessage(parsed.error), 400);
    try {
      await performStep(app.db, request.currentUser!, id, parsed.data, request.ip);
      return redirect(reply, `/my/applications/${id}?corrected=1`);
    } catch (e) {
      if (e instanceof AppError && e.statusCode < 500 && e.statusCode !== 404) return again(e.message, e.statusCode);
      throw e;
    }
  });

  await consoleRoutes(app);
}
