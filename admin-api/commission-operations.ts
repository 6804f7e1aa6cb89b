import type { z } from 'zod';
import { errorResponse } from '../core/openapi/error-body';
import type { OperationSpec, ResponseSpec } from '../core/openapi/openapi-document';
import { creatorAnswer, patchCreatorBody } from './schemas/campaigns';
import {
  commissionAnswer,
  commissionFilterQuery,
  markPayoutPaidBody,
  payoutAnswer,
  payoutDetailAnswer,
  payoutFilterQuery,
  payoutPreviewAnswer,
  payoutPreviewQuery,
  payoutsRunAnswer,
  runPayoutsBody,
} from './schemas/commissions';
import { pageOf } from './schemas/common';

/** The OpenAPI operations of issue 27 (creators' rules, commissions, payouts), spliced into admin-api/openapi.ts. */

const error = errorResponse;
const ok = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });
const refusals = { '400': error('Invalid input; the error names the field'), '401': error('No valid API token') };
const adminOnly = { ...refusals, '403': error('Only an Admin can do this') };
const notFound = { '404': error('No such id in your workspace') };
const conflict = { '409': error('Paying a canceled payout, or canceling a paid one') };

export const commissionOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/v1/creators/{id}',
    summary: 'One creator, with its e-mail, its commission rule and the rule in effect',
    tags: ['campaigns'],
    responses: { '200': ok('Creator', creatorAnswer), ...refusals, ...notFound },
  },
  {
    method: 'patch',
    path: '/api/v1/creators/{id}',
    summary: "Change a creator's name, e-mail or commission rule (the rule: Admin only)",
    tags: ['campaigns'],
    body: patchCreatorBody,
    responses: { '200': ok('Creator', creatorAnswer), ...adminOnly, ...notFound },
  },
  {
    method: 'get',
    path: '/api/v1/commissions',
    summary: 'Commissions, newest first: sale and clawback, filtered by creator, status, order or payout',
    tags: ['commissions'],
    query: commissionFilterQuery,
    responses: { '200': ok('Commissions', pageOf(commissionAnswer)), ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/payouts',
    summary: 'Payouts, newest first',
    tags: ['commissions'],
    description: 'CSV of every matching payout with ?format=csv or Accept: text/csv.',
    query: payoutFilterQuery,
    responses: { '200': { description: 'Payouts', schema: pageOf(payoutAnswer), alternatives: { 'text/csv': { type: 'string' } } }, ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/payouts/preview',
    summary: 'What a payout run would pay now, per creator and currency (nothing written)',
    tags: ['commissions'],
    query: payoutPreviewQuery,
    responses: { '200': ok('Preview', payoutPreviewAnswer), ...refusals },
  },
  {
    method: 'post',
    path: '/api/v1/payouts',
    summary: 'Run payouts: one per creator and currency of its approved commissions not yet in a payout, when > 0 and ≥ the minimum (Admin)',
    tags: ['commissions'],
    body: runPayoutsBody,
    responses: { '201': ok('The payouts made (possibly none)', payoutsRunAnswer), ...adminOnly },
  },
  {
    method: 'get',
    path: '/api/v1/payouts/{id}',
    summary: 'One payout with its commissions',
    tags: ['commissions'],
    pathParams: { id: 'the po_… id' },
    responses: { '200': ok('Payout', payoutDetailAnswer), ...refusals, ...notFound },
  },
  {
    method: 'post',
    path: '/api/v1/payouts/{id}/paid',
    summary: 'Mark a payout paid, with a reference; its commissions become paid (Admin)',
    tags: ['commissions'],
    pathParams: { id: 'the po_… id' },
    body: markPayoutPaidBody,
    responses: { '200': ok('Payout', payoutAnswer), ...adminOnly, ...notFound, ...conflict },
  },
  {
    method: 'post',
    path: '/api/v1/payouts/{id}/cancel',
    summary: 'Cancel a pending payout; its commissions are free for the next run (Admin)',
    tags: ['commissions'],
    pathParams: { id: 'the po_… id' },
    responses: { '200': ok('Payout', payoutAnswer), ...adminOnly, ...notFound, ...conflict },
  },
];

export const commissionComponents = { Commission: commissionAnswer, Payout: payoutAnswer };
