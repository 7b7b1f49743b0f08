import { sql, type Kysely } from 'kysely'
import { dialectOf } from '@framewright/service-kit'

/**
 * Postgres only: a page that spends against the daily limit in one statement. The same work in a
 * transaction of its own (BEGIN, the viewer's advisory lock, read what was served today, insert,
 * COMMIT) is five round trips while the viewer's lock is held, and on Postgres the round trips
 * cost more than the queries. The rule is admitWithinLimit's (finite/daily-limit.ts): items already
 * served today are free, each new one spends one, the page stops at the first item over the limit;
 * so what it admits is a prefix of the page, and it answers how long that prefix is. A statement
 * outside a transaction is its own transaction, so the lock is held until it ends. SQLite needs
 * none of this (one writer; its transactions are in-process calls).
 */
export default {
  async up(db: Kysely<unknown>) {
    if (dialectOf(db) !== 'postgres') return
    await sql`
      create or replace function feed_spend(p_viewer text, p_day text, p_uris text[], p_limit integer, p_prune boolean)
      returns table (admitted integer, served_today integer, limit_reached boolean)
      language plpgsql as $$
      declare
        served text[];
        fresh text[] := '{}';
        spent integer;
        taken integer := 0;
        u text;
      begin
        perform pg_advisory_xact_lock(hashtextextended('feed_served ' || p_viewer, 0));
        select coalesce(array_agg(s.uri), '{}') into served from feed_served s where s.viewer = p_viewer and s.day = p_day;
        spent := cardinality(served);
        foreach u in array p_uris loop
          if u = any(served) then
            taken := taken + 1;
            continue;
          end if;
          if spent >= p_limit then
            exit;
          end if;
          fresh := fresh || u;
          taken := taken + 1;
          spent := spent + 1;
        end loop;
        if cardinality(fresh) > 0 then
          insert into feed_served (viewer, day, uri) select p_viewer, p_day, f from unnest(fresh) as f on conflict do nothing;
          if p_prune then
            delete from feed_served s where s.viewer = p_viewer and s.day < p_day;
          end if;
        end if;
        return query select taken, spent, spent >= p_limit;
      end
      $$`.execute(db)
  },
  async down(db: Kysely<unknown>) {
    if (dialectOf(db) !== 'postgres') return
    await sql`drop function if exists feed_spend(text, text, text[], integer, boolean)`.execute(db)
  },
}
