//! The unit of work and the [`Store`](super::Store) implementation of both engines, over the
//! queries of `queries.rs`: expanded by `store_queries!` inside its `generated` module.

/// Expands the unit of work `$tx` and `impl Store for $store`.
macro_rules! store_impls {
    ($store:ty, $tx:ident, $db:ty) => {
    /// A unit of work: one write transaction, begun by the store's `begin_unit` (SQLite:
    /// `BEGIN IMMEDIATE`; PostgreSQL: a transaction holding the store's write lock). Dropped
    /// uncommitted, it rolls back.
    #[derive(Debug)]
    pub struct $tx {
        tx: sqlx::Transaction<'static, $db>,
    }

    impl $crate::store::StoreTx for $tx {
        fn commit(self: Box<Self>) -> BoxFuture<'static, Result<(), StoreError>> {
            Box::pin(async move { Ok(self.tx.commit().await?) })
        }

        fn postgres(&mut self) -> Option<&mut sqlx::PgConnection> {
            <$store>::tx_postgres(&mut self.tx)
        }

        fn create_org<'a>(
            &'a mut self,
            name: &'a str,
            country: &'a str,
            actor: &'a str,
            now: i64,
        ) -> BoxFuture<'a, Result<Org, StoreError>> {
            Box::pin(sql::create_org(&mut self.tx, name, country, actor, now))
        }

        fn org_by_name<'a>(
            &'a mut self,
            name: &'a str,
        ) -> BoxFuture<'a, Result<Option<Org>, StoreError>> {
            Box::pin(sql::org_by_name(&mut self.tx, name))
        }

        fn list_orgs(&mut self) -> BoxFuture<'_, Result<Vec<Org>, StoreError>> {
            Box::pin(sql::list_orgs(&mut self.tx))
        }

        fn org_events(&mut self, org_id: i64) -> BoxFuture<'_, Result<Vec<VettingEvent>, StoreError>> {
            Box::pin(sql::org_events(&mut self.tx, org_id))
        }

        fn set_org_status<'a>(
            &'a mut self,
            org_id: i64,
            status: OrgStatus,
            basis: Option<&'a str>,
            event: &'a VettingEvent,
        ) -> BoxFuture<'a, Result<Org, StoreError>> {
            Box::pin(sql::set_org_status(
                &mut self.tx,
                org_id,
                status,
                basis,
                event,
            ))
        }

        fn set_org_screening<'a>(
            &'a mut self,
            org_id: i64,
            screening: Screening,
            event: &'a VettingEvent,
        ) -> BoxFuture<'a, Result<Org, StoreError>> {
            Box::pin(sql::set_org_screening(
                &mut self.tx,
                org_id,
                screening,
                event,
            ))
        }

        fn create_user<'a>(
            &'a mut self,
            user: &'a NewUser,
            now: i64,
        ) -> BoxFuture<'a, Result<User, StoreError>> {
            Box::pin(sql::create_user(&mut self.tx, user, now))
        }

        fn user_by_email<'a>(
            &'a mut self,
            email: &'a str,
        ) -> BoxFuture<'a, Result<Option<User>, StoreError>> {
            Box::pin(sql::user_by_email(&mut self.tx, email))
        }

        fn list_users(&mut self, org_id: Option<i64>) -> BoxFuture<'_, Result<Vec<User>, StoreError>> {
            Box::pin(sql::list_users(&mut self.tx, org_id))
        }

        fn user_events(&mut self, user_id: i64) -> BoxFuture<'_, Result<Vec<UserEvent>, StoreError>> {
            Box::pin(sql::user_events(&mut self.tx, user_id))
        }

        fn set_user_screening<'a>(
            &'a mut self,
            user_id: i64,
            screening: Screening,
            event: &'a UserEvent,
        ) -> BoxFuture<'a, Result<User, StoreError>> {
            Box::pin(sql::set_user_screening(
                &mut self.tx,
                user_id,
                screening,
                event,
            ))
        }

        fn insert_key<'a>(&'a mut self, key: &'a ApiKey) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(sql::insert_key(&mut self.tx, key))
        }

        fn revoke_key<'a>(
            &'a mut self,
            key_id: &'a str,
            now: i64,
        ) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(sql::revoke_key(&mut self.tx, key_id, now))
        }

        fn replace_denied_parties<'a>(
            &'a mut self,
            parties: &'a [DeniedParty],
            hash: &'a str,
            now: i64,
        ) -> BoxFuture<'a, Result<i64, StoreError>> {
            Box::pin(sql::replace_denied_parties(
                &mut self.tx,
                parties,
                hash,
                now,
            ))
        }

        fn country_tiers(&mut self) -> BoxFuture<'_, Result<Vec<CountryTier>, StoreError>> {
            Box::pin(sql::country_tiers(&mut self.tx))
        }

        fn add_country_tier<'a>(
            &'a mut self,
            tier: &'a CountryTier,
        ) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(sql::add_country_tier(&mut self.tx, tier))
        }

        fn add_quota_rule<'a>(
            &'a mut self,
            rule: &'a QuotaRule,
            actor: &'a str,
            now: i64,
        ) -> BoxFuture<'a, Result<StoredQuota, StoreError>> {
            Box::pin(sql::add_quota_rule(&mut self.tx, rule, actor, now))
        }

        fn delete_quota_rule(&mut self, id: i64) -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(sql::delete_quota_rule(&mut self.tx, id))
        }
    }

    impl $crate::store::Store for $store {
        fn kind(&self) -> DatabaseKind {
            <$store>::KIND
        }

        fn schema_version(&self) -> BoxFuture<'_, Result<i64, StoreError>> {
            Box::pin(<$store>::schema_version(self))
        }

        fn close(&self) -> BoxFuture<'_, ()> {
            Box::pin(self.pool.close())
        }

        fn shared_quotas(&self) -> Option<Arc<dyn SharedCounters>> {
            self.counters()
        }

        fn begin(&self) -> BoxFuture<'_, Result<Box<dyn StoreTx>, StoreError>> {
            Box::pin(async move {
                let tx = self.begin_unit().await?;
                Ok(Box::new($tx { tx }) as Box<dyn StoreTx>)
            })
        }

        fn org_by_name<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Option<Org>, StoreError>> {
            Box::pin(async move { sql::org_by_name(&mut *self.pool.acquire().await?, name).await })
        }

        fn org_by_id(&self, id: i64) -> BoxFuture<'_, Result<Option<Org>, StoreError>> {
            Box::pin(async move { sql::org_by_id(&mut *self.pool.acquire().await?, id).await })
        }

        fn list_orgs(&self) -> BoxFuture<'_, Result<Vec<Org>, StoreError>> {
            Box::pin(async move { sql::list_orgs(&mut *self.pool.acquire().await?).await })
        }

        fn org_events(&self, org_id: i64) -> BoxFuture<'_, Result<Vec<VettingEvent>, StoreError>> {
            Box::pin(async move { sql::org_events(&mut *self.pool.acquire().await?, org_id).await })
        }

        fn user_by_email<'a>(
            &'a self,
            email: &'a str,
        ) -> BoxFuture<'a, Result<Option<User>, StoreError>> {
            Box::pin(async move { sql::user_by_email(&mut *self.pool.acquire().await?, email).await })
        }

        fn list_users(&self, org_id: Option<i64>) -> BoxFuture<'_, Result<Vec<User>, StoreError>> {
            Box::pin(async move { sql::list_users(&mut *self.pool.acquire().await?, org_id).await })
        }

        fn user_events(&self, user_id: i64) -> BoxFuture<'_, Result<Vec<UserEvent>, StoreError>> {
            Box::pin(async move { sql::user_events(&mut *self.pool.acquire().await?, user_id).await })
        }

        fn org_keys(&self, org_id: i64) -> BoxFuture<'_, Result<Vec<(String, ApiKey)>, StoreError>> {
            Box::pin(async move {
                let rows = sqlx::query(
                    "SELECT u.email, k.key_id, k.user_id, k.hash, k.created_at, k.expires_at, k.revoked_at \
                     FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.org_id = $1 \
                     ORDER BY k.created_at DESC, k.key_id",
                )
                .bind(org_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|row| Ok((row.try_get("email")?, key_from(row)?)))
                    .collect()
            })
        }

        fn principal_by_key<'a>(
            &'a self,
            key_id: &'a str,
        ) -> BoxFuture<'a, Result<Option<(ApiKey, PrincipalRecord)>, StoreError>> {
            Box::pin(async move {
                let row = sqlx::query(concat!("SELECT k.key_id, k.user_id, k.hash, k.created_at, k.expires_at, k.revoked_at, ", user_cols!(), ", ", org_cols!(), " \
                     FROM api_keys k JOIN users u ON u.id = k.user_id JOIN orgs o ON o.id = u.org_id WHERE k.key_id = $1"))
                .bind(key_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let key = key_from(&row)?;
                Ok(Some((
                    key,
                    PrincipalRecord {
                        user: user_from(&row)?,
                        org: org_from(&row)?,
                    },
                )))
            })
        }

        fn principal_by_email<'a>(
            &'a self,
            email: &'a str,
        ) -> BoxFuture<'a, Result<Option<PrincipalRecord>, StoreError>> {
            Box::pin(async move {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    user_cols!(),
                    ", ",
                    org_cols!(),
                    " FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = $1"
                ))
                .bind(email)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                Ok(Some(PrincipalRecord {
                    user: user_from(&row)?,
                    org: org_from(&row)?,
                }))
            })
        }

        fn upsert_model<'a>(
            &'a self,
            id: &'a str,
            tier: &'a str,
        ) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(async move {
                sqlx::query("INSERT INTO models (id, tier) VALUES ($1, $2) ON CONFLICT(id) DO UPDATE SET tier = excluded.tier")
                    .bind(id)
                    .bind(tier)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            })
        }

        fn model_ids(&self) -> BoxFuture<'_, Result<Vec<String>, StoreError>> {
            Box::pin(async move {
                Ok(sqlx::query_scalar("SELECT id FROM models ORDER BY id")
                    .fetch_all(&self.pool)
                    .await?)
            })
        }

        fn record_usage<'a>(&'a self, u: &'a UsageRecord) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(async move {
                sqlx::query(<$store>::USAGE_INSERT)
                .bind(u.user_id)
                .bind(u.org_id)
                .bind(&u.model)
                .bind(u.prompt_tokens as i64)
                .bind(u.completion_tokens as i64)
                .bind(u.at)
                .execute(&self.pool)
                .await?;
                Ok(())
            })
        }

        fn denied_parties(&self) -> BoxFuture<'_, Result<Vec<DeniedParty>, StoreError>> {
            Box::pin(async move {
                let rows = sqlx::query(
                    "SELECT source, name, alt_names, country, addresses FROM denied_parties ORDER BY id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let alt: String = r.try_get("alt_names")?;
                        Ok(DeniedParty {
                            source: r.try_get("source")?,
                            name: r.try_get("name")?,
                            alt_names: alt
                                .split(';')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(str::to_string)
                                .collect(),
                            country: r.try_get("country")?,
                            addresses: r.try_get("addresses")?,
                        })
                    })
                    .collect()
            })
        }

        fn country_tiers(&self) -> BoxFuture<'_, Result<Vec<CountryTier>, StoreError>> {
            Box::pin(async move { sql::country_tiers(&mut *self.pool.acquire().await?).await })
        }

        fn quota_rules(&self) -> BoxFuture<'_, Result<Vec<StoredQuota>, StoreError>> {
            Box::pin(async move {
                let rows = sqlx::query(
                    "SELECT id, scope, \"only\", requests_per_minute, requests_per_day, tokens_per_minute, \
                     tokens_per_day, created_by, created_at FROM quota_rules ORDER BY id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(quota_from).collect()
            })
        }

        fn session_insert<'a>(
            &'a self,
            token_hash: &'a [u8],
            s: &'a ConsoleSession,
            ttl: SessionTtl,
        ) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(async move {
                // Sessions that have ended are removed here (a login is rare; a request is not).
                sqlx::query(concat!("DELETE FROM console_sessions WHERE NOT (", session_live!(), ")"))
                    .bind(s.created)
                    .bind(ttl.absolute)
                    .bind(ttl.idle)
                    .execute(&self.pool)
                    .await?;
                sqlx::query(
                    "INSERT INTO console_sessions (token_hash, email, key_id, csrf, created, expires, last_seen, flash) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(token_hash)
                .bind(&s.email)
                .bind(&s.key_id)
                .bind(&s.csrf)
                .bind(s.created)
                .bind(s.expires)
                .bind(s.last_seen)
                .bind(&s.flash)
                .execute(&self.pool)
                .await?;
                Ok(())
            })
        }

        fn session_touch<'a>(
            &'a self,
            token_hash: &'a [u8],
            now: i64,
            ttl: SessionTtl,
        ) -> BoxFuture<'a, Result<Option<ConsoleSession>, StoreError>> {
            Box::pin(async move {
                // One statement checks liveness and marks the session used, so that two instances
                // answering requests of the same session agree.
                let row = sqlx::query(concat!(
                    "UPDATE console_sessions SET last_seen = $1 WHERE token_hash = $4 AND ",
                    session_live!(),
                    " RETURNING email, key_id, csrf, created, expires, last_seen, flash"
                ))
                .bind(now)
                .bind(ttl.absolute)
                .bind(ttl.idle)
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else {
                    sqlx::query("DELETE FROM console_sessions WHERE token_hash = $1")
                        .bind(token_hash)
                        .execute(&self.pool)
                        .await?;
                    return Ok(None);
                };
                let s = ConsoleSession {
                    email: row.try_get("email")?,
                    key_id: row.try_get("key_id")?,
                    csrf: row.try_get("csrf")?,
                    created: row.try_get("created")?,
                    expires: row.try_get("expires")?,
                    last_seen: row.try_get("last_seen")?,
                    flash: row.try_get("flash")?,
                };
                if let Some(f) = &s.flash {
                    // Shown once: cleared unless a newer message replaced it meanwhile.
                    sqlx::query(
                        "UPDATE console_sessions SET flash = NULL WHERE token_hash = $1 AND flash = $2",
                    )
                    .bind(token_hash)
                    .bind(f)
                    .execute(&self.pool)
                    .await?;
                }
                Ok(Some(s))
            })
        }

        fn session_flash<'a>(
            &'a self,
            token_hash: &'a [u8],
            message: &'a str,
        ) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(async move {
                sqlx::query("UPDATE console_sessions SET flash = $1 WHERE token_hash = $2")
                    .bind(message)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            })
        }

        fn session_delete<'a>(&'a self, token_hash: &'a [u8]) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(async move {
                sqlx::query("DELETE FROM console_sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            })
        }
    }

    };
}
