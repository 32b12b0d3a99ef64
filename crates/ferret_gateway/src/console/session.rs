//! Console sessions: opaque random tokens held server-side, each with its own CSRF token, an
//! absolute lifetime and an idle timeout. The cookie carries only the token; the store keeps
//! the session under the token's BLAKE3 hash (`console_sessions`), so that a restart, or a
//! request landing on another instance over the same PostgreSQL, keeps the login.

use std::sync::Arc;

use crate::store::{ConsoleSession, SessionTtl, Store, StoreError};

/// Name of the session cookie.
pub(crate) const COOKIE: &str = "ferret_console";
/// A session ends this long after login, whatever happens (seconds).
pub(crate) const ABSOLUTE_TTL: i64 = 8 * 3600;
/// A session ends after this long without a request (seconds).
pub(crate) const IDLE_TTL: i64 = 3600;
/// Both lifetimes, as the store applies them.
pub(crate) const TTL: SessionTtl = SessionTtl {
    absolute: ABSOLUTE_TTL,
    idle: IDLE_TTL,
};

/// One logged-in console user.
pub(crate) type Session = ConsoleSession;

/// Why a session operation failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SessionError {
    /// No randomness for a token.
    #[error("no randomness: {0}")]
    Random(getrandom::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<getrandom::Error> for SessionError {
    fn from(e: getrandom::Error) -> SessionError {
        SessionError::Random(e)
    }
}

/// The session table, in the store.
#[derive(Debug, Clone)]
pub struct Sessions {
    store: Arc<dyn Store>,
}

/// 32 random bytes, hex.
pub(crate) fn random_token() -> Result<String, getrandom::Error> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Compares two secrets without an early exit on the first differing byte.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The key of a session's row: the BLAKE3 hash of its token.
fn token_hash(token: &str) -> [u8; 32] {
    *blake3::hash(token.as_bytes()).as_bytes()
}

/// Whether a session is live at `now` (the rule the store's queries apply).
#[cfg(test)]
fn live(s: &Session, now: i64) -> bool {
    now < s.created + ABSOLUTE_TTL
        && now < s.last_seen + IDLE_TTL
        && s.expires.is_none_or(|e| now < e)
}

impl Sessions {
    /// Sessions kept in `store`.
    pub(crate) fn new(store: Arc<dyn Store>) -> Sessions {
        Sessions { store }
    }

    /// Opens a session; returns its token. `expires` caps its lifetime (the expiry of the
    /// credential used to log in, for one that cannot be re-checked later: an OIDC ID token).
    pub(crate) async fn create(
        &self,
        email: &str,
        key_id: Option<String>,
        expires: Option<i64>,
        now: i64,
    ) -> Result<String, SessionError> {
        let token = random_token()?;
        let session = Session {
            email: email.to_string(),
            key_id,
            csrf: random_token()?,
            created: now,
            expires,
            last_seen: now,
            flash: None,
        };
        self.store
            .session_insert(&token_hash(&token), &session, TTL)
            .await?;
        Ok(token)
    }

    /// The live session for `token` (marking it used, and taking its flash message); an
    /// expired session is removed.
    pub(crate) async fn touch(&self, token: &str, now: i64) -> Result<Option<Session>, StoreError> {
        self.store.session_touch(&token_hash(token), now, TTL).await
    }

    /// Ends a session.
    pub(crate) async fn remove(&self, token: &str) -> Result<(), StoreError> {
        self.store.session_delete(&token_hash(token)).await
    }

    /// Leaves a message for the session's next page.
    pub(crate) async fn flash(&self, token: &str, msg: &str) -> Result<(), StoreError> {
        self.store.session_flash(&token_hash(token), msg).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::each_store;

    #[tokio::test]
    async fn sessions_expire_absolutely_and_when_idle() {
        for b in each_store("sess_expire").await {
            let s = Sessions::new(b.store.clone());
            let t = s.create("a@x.test", None, None, 1000).await.unwrap();
            assert_eq!(t.len(), 64);
            let got = s.touch(&t, 1000 + IDLE_TTL - 1).await.unwrap().unwrap();
            assert_eq!(got.email, "a@x.test", "{}", b.name);
            assert_eq!(got.csrf.len(), 64);
            assert_ne!(got.csrf, t);
            assert!(
                live(&got, 1000 + IDLE_TTL),
                "the rule agrees with the store"
            );
            // Idle too long.
            assert!(s.touch(&t, 1000 + 2 * IDLE_TTL).await.unwrap().is_none());
            // Gone for good once expired.
            assert!(s.touch(&t, 1000 + 1).await.unwrap().is_none(), "{}", b.name);

            // Kept alive by use, but not past the absolute lifetime.
            let t = s
                .create("b@x.test", Some("k".into()), None, 0)
                .await
                .unwrap();
            let mut now = 0;
            while now + IDLE_TTL / 2 < ABSOLUTE_TTL {
                now += IDLE_TTL / 2;
                let got = s.touch(&t, now).await.unwrap();
                assert!(got.is_some(), "alive at {now} ({})", b.name);
                assert_eq!(got.unwrap().key_id.as_deref(), Some("k"));
            }
            assert!(s.touch(&t, ABSOLUTE_TTL).await.unwrap().is_none());
        }
    }

    #[tokio::test]
    async fn a_session_ends_with_its_token() {
        for b in each_store("sess_token").await {
            let s = Sessions::new(b.store.clone());
            let t = s.create("a@x.test", None, Some(1030), 1000).await.unwrap();
            assert!(s.touch(&t, 1029).await.unwrap().is_some());
            assert!(
                s.touch(&t, 1030).await.unwrap().is_none(),
                "over at the token's exp ({})",
                b.name
            );
            assert!(s.touch(&t, 1001).await.unwrap().is_none(), "and gone");
        }
    }

    #[tokio::test]
    async fn flash_is_shown_once_and_logout_removes() {
        for b in each_store("sess_flash").await {
            let s = Sessions::new(b.store.clone());
            let t = s.create("a@x.test", None, None, 0).await.unwrap();
            s.flash(&t, "done").await.unwrap();
            let got = s.touch(&t, 1).await.unwrap().unwrap();
            assert_eq!(got.flash.as_deref(), Some("done"), "{}", b.name);
            assert_eq!(s.touch(&t, 2).await.unwrap().unwrap().flash, None);
            s.remove(&t).await.unwrap();
            assert!(s.touch(&t, 3).await.unwrap().is_none());
            assert!(s.touch("unknown", 3).await.unwrap().is_none());
        }
    }

    #[tokio::test]
    async fn a_session_is_kept_by_the_store_not_the_process() {
        for b in each_store("sess_shared").await {
            // Two session tables over one store: two instances, or one before and after a
            // restart. The token is not what the store keeps.
            let one = Sessions::new(b.store.clone());
            let two = Sessions::new(b.store.clone());
            let t = one.create("a@x.test", None, None, 100).await.unwrap();
            assert_eq!(two.touch(&t, 101).await.unwrap().unwrap().email, "a@x.test");
            assert!(
                b.store
                    .session_touch(t.as_bytes(), 102, TTL)
                    .await
                    .unwrap()
                    .is_none()
            );
            two.remove(&t).await.unwrap();
            assert!(one.touch(&t, 103).await.unwrap().is_none(), "{}", b.name);
            // A login removes the sessions that ended.
            let old = one.create("b@x.test", None, None, 0).await.unwrap();
            one.create("c@x.test", None, None, ABSOLUTE_TTL)
                .await
                .unwrap();
            assert!(two.touch(&old, 1).await.unwrap().is_none());
        }
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }
}
