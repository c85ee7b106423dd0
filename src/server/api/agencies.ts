/** Agencies API: list, tree, one agency, create (administrators of the parent's subtree). */
import { z } from 'zod';
import type { App } from '../app.ts';
import { byOf, requireUser } from '../app.ts';
import { agencyTree, createAgency, getAgencyByCode, listAgencies, updateAgency, type Agency, type AgencyNode } from '../../app/agencies.ts';
import { agencyCodeParam, agencyCreateSchema, agencyUpdateSchema } from '../../app/schemas.ts';
import { pageOf, pageQuery, paged } from './contract.ts';

export const agencySchema = z
  .object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  office: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    hours: z.string().nullable(),
    email: z.string().nullable(),
  }),
})
  .meta({ id: 'Agency', description: '机关及其政府信息公开工作机构' });
type AgencyOut = z.infer<typeof agencySchema>;
type TreeOut = AgencyOut & { children: TreeOut[] };
const treeSchema: z.ZodType<TreeOut> = agencySchema
  .extend({ children: z.lazy(() => z.array(treeSchema)) })
  .meta({ id: 'AgencyNode', description: '机关树的一个节点及其下级机关' });

function present(a: Agency, codeById: Map<number, string>): AgencyOut {
  return {
    code: a.code,
    name: a.name,
    parentCode: a.parentId != null ? (codeById.get(a.parentId) ?? null) : null,
    office: { name: a.officeName, phone: a.officePhone, address: a.officeAddress, hours: a.officeHours, email: a.officeEmail },
  };
}

export async function routes(app: App) {
  app.get(
    '/api/agencies',
    { schema: { tags: ['agencies'], summary: '机关列表（按代码排序；全部机关的层级见 /api/agencies/tree）', querystring: pageQuery, response: { 200: paged(agencySchema) } } },
    async (request) => {
      const all = await listAgencies(app.db);
      const codes = new Map(all.map((a) => [a.id, a.code]));
      return pageOf(all.map((a) => present(a, codes)), request.query);
    },
  );

  app.get(
    '/api/agencies/tree',
    { schema: { tags: ['agencies'], summary: '机关树', response: { 200: z.object({ roots: z.array(treeSchema) }) } } },
    async () => {
      const roots = await agencyTree(app.db);
      const codes = new Map<number, string>();
      const collect = (n: AgencyNode) => {
        codes.set(n.id, n.code);
        n.children.forEach(collect);
      };
      roots.forEach(collect);
      const toOut = (n: AgencyNode): TreeOut => ({ ...present(n, codes), children: n.children.map(toOut) });
      return { roots: roots.map(toOut) };
    },
  );

  app.get(
    '/api/agencies/:code',
    {
      schema: {
        tags: ['agencies'],
        summary: '一个机关及其政府信息公开工作机构',
        params: z.object({ code: agencyCodeParam() }),
        response: { 200: z.object({ agency: agencySchema }) },
      },
    },
    async (request) => {
      const a = await getAgencyByCode(app.db, request.params.code);
      const parent = a.parentId != null ? (await listAgencies(app.db)).find((x) => x.id === a.parentId) : undefined;
      return { agency: present(a, new Map(parent ? [[parent.id, parent.code]] : [])) };
    },
  );

  app.post(
    '/api/agencies',
    {
      schema: {
        tags: ['agencies'],
        summary: '新增机关（上级机关或其上级的系统管理员）',
        body: agencyCreateSchema,
        response: { 201: z.object({ agency: agencySchema }) },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const a = await createAgency(app.db, input, byOf(request));
      reply.code(201);
      return { agency: present(a, new Map(input.parentCode ? [[a.parentId!, input.parentCode]] : [])) };
    },
  );

  app.patch(
    '/api/agencies/:code',
    {
      schema: {
        tags: ['agencies'],
        summary: '修改机关名称及政府信息公开工作机构信息（该机关或其上级的系统管理员）',
        params: z.object({ code: agencyCodeParam() }),
        body: agencyUpdateSchema,
        response: { 200: z.object({ agency: agencySchema }) },
      },
    },
    async (request) => {
      requireUser(request);
      const a = await updateAgency(app.db, request.params.code, request.body, byOf(request));
      const parent = a.parentId != null ? await listAgencies(app.db).then((all) => all.find((x) => x.id === a.parentId)) : undefined;
      return { agency: present(a, new Map(parent ? [[parent.id, parent.code]] : [])) };
    },
  );
}
