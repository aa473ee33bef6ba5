#!/usr/bin/env bash
# Profiles PostgreSQL during bench:capacity's first measured step: which statements are busy, and
# how long each takes. Start the bench with pg_stat_statements loaded, then this beside it:
#
#   SIGHTLINE_PG_SETTINGS="shared_preload_libraries=pg_stat_statements pg_stat_statements.track=top" \
#     CAPACITY_STEPS=4000 npm run bench:capacity > /tmp/capacity.log 2>&1 &
#   bench/capacity/profile-pg.sh /tmp/capacity.log > /tmp/capacity-profile.txt
#
# It waits for the step's header in the log, then for 40 s samples pg_stat_activity every 50 ms
# (active statements, by what they wait on: "cpu" when on no wait event) and prints the counts,
# then pg_stat_statements over the same window. The sampler only reads: a transaction id held
# for 40 s would stall the exception and KPI workers' horizon and make their lag look minutes long.
set -euo pipefail
LOG=$1
PORT=${PGPORT:-54950}
export PGPASSWORD=${PGPASSWORD:-sightline}
psql_() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d sightline -At "$@"; }
until grep -q "promises:" "$LOG" 2>/dev/null; do sleep 1; done
sleep 5
psql_ -c "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" > /dev/null
echo "== busy samples (50 ms apart, 40 s): count | wait | statement"
psql_ <<'SQL'
create or replace function pg_temp.sample_activity(n int) returns table(c bigint, w text, q text) language plpgsql as $$
declare qs text[] := '{}'; ws text[] := '{}';
begin
  for i in 1..n loop
    select qs || array_agg(left(regexp_replace(a.query, '\s+', ' ', 'g'), 110)), ws || array_agg(coalesce(a.wait_event_type, 'cpu'))
      into qs, ws
      from pg_stat_activity a where a.state = 'active' and a.pid <> pg_backend_pid() and a.backend_type = 'client backend';
    qs := coalesce(qs, '{}'); ws := coalesce(ws, '{}');
    perform pg_sleep(0.05); perform pg_stat_clear_snapshot();
  end loop;
  return query select count(*), x.w, x.q from unnest(ws, qs) as x(w, q) group by 2, 3 order by 1 desc limit 60;
end $$;
select * from pg_temp.sample_activity(800);
SQL
echo "== pg_stat_statements: total ms | calls | mean ms | rows | statement"
psql_ -c "select round(total_exec_time)::int, calls, round(mean_exec_time::numeric, 2), rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
          from pg_stat_statements where query not like '%sample_activity%' order by total_exec_time desc limit 45"
