import crypto from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock';
import { grossAmount, midtransSignature } from '../../domain/payments/gateway';
import { isUniqueViolation } from '../../store/connect';
import type { Database } from '../../store/schema';

/**
 * The development gateway (payments.md, Simulator): Midtrans' wire format and signatures,
 * served by the service itself under `/dev/gateway`, so that the Midtrans adapter talks to
 * it over HTTP exactly as it would to Midtrans. A small page lists the pending payments and
 * pays, expires or fails one; each sends the notification Midtrans would, signed.
 * Development mode only.
 */
export function devGatewayRoutes(o: {
  db: Kysely<Database>;
  clock: Clock;
  serverKey: string;
  /** The app itself, to post the notification to (in-process, as a gateway would over HTTP). */
  self: () => FastifyInstance;
}): FastifyPluginAsync {
  return async (app) => {
    // Not part of the policy service's contract: left out of /v1/openapi.json.
    app.addHook('onRoute', (route) => {
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    // The page's buttons are plain HTML forms: their (empty) form bodies are taken and ignored.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, _body, done) =>
      done(null, {}),
    );
    const { db, clock } = o;
    const authorised = (header: string | undefined) => {
      const expected = `Basic ${Buffer.from(`${o.serverKey}:`).toString('base64')}`;
      return (
        header !== undefined &&
        header.length === expected.length &&
        crypto.timingSafeEqual(Buffer.from(header), Buffer.from(expected))
      );
    };
    const deny = (reply: FastifyReply) =>
      reply.code(401).send({ status_code: '401', status_message: 'Access denied: wrong server key' });
    const row = (orderId: string) =>
      db.selectFrom('sim_transactions').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    const STATUS_CODES: Record<string, string> = { settlement: '200', capture: '200', pending: '201', deny: '202' };
    const statusBody = (t: NonNullable<Awaited<ReturnType<typeof row>>>) => {
      const paid = t.transaction_status === 'settlement' || t.transaction_status === 'capture';
      return {
        status_code: STATUS_CODES[t.transaction_status] ?? '407',
        transaction_id: t.transaction_id,
        order_id: t.order_id,
        gross_amount: t.gross_amount,
        payment_type: t.payment_type,
        transaction_status: t.transaction_status,
        fraud_status: 'accept',
        ...(t.va_number ? { va_numbers: [{ bank: t.bank, va_number: t.va_number }] } : {}),
        // A card saved by a paid payment, as Midtrans names it (the number masked).
        ...(paid && t.saved_token_id ? { saved_token_id: t.saved_token_id, masked_card: t.masked_card } : {}),
        ...(t.transaction_status === 'deny' ? { channel_response_message: 'Denied by bank' } : {}),
      };
    };
    /** The notification Midtrans posts on every change of a transaction, signed. */
    const notify = (t: NonNullable<Awaited<ReturnType<typeof row>>>) => {
      const body = statusBody(t);
      return o.self().inject({
        method: 'POST',
        url: '/v1/gateway/midtrans/notifications',
        payload: {
          ...body,
          transaction_time: new Date(clock.now()).toISOString(),
          signature_key: midtransSignature(t.order_id, body.status_code, t.gross_amount, o.serverKey),
        },
      });
    };
    /** The expiry the gateway keeps: past it, a pending transaction reads as expired. */
    const current = async (orderId: string) => {
      const t = await row(orderId);
      if (t && t.transaction_status === 'pending' && t.expires_at < clock.now()) {
        await db
          .updateTable('sim_transactions')
          .set({ transaction_status: 'expire' })
          .where('order_id', '=', orderId)
          .execute();
        return { ...t, transaction_status: 'expire' };
      }
      return t;
    };

    app.post('/dev/gateway/v2/charge', async (req, reply) => {
      if (!authorised(req.headers.authorization)) return deny(reply);
      const b = req.body as {
        payment_type: string;
        transaction_details: { order_id: string; gross_amount: number };
        bank_transfer?: { bank: string };
        custom_expiry?: { expiry_duration: number };
        credit_card?: { token_id?: string };
      };
      const orderId = String(b?.transaction_details?.order_id ?? '');
      if (!orderId || !Number.isInteger(b.transaction_details.gross_amount)) {
        return reply.send({ status_code: '400', status_message: 'Validation error' });
      }
      if (await row(orderId)) return reply.send({ status_code: '406', status_message: 'Duplicate order ID' });
      if (b.payment_type === 'credit_card') return reply.send(await chargeCard(orderId, b));
      const bank =
        b.payment_type === 'echannel' ? 'mandiri' : b.payment_type === 'qris' ? null : (b.bank_transfer?.bank ?? 'bca');
      const vaNumber = bank ? `${crypto.randomInt(10 ** 9, 10 ** 10)}${crypto.randomInt(10 ** 5, 10 ** 6)}` : null;
      const t = {
        order_id: orderId,
        transaction_id: crypto.randomUUID(),
        payment_type: b.payment_type,
        bank,
        gross_amount: grossAmount(b.transaction_details.gross_amount),
        transaction_status: 'pending',
        va_number: vaNumber,
        qr_string:
          b.payment_type === 'qris'
            ? `00020101021226620014COM.GO-JEK.WWW01189360091430000000000215${orderId.slice(0, 15)}5204599953033605802ID5913PORTALNASABAH6007JAKARTA6304ABCD`
            : null,
        created_at: clock.now(),
        expires_at: clock.now() + (b.custom_expiry?.expiry_duration ?? 1440) * 60_000,
      };
      await db.insertInto('sim_transactions').values(t).execute();
      const base = {
        status_code: '201',
        status_message: 'Success, transaction is created',
        transaction_id: t.transaction_id,
        order_id: orderId,
        gross_amount: t.gross_amount,
        payment_type: t.payment_type,
        transaction_status: 'pending',
      };
      if (b.payment_type === 'qris') return reply.send({ ...base, qr_string: t.qr_string });
      if (b.payment_type === 'echannel') return reply.send({ ...base, bill_key: vaNumber, biller_code: '70012' });
      if (bank === 'permata') return reply.send({ ...base, permata_va_number: vaNumber });
      return reply.send({ ...base, va_numbers: [{ bank, va_number: vaNumber }] });
    });

    /** A saved card charged with no one at the screen: captured, or denied while the card is set to decline. */
    const chargeCard = async (
      orderId: string,
      b: { transaction_details: { gross_amount: number }; credit_card?: { token_id?: string } },
    ) => {
      const card = await db
        .selectFrom('sim_card_tokens')
        .selectAll()
        .where('token', '=', String(b.credit_card?.token_id ?? ''))
        .executeTakeFirst();
      if (!card) return { status_code: '411', status_message: 'Token id is missing, invalid, or timed out' };
      let declined = false;
      if (card.declines > 0) {
        const r = await db
          .updateTable('sim_card_tokens')
          .set((eb) => ({ declines: eb('declines', '-', 1) }))
          .where('token', '=', card.token)
          .where('declines', '>', 0)
          .executeTakeFirst();
        declined = Number(r.numUpdatedRows) === 1;
      }
      const t = {
        order_id: orderId,
        transaction_id: crypto.randomUUID(),
        payment_type: 'credit_card',
        bank: null,
        gross_amount: grossAmount(b.transaction_details.gross_amount),
        transaction_status: declined ? 'deny' : 'capture',
        va_number: null,
        qr_string: null,
        created_at: clock.now(),
        expires_at: clock.now(),
        saved_token_id: null,
        masked_card: card.masked_card,
      };
      try {
        await db.insertInto('sim_transactions').values(t).execute();
      } catch (err) {
        // The same order at the same moment: the gateway keeps the first.
        if (isUniqueViolation(err)) return { status_code: '406', status_message: 'Duplicate order ID' };
        throw err;
      }
      // Midtrans notifies card charges too; the service must take both answers as one.
      setImmediate(() => void notify(t).catch(() => undefined));
      return { ...statusBody(t), masked_card: card.masked_card };
    };

    app.post('/dev/gateway/snap/v1/transactions', async (req, reply) => {
      if (!authorised(req.headers.authorization)) return deny(reply);
      const b = req.body as {
        transaction_details: { order_id: string; gross_amount: number };
        enabled_payments?: string[];
        expiry?: { duration: number };
        credit_card?: { save_card?: boolean };
        user_id?: string;
      };
      const orderId = String(b?.transaction_details?.order_id ?? '');
      if (!orderId || (await row(orderId)))
        return reply.code(400).send({ error_messages: ['order_id has already been taken'] });
      const token = crypto.randomUUID();
      const saving = b.credit_card?.save_card === true && Boolean(b.user_id);
      await db
        .insertInto('sim_transactions')
        .values({
          order_id: orderId,
          transaction_id: token,
          payment_type: b.enabled_payments?.[0] ?? 'credit_card',
          bank: null,
          gross_amount: grossAmount(b.transaction_details.gross_amount),
          transaction_status: 'pending',
          va_number: null,
          qr_string: null,
          created_at: clock.now(),
          expires_at: clock.now() + (b.expiry?.duration ?? 60) * 60_000,
          // The card the page's test card will save once paid (Midtrans' sandbox card 4811 1111 1111 1114).
          saved_token_id: saving ? `481111-1114-${crypto.randomUUID()}` : null,
          masked_card: saving ? '481111-1114' : null,
        })
        .execute();
      const host = req.headers.host ?? '127.0.0.1';
      return reply
        .code(201)
        .send({ token, redirect_url: `${req.protocol}://${host}/dev/gateway/pay/${encodeURIComponent(orderId)}` });
    });

    app.get('/dev/gateway/v2/:orderId/status', async (req, reply) => {
      if (!authorised(req.headers.authorization)) return deny(reply);
      const t = await current((req.params as { orderId: string }).orderId);
      if (!t) return reply.code(404).send({ status_code: '404', status_message: "Transaction doesn't exist." });
      return reply.send(statusBody(t));
    });

    app.post('/dev/gateway/v2/:orderId/cancel', async (req, reply) => {
      if (!authorised(req.headers.authorization)) return deny(reply);
      const orderId = (req.params as { orderId: string }).orderId;
      const t = await current(orderId);
      if (!t) return reply.code(404).send({ status_code: '404', status_message: "Transaction doesn't exist." });
      if (t.transaction_status !== 'pending')
        return reply.send({ status_code: '412', status_message: 'Transaction status cannot be updated.' });
      await db
        .updateTable('sim_transactions')
        .set({ transaction_status: 'cancel' })
        .where('order_id', '=', orderId)
        .execute();
      return reply.send({ ...statusBody({ ...t, transaction_status: 'cancel' }), status_code: '200' });
    });

    /** Moves a transaction and posts the signed notification, as Midtrans does. */
    const act = async (orderId: string, action: string): Promise<number> => {
      const t = await current(orderId);
      if (!t || t.transaction_status !== 'pending') return 409;
      const status = action === 'pay' ? 'settlement' : action === 'expire' ? 'expire' : 'deny';
      await db
        .updateTable('sim_transactions')
        .set({ transaction_status: status })
        .where('order_id', '=', orderId)
        .execute();
      if (status === 'settlement' && t.saved_token_id && t.masked_card)
        await db
          .insertInto('sim_card_tokens')
          .values({ token: t.saved_token_id, masked_card: t.masked_card, declines: 0, created_at: clock.now() })
          .onConflict((oc) => oc.column('token').doNothing())
          .execute();
      return (await notify({ ...t, transaction_status: status })).statusCode;
    };

    const page = (title: string, body: string) =>
      `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${title}</title>` +
      `<style>body{font:16px system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}td,th{padding:.4rem .8rem;border-bottom:1px solid #ccc;text-align:left}button{font:inherit;margin-right:.4rem}</style>` +
      `</head><body><h1>${title}</h1>${body}</body></html>`;
    const esc = (s: string) => s.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
    const buttons = (orderId: string) =>
      ['pay', 'expire', 'fail']
        .map(
          (a) =>
            `<form method="post" action="/dev/gateway/ui/${encodeURIComponent(orderId)}/${a}" style="display:inline"><button type="submit">${{ pay: 'Bayar', expire: 'Kedaluwarsa', fail: 'Gagal' }[a]}</button></form>`,
        )
        .join('');
    const html = (reply: FastifyReply, text: string) =>
      reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        )
        .send(text);

    app.get('/dev/gateway', async (_req, reply) => reply.redirect('/dev/gateway/'));
    app.get('/dev/gateway/', async (_req, reply) => {
      const rows = await db
        .selectFrom('sim_transactions')
        .selectAll()
        .where('transaction_status', '=', 'pending')
        .orderBy('created_at', 'desc')
        .limit(100)
        .execute();
      const live = rows.filter((t) => t.expires_at >= clock.now());
      const body = live.length
        ? `<table><thead><tr><th>Order</th><th>Jenis</th><th>Nomor VA / QR</th><th>Jumlah</th><th></th></tr></thead><tbody>${live
            .map(
              (t) =>
                `<tr><td>${esc(t.order_id)}</td><td>${esc(t.payment_type)}${t.bank ? ` ${esc(t.bank)}` : ''}</td><td>${esc(t.va_number ?? (t.qr_string ? 'QRIS' : '-'))}</td><td>Rp ${Number.parseInt(t.gross_amount, 10).toLocaleString('id-ID')}</td><td>${buttons(t.order_id)}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p>Tidak ada pembayaran yang menunggu.</p>';
      const cards = await db
        .selectFrom('sim_card_tokens')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
      const saved = cards.length
        ? `<h2>Kartu tersimpan</h2><table><thead><tr><th>Kartu</th><th>Token</th><th>Penagihan berikutnya</th><th></th></tr></thead><tbody>${cards
            .map(
              (c) =>
                `<tr><td>${esc(c.masked_card)}</td><td>${esc(c.token.slice(-12))}</td><td>${c.declines > 0 ? `ditolak (${c.declines}×)` : 'diterima'}</td><td><form method="post" action="/dev/gateway/ui/cards/${encodeURIComponent(c.token)}/decline?times=${c.declines > 0 ? 0 : 1}" style="display:inline"><button type="submit">${c.declines > 0 ? 'Terima' : 'Tolak sekali'}</button></form></td></tr>`,
            )
            .join('')}</tbody></table>`
        : '';
      return html(reply, page('Simulator gateway pembayaran', body + saved));
    });
    app.get('/dev/gateway/pay/:orderId', async (req, reply) => {
      const t = await current((req.params as { orderId: string }).orderId);
      if (!t) return reply.code(404).send({ error: 'no such order' });
      return html(
        reply,
        page(
          'Halaman pembayaran (simulator)',
          `<p>${esc(t.payment_type)} · Rp ${Number.parseInt(t.gross_amount, 10).toLocaleString('id-ID')} · ${esc(t.transaction_status)}</p>${t.transaction_status === 'pending' ? buttons(t.order_id) : ''}`,
        ),
      );
    });
    // Saved cards: each refuses as many coming charges as asked (a card blocked, over its limit).
    app.post('/dev/gateway/ui/cards/:token/decline', async (req, reply) => {
      const { token } = req.params as { token: string };
      const { times } = (req.query ?? {}) as { times?: string };
      const n = Math.min(Math.max(Number.parseInt(times ?? '1', 10) || 1, 0), 1000);
      const r = await db
        .updateTable('sim_card_tokens')
        .set({ declines: n })
        .where('token', '=', token)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return reply.code(404).send({ error: 'no such card' });
      return reply.redirect('/dev/gateway/', 303);
    });

    app.post('/dev/gateway/ui/:orderId/:action', async (req, reply) => {
      const { orderId, action } = req.params as { orderId: string; action: string };
      if (!['pay', 'expire', 'fail'].includes(action)) return reply.code(404).send({ error: 'no such action' });
      const status = await act(orderId, action);
      if (status === 409) return reply.code(409).send({ error: 'not pending' });
      return reply.redirect('/dev/gateway/', 303);
    });
  };
}
