/**
 * 送达方式 of the letters the steps send (regulation.md §6, src/domain/clock/service.ts): handed
 * over on the spot (直接送达) or delivered to the applicant's account (电子送达) is served the day the
 * step is done; 邮寄, 留置 and 公告 leave the letter 待送达 (`served: null`) until 登记送达
 * (serve-letter.ts) records the day. The periods these letters open run from that day.
 */
import { z } from 'zod';
import { defaultServiceMethodFor, SERVICE_METHOD_LABELS, SERVICE_METHODS, type ServiceMethod } from '../../domain/clock/index.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import type { LoadedCase } from '../applications/case.ts';
import type { FormField } from './types.ts';

/** The input field every letter-sending step has (absent: the default method for the addressee). */
export const serviceMethodInput = z.enum(SERVICE_METHODS as [ServiceMethod, ...ServiceMethod[]], { error: '请选择送达方式' }).optional();

/** The named policy (src/domain/clock/service.ts): a letter to the applicant of an online application goes to the account; otherwise by post. */
export function defaultServiceMethod(c: Pick<LoadedCase, 'app'>, toApplicant = true): ServiceMethod {
  return defaultServiceMethodFor(c.app.channel, toApplicant);
}

/** What the letter's event records of its service, sent on `date` by `method`. */
export function serviceOnSending(method: ServiceMethod, date: IsoDate): { served: IsoDate; serviceMethod: ServiceMethod } | { served: null } {
  return method === 'direct' || method === 'electronic' ? { served: date, serviceMethod: method } : { served: null };
}

/** The form's 「送达方式」 select, the default first (the one the browser shows selected). */
export function serviceMethodField(def: ServiceMethod): FormField {
  const order = [def, ...SERVICE_METHODS.filter((m) => m !== def)];
  return {
    kind: 'select',
    name: 'serviceMethod',
    id: 'f-service-method',
    label: '送达方式（直接送达、电子送达即日送达；邮寄、留置、公告待登记送达）',
    options: order.map((m) => ({ value: m, label: SERVICE_METHOD_LABELS[m] })),
  };
}
