//! The queries of the store, written once for both engines: `store_queries!` expands them
//! over the connection and row types of SQLite (`sqlite.rs`) and PostgreSQL (`postgres.rs`).
//! Every statement is plain SQL that both accept: `$N` parameters (sqlx's SQLite driver reads
//! them as positions too), `RETURNING` for new ids, `ON CONFLICT` for upserts and for names
//! already taken (no statement fails on a unique key: a failed statement aborts a PostgreSQL
//! transaction, and not a SQLite one), and `"only"` quoted (a reserved word in PostgreSQL).

/// Organisation columns, aliased; a macro so that queries stay `&'static str` literals.
macro_rules! org_cols {
    () => {
        "o.id AS o_id, o.name AS o_name, o.country AS o_country, o.status AS o_status, o.screening AS o_screening, o.basis AS o_basis, o.approved_by AS o_approved_by, o.approved_at AS o_approved_at, o.created_at AS o_created_at"
    };
}
/// User columns, aliased.
macro_rules! user_cols {
    () => {
        "u.id AS u_id, u.email AS u_email, u.name AS u_name, u.org_id AS u_org_id, u.nationality AS u_nationality, u.location AS u_location, u.role AS u_role, u.screening AS u_screening, u.attested_by AS u_attested_by, u.created_at AS u_created_at"
    };
}

/// The liveness of a console session, over parameters `$1` (now), `$2` (absolute lifetime)
/// and `$3` (idle timeout): the same rule as `console::session`.
macro_rules! session_live {
    () => {
        "($1 < created + $2 AND $1 < last_seen + $3 AND (expires IS NULL OR $1 < expires))"
    };
}

/// Expands the queries, the unit of work `$tx` and `impl Store for $store` in a module
/// `generated` of the invoking module. The store needs a `pool` field, a `KIND` constant and
/// the inherent methods `begin_unit`, `schema_version`, `counters` and `tx_postgres`.
macro_rules! store_queries {
    ($store:ty, $tx:ident, $db:ty, $row:ty, $conn:ty) => {
    mod generated {
        use std::sync::Arc;

        use sqlx::Row;

        use $crate::config::DatabaseKind;
        use $crate::quota::{QuotaRule, Scope, SharedCounters};
        use $crate::store::{
            ApiKey, BoxFuture, ConsoleSession, CountryTier, DeniedParty, NewUser, Org, OrgStatus,
            PrincipalRecord, Role, Screening, SessionTtl, StoreError, StoreTx, StoredQuota,
            UsageRecord, User, UserEvent, VettingEvent,
        };

        #[allow(unused_imports)]
        use super::*;

        fn corrupt(field: &'static str, value: &str) -> StoreError {
            StoreError::Invalid {
                field,
                reason: format!("unexpected stored value {value:?}"),
            }
        }

        fn org_from(row: &$row) -> Result<Org, StoreError> {
            let status: String = row.try_get("o_status")?;
            let screening: String = row.try_get("o_screening")?;
            Ok(Org {
                id: row.try_get("o_id")?,
                name: row.try_get("o_name")?,
                country: row.try_get("o_country")?,
                status: OrgStatus::parse(&status).ok_or_else(|| corrupt("org status", &status))?,
                screening: Screening::parse(&screening)
                    .ok_or_else(|| corrupt("org screening", &screening))?,
                basis: row.try_get("o_basis")?,
                approved_by: row.try_get("o_approved_by")?,
                approved_at: row.try_get("o_approved_at")?,
                created_at: row.try_get("o_created_at")?,
            })
        }

        fn user_from(row: &$row) -> Result<User, StoreError> {
            let role: String = row.try_get("u_role")?;
            let screening: String = row.try_get("u_screening")?;
            Ok(User {
                id: row.try_get("u_id")?,
                email: row.try_get("u_email")?,
                name: row.try_get("u_name")?,
                org_id: row.try_get("u_org_id")?,
                nationality: row.try_get("u_nationality")?,
                location: row.try_get("u_location")?,
                role: Role::parse(&role).ok_or_else(|| corrupt("user role", &role))?,
                screening: Screening::parse(&screening)
                    .ok_or_else(|| corrupt("user screening", &screening))?,
                attested_by: row.try_get("u_attested_by")?,
                created_at: row.try_get("u_created_at")?,
            })
        }

        fn key_from(row: &$row) -> Result<ApiKey, StoreError> {
            Ok(ApiKey {
                key_id: row.try_get("key_id")?,
                user_id: row.try_get("user_id")?,
                hash: row.try_get("hash")?,
                created_at: row.try_get("created_at")?,
                expires_at: row.try_get("expires_at")?,
                revoked_at: row.try_get("revoked_at")?,
            })
        }

        fn quota_from(row: &$row) -> Result<StoredQuota, StoreError> {
            let scope: String = row.try_get("scope")?;
            let limit = |c: &str| -> Result<Option<u64>, StoreError> {
                let v: Option<i64> = row.try_get(c)?;
                Ok(v.map(|n| u64::try_from(n).unwrap_or(0)))
            };
            Ok(StoredQuota {
                id: row.try_get("id")?,
                rule: QuotaRule {
                    scope: Scope::parse(&scope).ok_or_else(|| corrupt("quota scope", &scope))?,
                    only: row.try_get("only")?,
                    requests_per_minute: limit("requests_per_minute")?,
                    requests_per_day: limit("requests_per_day")?,
                    tokens_per_minute: limit("tokens_per_minute")?,
                    tokens_per_day: limit("tokens_per_day")?,
                },
                created_by: row.try_get("created_by")?,
                created_at: row.try_get("created_at")?,
            })
        }

        fn event_from(row: &$row) -> Result<VettingEvent, StoreError> {
            Ok(VettingEvent {
                org_id: row.try_get("org_id")?,
                action: row.try_get("action")?,
                from_status: row.try_get("from_status")?,
                to_status: row.try_get("to_status")?,
                reason: row.try_get("reason")?,
                actor: row.try_get("actor")?,
                at: row.try_get("at")?,
            })
        }

        fn user_event_from(row: &$row) -> Result<UserEvent, StoreError> {
            Ok(UserEvent {
                user_id: row.try_get("user_id")?,
                action: row.try_get("action")?,
                from_status: row.try_get("from_status")?,
                to_status: row.try_get("to_status")?,
                reason: row.try_get("reason")?,
                actor: row.try_get("actor")?,
                at: row.try_get("at")?,
            })
        }

        impl $store {
            /// The current schema version (0 for an empty database).
            pub async fn schema_version(&self) -> Result<i64, StoreError> {
                let mut tx = self.begin_unit().await?;
                let v = current_version(&mut tx).await?;
                tx.commit().await?;
                Ok(v)
            }

            /// Applies pending migrations, all in one unit of work (one writer at a time, so
            /// that instances starting together migrate once); returns the versions applied. A
            /// schema newer than this build is refused ([`StoreError::TooNew`]).
            pub async fn migrate(&self) -> Result<Vec<i64>, StoreError> {
                let mut tx = self.begin_unit().await?;
                let current = current_version(&mut tx).await?;
                if current > $crate::store::SCHEMA_VERSION {
                    return Err(StoreError::TooNew {
                        found: current,
                        supported: $crate::store::SCHEMA_VERSION,
                    });
                }
                let mut applied = Vec::new();
                for (version, sql) in super::MIGRATIONS {
                    if *version <= current {
                        continue;
                    }
                    let mig = |source| StoreError::Migration {
                        version: *version,
                        source,
                    };
                    sqlx::raw_sql(*sql)
                        .execute(&mut *tx)
                        .await
                        .map_err(mig)?;
                    sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                        .bind(version)
                        .bind($crate::now())
                        .execute(&mut *tx)
                        .await
                        .map_err(mig)?;
                    applied.push(*version);
                }
                tx.commit().await?;
                Ok(applied)
            }
        }

        async fn current_version(c: &mut $conn) -> Result<i64, StoreError> {
            sqlx::query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
            )
            .execute(&mut *c)
            .await?;
            let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
                .fetch_one(&mut *c)
                .await?;
            Ok(v.unwrap_or(0))
        }

        /// The statements, each over one connection: inside a transaction for the unit of work, or a
        /// pooled connection for a plain read. One implementation of each query.
        mod sql {
            use super::*;

            pub(super) async fn insert_event(c: &mut $conn, e: &VettingEvent) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO vetting_events (org_id, action, from_status, to_status, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(e.org_id)
                .bind(&e.action)
                .bind(&e.from_status)
                .bind(&e.to_status)
                .bind(&e.reason)
                .bind(&e.actor)
                .bind(e.at)
                .execute(&mut *c)
                .await?;
                Ok(())
            }

            pub(super) async fn org_by_id(c: &mut $conn, id: i64) -> Result<Option<Org>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    org_cols!(),
                    " FROM orgs o WHERE o.id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut *c)
                .await?;
                row.as_ref().map(org_from).transpose()
            }

            async fn org_must(c: &mut $conn, id: i64) -> Result<Org, StoreError> {
                org_by_id(c, id).await?.ok_or_else(|| StoreError::NotFound {
                    kind: "organisation",
                    name: format!("#{id}"),
                })
            }

            pub(super) async fn org_by_name(c: &mut $conn, name: &str) -> Result<Option<Org>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    org_cols!(),
                    " FROM orgs o WHERE o.name = $1"
                ))
                .bind(name)
                .fetch_optional(&mut *c)
                .await?;
                row.as_ref().map(org_from).transpose()
            }

            pub(super) async fn list_orgs(c: &mut $conn) -> Result<Vec<Org>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    org_cols!(),
                    " FROM orgs o ORDER BY o.name"
                ))
                .fetch_all(&mut *c)
                .await?;
                rows.iter().map(org_from).collect()
            }

            pub(super) async fn org_events(
                c: &mut $conn,
                org_id: i64,
            ) -> Result<Vec<VettingEvent>, StoreError> {
                let rows = sqlx::query(
                    "SELECT org_id, action, from_status, to_status, reason, actor, at FROM vetting_events WHERE org_id = $1 ORDER BY id",
                )
                .bind(org_id)
                .fetch_all(&mut *c)
                .await?;
                rows.iter().map(event_from).collect()
            }

            pub(super) async fn create_org(
                c: &mut $conn,
                name: &str,
                country: &str,
                actor: &str,
                now: i64,
            ) -> Result<Org, StoreError> {
                let res: Result<Option<i64>, _> = sqlx::query_scalar(
                    "INSERT INTO orgs (name, country, status, created_at) VALUES ($1, $2, 'applied', $3) \
                     ON CONFLICT DO NOTHING RETURNING id",
                )
                .bind(name)
                .bind(country)
                .bind(now)
                .fetch_optional(&mut *c)
                .await;
                let Some(id) = res? else {
                    return Err(StoreError::Conflict {
                        kind: "organisation",
                        name: name.to_string(),
                    });
                };
                insert_event(
                    c,
                    &VettingEvent {
                        org_id: id,
                        action: "apply".into(),
                        from_status: "".into(),
                        to_status: "applied".into(),
                        reason: "application created".into(),
                        actor: actor.to_string(),
                        at: now,
                    },
                )
                .await?;
                org_must(c, id).await
            }

            pub(super) async fn set_org_status(
                c: &mut $conn,
                org_id: i64,
                status: OrgStatus,
                basis: Option<&str>,
                event: &VettingEvent,
            ) -> Result<Org, StoreError> {
                if status == OrgStatus::Approved {
                    sqlx::query(
                        "UPDATE orgs SET status = $1, basis = $2, approved_by = $3, approved_at = $4 WHERE id = $5",
                    )
                    .bind(status.as_str())
                    .bind(basis)
                    .bind(&event.actor)
                    .bind(event.at)
                    .bind(org_id)
                    .execute(&mut *c)
                    .await?;
                } else {
                    sqlx::query("UPDATE orgs SET status = $1 WHERE id = $2")
                        .bind(status.as_str())
                        .bind(org_id)
                        .execute(&mut *c)
                        .await?;
                }
                insert_event(c, event).await?;
                org_must(c, org_id).await
            }

            pub(super) async fn set_org_screening(
                c: &mut $conn,
                org_id: i64,
                screening: Screening,
                event: &VettingEvent,
            ) -> Result<Org, StoreError> {
                sqlx::query("UPDATE orgs SET screening = $1 WHERE id = $2")
                    .bind(screening.as_str())
                    .bind(org_id)
                    .execute(&mut *c)
                    .await?;
                insert_event(c, event).await?;
                org_must(c, org_id).await
            }

            pub(super) async fn user_by_email(
                c: &mut $conn,
                email: &str,
            ) -> Result<Option<User>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    user_cols!(),
                    " FROM users u WHERE u.email = $1"
                ))
                .bind(email)
                .fetch_optional(&mut *c)
                .await?;
                row.as_ref().map(user_from).transpose()
            }

            async fn user_by_id(c: &mut $conn, id: i64) -> Result<User, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    user_cols!(),
                    " FROM users u WHERE u.id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut *c)
                .await?;
                row.as_ref()
                    .map(user_from)
                    .transpose()?
                    .ok_or_else(|| StoreError::NotFound {
                        kind: "user",
                        name: format!("#{id}"),
                    })
            }

            pub(super) async fn list_users(
                c: &mut $conn,
                org_id: Option<i64>,
            ) -> Result<Vec<User>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    user_cols!(),
                    " FROM users u WHERE ($1 IS NULL OR u.org_id = $1) ORDER BY u.email"
                ))
                .bind(org_id)
                .fetch_all(&mut *c)
                .await?;
                rows.iter().map(user_from).collect()
            }

            pub(super) async fn create_user(
                c: &mut $conn,
                user: &NewUser,
                now: i64,
            ) -> Result<User, StoreError> {
                let res: Result<Option<i64>, _> = sqlx::query_scalar(
                    "INSERT INTO users (email, name, org_id, nationality, location, role, attested_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
                )
                .bind(&user.email)
                .bind(&user.name)
                .bind(user.org_id)
                .bind(&user.nationality)
                .bind(&user.location)
                .bind(user.role.as_str())
                .bind(&user.attested_by)
                .bind(now)
                .fetch_optional(&mut *c)
                .await;
                match res? {
                    Some(id) => user_by_id(c, id).await,
                    None => Err(StoreError::Conflict {
                        kind: "user",
                        name: user.email.clone(),
                    }),
                }
            }

            pub(super) async fn user_events(
                c: &mut $conn,
                user_id: i64,
            ) -> Result<Vec<UserEvent>, StoreError> {
                let rows = sqlx::query(
                    "SELECT user_id, action, from_status, to_status, reason, actor, at FROM user_events WHERE user_id = $1 ORDER BY id",
                )
                .bind(user_id)
                .fetch_all(&mut *c)
                .await?;
                rows.iter().map(user_event_from).collect()
            }

            pub(super) async fn set_user_screening(
                c: &mut $conn,
                user_id: i64,
                screening: Screening,
                e: &UserEvent,
            ) -> Result<User, StoreError> {
                sqlx::query("UPDATE users SET screening = $1 WHERE id = $2")
                    .bind(screening.as_str())
                    .bind(user_id)
                    .execute(&mut *c)
                    .await?;
                sqlx::query(
                    "INSERT INTO user_events (user_id, action, from_status, to_status, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(user_id)
                .bind(&e.action)
                .bind(&e.from_status)
                .bind(&e.to_status)
                .bind(&e.reason)
                .bind(&e.actor)
                .bind(e.at)
                .execute(&mut *c)
                .await?;
                user_by_id(c, user_id).await
            }

            pub(super) async fn insert_key(c: &mut $conn, key: &ApiKey) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO api_keys (key_id, user_id, hash, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&key.key_id)
                .bind(key.user_id)
                .bind(&key.hash)
                .bind(key.created_at)
                .bind(key.expires_at)
                .bind(key.revoked_at)
                .execute(&mut *c)
                .await?;
                Ok(())
            }

            pub(super) async fn revoke_key(c: &mut $conn, key_id: &str, now: i64) -> Result<(), StoreError> {
                let r = sqlx::query(
                    "UPDATE api_keys SET revoked_at = $1 WHERE key_id = $2 AND revoked_at IS NULL",
                )
                .bind(now)
                .bind(key_id)
                .execute(&mut *c)
                .await?;
                if r.rows_affected() == 0 {
                    return Err(StoreError::NotFound {
                        kind: "active key",
                        name: key_id.to_string(),
                    });
                }
                Ok(())
            }

            pub(super) async fn replace_denied_parties(
                c: &mut $conn,
                parties: &[DeniedParty],
                hash: &str,
                now: i64,
            ) -> Result<i64, StoreError> {
                let prev: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM screening_lists")
                    .fetch_one(&mut *c)
                    .await?;
                let version = prev.unwrap_or(0) + 1;
                sqlx::query(
                    "INSERT INTO screening_lists (version, hash, imported_at, entries) VALUES ($1, $2, $3, $4)",
                )
                .bind(version)
                .bind(hash)
                .bind(now)
                .bind(parties.len() as i64)
                .execute(&mut *c)
                .await?;
                sqlx::query("DELETE FROM denied_parties")
                    .execute(&mut *c)
                    .await?;
                for p in parties {
                    sqlx::query(
                        "INSERT INTO denied_parties (version, source, name, alt_names, country, addresses) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(version)
                    .bind(&p.source)
                    .bind(&p.name)
                    .bind(p.alt_names.join("; "))
                    .bind(&p.country)
                    .bind(&p.addresses)
                    .execute(&mut *c)
                    .await?;
                }
                Ok(version)
            }

            pub(super) async fn country_tiers(c: &mut $conn) -> Result<Vec<CountryTier>, StoreError> {
                let rows = sqlx::query(
                    "SELECT country, class, effective_from, version, source FROM country_tiers ORDER BY country, effective_from, version",
                )
                .fetch_all(&mut *c)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(CountryTier {
                            country: r.try_get("country")?,
                            class: r.try_get("class")?,
                            effective_from: r.try_get("effective_from")?,
                            version: r.try_get("version")?,
                            source: r.try_get("source")?,
                        })
                    })
                    .collect()
            }

            pub(super) async fn add_country_tier(c: &mut $conn, t: &CountryTier) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO country_tiers (country, class, effective_from, version, source) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&t.country)
                .bind(&t.class)
                .bind(t.effective_from)
                .bind(t.version)
                .bind(&t.source)
                .execute(&mut *c)
                .await?;
                Ok(())
            }

            pub(super) async fn add_quota_rule(
                c: &mut $conn,
                rule: &QuotaRule,
                actor: &str,
                now: i64,
            ) -> Result<StoredQuota, StoreError> {
                let limit = |v: Option<u64>| v.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO quota_rules (scope, \"only\", requests_per_minute, requests_per_day, \
                     tokens_per_minute, tokens_per_day, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(rule.scope.as_str())
                .bind(&rule.only)
                .bind(limit(rule.requests_per_minute))
                .bind(limit(rule.requests_per_day))
                .bind(limit(rule.tokens_per_minute))
                .bind(limit(rule.tokens_per_day))
                .bind(actor)
                .bind(now)
                .fetch_one(&mut *c)
                .await?;
                Ok(StoredQuota {
                    id,
                    rule: rule.clone(),
                    created_by: actor.to_string(),
                    created_at: now,
                })
            }

            pub(super) async fn delete_quota_rule(c: &mut $conn, id: i64) -> Result<(), StoreError> {
                let done = sqlx::query("DELETE FROM quota_rules WHERE id = $1")
                    .bind(id)
                    .execute(&mut *c)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound {
                        kind: "quota rule",
                        name: id.to_string(),
                    });
                }
                Ok(())
            }
        }


        store_impls!($store, $tx, $db);
    }
    };
}
