/**
 * One-tap links from e-mails and Zalo (issue #15): `/t/<signed token>`. GET shows the item and, for ✅ and ⏳, a
 * one-question form; POST acts through the bot's use cases (src/app/channels/one-tap.ts). No session is needed:
 * the signed token is the capability (bound to one item and one person, with an expiry), and it travels in the path
 * of the post as well, so a forged post fails its signature. Posts from another origin are refused by the
 * console's origin check, except to a digest's unsubscribe link: RFC 8058's one-click unsubscribe is a POST of
 * `List-Unsubscribe=One-Click` from the mail provider's servers (no Origin, no cookies). Its token names the
 * person and is an `unsubscribe` token (a reminder's ✅/⏳/📄 token is refused there), and it stops digests only:
 * the reminders a unit owes cannot be unsubscribed from.
 */
import type { Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { OneTap, OpenOutcome } from '../app/channels/one-tap.js';
import type { ConsoleEnv, ConsoleKit } from './console.js';
import { Layout, Message, viDate, type PageContext } from './pages.js';

type Opened = Extract<OpenOutcome, { kind: 'open' }>;

const ItemSummary: FC<{ ctx: PageContext; o: Opened }> = ({ ctx, o }) => (
  <section class="item-summary">
    <h1>{ctx.t('web-onetap-item', { task: o.item.taskNumber, title: o.item.taskTitle })}</h1>
    <p>{ctx.t('web-onetap-unit-due', { unit: o.item.unitName, due: viDate(o.item.dueDate) })}</p>
    <p>{ctx.t('web-onetap-state', { state: ctx.t(`web-state-${o.item.state}`) })}</p>
  </section>
);

const ActionPage: FC<{ ctx: PageContext; o: Opened; token: string; error?: string; values?: Record<string, string> }> = ({ ctx, o, token, error, values }) => {
  const action = o.claim.action;
  const title = ctx.t(action === 'done' ? 'mail-link-done' : action === 'extend' ? 'mail-link-extend' : 'mail-link-details');
  return (
    <Layout ctx={ctx} title={title}>
      {error ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>{ctx.t('web-error-summary')}</h2>
          <p>
            <a href="#field">{error}</a>
          </p>
        </div>
      ) : null}
      <ItemSummary ctx={ctx} o={o} />
      <form method="post" action={`/t/${token}`}>
        {action === 'done' ? (
          <p>
            <label for="field">{ctx.t('web-onetap-evidence-label')}</label>
            <input id="field" name="evidence" type="text" required value={values?.evidence ?? ''} autocomplete="off" />
          </p>
        ) : null}
        {action === 'extend' ? (
          <>
            <p>
              <label for="field">{ctx.t('web-onetap-extend-date')}</label>
              <input id="field" name="date" type="text" required value={values?.date ?? ''} autocomplete="off" />
            </p>
            <p>
              <label for="reason">{ctx.t('web-onetap-extend-reason')}</label>
              <textarea id="reason" name="reason" required>
                {values?.reason ?? ''}
              </textarea>
            </p>
          </>
        ) : null}
        <button type="submit" class="primary">
          {ctx.t(action === 'done' ? 'web-onetap-done-submit' : action === 'extend' ? 'web-onetap-extend-submit' : 'web-onetap-acknowledged')}
        </button>
      </form>
    </Layout>
  );
};

/** Mounts `/t/:token` on the console (`createWebConsole({ mount: [mountOneTap(oneTap)] })`). */
export function mountOneTap(oneTap: OneTap) {
  return (app: Hono<ConsoleEnv>, kit: ConsoleKit) => {
    const refused = (c: Context<ConsoleEnv>, outcome: Exclude<OpenOutcome, Opened>) => {
      const ctx = kit.ctxOf(c);
      if (outcome.kind === 'not_found') return kit.page(c, <Message ctx={ctx} title={ctx.t('web-not-found-title')} text={ctx.t('web-not-found')} />, 404);
      return kit.page(c, <Message ctx={ctx} title={ctx.t('web-onetap-invalid-title')} text={ctx.t(`web-onetap-invalid-${outcome.reason}`)} />, 403);
    };

    // A digest's List-Unsubscribe: GET asks, POST (the button, or a mail client's one-click post) applies.
    app.on(['GET', 'POST'], '/t/:token{unsubscribe\\..+}', async (c) => {
      const ctx = kit.ctxOf(c);
      const token = c.req.param('token');
      const r = await oneTap.unsubscribe(token, c.req.method === 'POST');
      if (r.kind === 'invalid') return kit.page(c, <Message ctx={ctx} title={ctx.t('web-onetap-invalid-title')} text={ctx.t(`web-onetap-invalid-${r.reason}`)} />, 403);
      if (c.req.method === 'POST') return kit.page(c, <Message ctx={ctx} title={ctx.t('web-unsubscribe-title')} text={ctx.t('web-unsubscribe-done')} />);
      return kit.page(
        c,
        <Layout ctx={ctx} title={ctx.t('web-unsubscribe-title')}>
          <h1>{ctx.t('web-unsubscribe-title')}</h1>
          <p>{ctx.t('web-unsubscribe-explain')}</p>
          <form method="post" action={`/t/${token}`}>
            <button type="submit" class="primary">
              {ctx.t('web-unsubscribe-button')}
            </button>
          </form>
        </Layout>,
      );
    });

    app.get('/t/:token', async (c) => {
      const token = c.req.param('token');
      const opened = await oneTap.open(token);
      if (opened.kind !== 'open') return refused(c, opened);
      c.header('Referrer-Policy', 'no-referrer');
      return kit.page(c, <ActionPage ctx={kit.ctxOf(c)} o={opened} token={token} />);
    });

    app.post('/t/:token', async (c) => {
      const token = c.req.param('token');
      const ctx = kit.ctxOf(c);
      c.header('Referrer-Policy', 'no-referrer');
      const form = await c.req.parseBody();
      const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
      const peek = await oneTap.open(token);
      if (peek.kind !== 'open') return refused(c, peek);
      const done = (text: string) => kit.page(c, <Message ctx={ctx} title={ctx.t('web-onetap-item', { task: peek.item.taskNumber, title: peek.item.taskTitle })} text={text} />);
      if (peek.claim.action === 'details') {
        await oneTap.acknowledge(token);
        return done(ctx.t('web-onetap-acknowledged'));
      }
      if (peek.claim.action === 'done') {
        const r = await oneTap.complete(token, field('evidence'));
        if (r.kind !== 'completion') return r.kind === 'open' ? done(ctx.t('web-onetap-refused')) : refused(c, r);
        const o = r.outcome;
        if (o.kind === 'completed') return done(ctx.t(o.state === 'done' ? 'web-onetap-completed' : 'web-onetap-pending-approval'));
        if (o.kind === 'evidence_missing') return kit.page(c, <ActionPage ctx={ctx} o={peek} token={token} error={ctx.t('web-onetap-evidence-missing')} values={{ evidence: field('evidence') }} />, 400);
        if (o.kind === 'not_actionable') return done(ctx.t('web-onetap-not-actionable', { state: ctx.t(`web-state-${o.item.state}`) }));
        return kit.page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-onetap-refused')} />, 403);
      }
      const r = await oneTap.requestExtension(token, field('date'), field('reason'));
      if (r.kind !== 'extension') return r.kind === 'open' ? done(ctx.t('web-onetap-refused')) : refused(c, r);
      const o = r.outcome;
      if (o.kind === 'requested') return done(ctx.t('web-onetap-extension-requested', { date: viDate(o.date.nominalDue) }));
      if (o.kind === 'refused') return kit.page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-onetap-refused')} />, 403);
      if (o.kind === 'not_actionable') return done(ctx.t('web-onetap-not-actionable', { state: ctx.t(`web-state-${o.item.state}`) }));
      return kit.page(
        c,
        <ActionPage ctx={ctx} o={peek} token={token} error={ctx.t('web-onetap-extension-failed', { reason: o.kind })} values={{ date: field('date'), reason: field('reason') }} />,
        400,
      );
    });
  };
}
