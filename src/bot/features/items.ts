/**
 * A unit's work: `/viec`, `/quahan`, `/lich`, and 📄 Chi tiết.
 */
import { Composer } from 'grammy';
import type { ItemListView } from '../../app/bot/items.js';
import { answer, renderContext, reply, trOf, whoOf, type BotContext, type FeatureDeps } from '../context.js';
import { renderDetail, renderList, renderNoUnits } from '../render/items.js';
import { renderRefused } from '../render/onboarding.js';
import { onAction } from './callbacks.js';

const COMMANDS: Record<string, ItemListView> = { viec: 'all', quahan: 'overdue', lich: 'upcoming' };

export function createItemsFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  for (const [command, view] of Object.entries(COMMANDS)) {
    composer.command(command, async (ctx) => {
      const outcome = await deps.service.listItems(whoOf(ctx), view);
      if (outcome.kind === 'no_units') {
        await reply(ctx, renderNoUnits(outcome, trOf(ctx)));
        return;
      }
      await reply(ctx, renderList(outcome, renderContext(ctx, deps, outcome.today)));
    });
  }

  onAction(composer, 'detail', async (ctx) => {
    const outcome = await deps.service.showDetail(whoOf(ctx), ctx.callbackToken);
    if (outcome.kind === 'refused') {
      await answer(ctx, renderRefused(outcome, trOf(ctx)).text, true);
      return;
    }
    if (outcome.kind === 'not_found') {
      await answer(ctx, ctx.t('bot-item-not-found'), true);
      return;
    }
    await answer(ctx);
    await reply(ctx, renderDetail(outcome, renderContext(ctx, deps, outcome.today)));
  });

  return composer;
}
