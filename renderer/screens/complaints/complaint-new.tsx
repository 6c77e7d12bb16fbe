import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  COMPLAINT_TEXT_MAX,
  ComplaintCategorySchema,
  ComplaintCreateSchema,
  ComplaintSubjectKindSchema,
  type ComplaintCategory,
  type ComplaintSubjectKind,
} from '../../../contract/api/complaints';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { ErrorMessage, Select, StepHeading, TextArea, useAction } from '../../components/ui';
import { FormSummary } from '../../forms/form-summary';
import { useFormStep } from '../../forms/use-form-step';
import { longDate, rupiah } from '../../format';

interface Values {
  category: ComplaintCategory | '';
  /** `kind:id` of one of the person's own items, or '' for none. */
  subject: string;
  description: string;
  channel: '' | 'sms' | 'email';
}

/** What a subject's item is about decides the category the form suggests. */
const CATEGORY_OF: Record<ComplaintSubjectKind, ComplaintCategory> = {
  claim: 'claim',
  payment: 'payment',
  request: 'policy_change',
  consultation: 'service',
  policy: 'product',
};

const toPayload = (v: Values) => {
  const [kind, id] = v.subject.split(':') as [ComplaintSubjectKind | '', string | undefined];
  return {
    category: v.category || undefined,
    ...(kind && id ? { subject: { kind, id } } : {}),
    description: v.description,
    ...(v.channel ? { channel: v.channel } : {}),
  };
};

/**
 * Ajukan pengaduan: the category, optionally one of the person's own claims, payments, requests,
 * consultations or policies (preselected when it comes from that item's page), the complaint in
 * their own words, and how they want to hear of it. Files are added on its page right after.
 */
export function ComplaintNew() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const about = search.get('tentang') ?? '';
  const [values, setValues] = useState<Values>(() => {
    const kind = ComplaintSubjectKindSchema.safeParse(about.split(':')[0]);
    return { category: kind.success ? CATEGORY_OF[kind.data] : '', subject: about, description: '', channel: '' };
  });
  const [items, setItems] = useState<Array<[string, string]>>([]);
  const send = useAction();
  const form = useFormStep({
    values,
    onValues: setValues,
    schema: ComplaintCreateSchema,
    toPayload,
    rules: 'complaints.rule',
  });

  // The person's own items to pick from: the first page of each, newest first.
  useEffect(() => {
    const lang = i18n.language;
    void Promise.all([
      portal.policies.list(),
      portal.claims.list({}),
      portal.payments.list({}),
      portal.requests.list({}),
      portal.consult.list({}),
    ]).then(([policies, claims, payments, requests, consults]) => {
      const out: Array<[string, string]> = [];
      if (policies.ok)
        for (const p of policies.value.policies)
          out.push([`policy:${p.policyNumber}`, t('complaints.about.policy', { n: p.policyNumber })]);
      if (claims.ok)
        for (const c of claims.value.claims.filter((x) => x.claimNumber))
          out.push([`claim:${c.claimId}`, t('complaints.about.claim', { n: c.claimNumber })]);
      if (payments.ok)
        for (const p of payments.value.payments)
          out.push([
            `payment:${p.paymentId}`,
            t('complaints.about.payment', {
              amount: rupiah(p.amount, lang),
              date: longDate(p.createdAt.slice(0, 10), lang),
            }),
          ]);
      if (requests.ok)
        for (const r of requests.value.requests)
          out.push([`request:${r.requestId}`, t('complaints.about.request', { n: r.number })]);
      if (consults.ok)
        for (const c of consults.value.consultations)
          out.push([`consultation:${c.consultationId}`, t('complaints.about.consultation', { n: c.number })]);
      setItems(out);
    });
  }, [portal, i18n.language]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.check()) return;
    const filed = await send.run(() => portal.complaints.create(ComplaintCreateSchema.parse(toPayload(values))));
    if (filed) navigate(`/pengaduan/${filed.complaintId}`, { state: { filed: true } });
  };

  return (
    <section>
      <BackLink to="/pengaduan" label={t('complaints.back')} />
      <StepHeading>{t('complaints.new')}</StepHeading>
      <p>{t('complaints.newLead')}</p>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <Select
          name="category"
          label={t('complaints.categoryLabel')}
          none={t('complaints.choose')}
          options={ComplaintCategorySchema.options.map((c) => [c, t(`complaints.category.${c}`)])}
          {...form.bind('category')}
        />
        <Select
          name="subject"
          label={t('complaints.subjectLabel')}
          none={t('complaints.noSubject')}
          options={
            // An item named by the page it came from is offered even before the lists arrive.
            about && !items.some(([v]) => v === about) ? [[about, t('complaints.about.this')], ...items] : items
          }
          {...form.bind('subject')}
        />
        <TextArea
          name="description"
          label={t('complaints.description')}
          hint={t('complaints.descriptionHint')}
          maxLength={COMPLAINT_TEXT_MAX}
          rows={8}
          {...form.bind('description')}
        />
        <Select
          name="channel"
          label={t('complaints.channel')}
          none={t('complaints.channelUsual')}
          options={[
            ['sms', t('complaints.channels.sms')],
            ['email', t('complaints.channels.email')],
          ]}
          {...form.bind('channel')}
        />
        <FormSummary form={form} />
        <ErrorMessage error={send.error} />
        <p className="actions">
          <button type="submit" disabled={send.running}>
            {t('complaints.send')}
          </button>
        </p>
      </form>
    </section>
  );
}
