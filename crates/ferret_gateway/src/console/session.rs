//! Console sessions: opaque random tokens held server-side, each with its own CSRF token, an
//! absolute lifetime and an idle timeout. The cookie carries only the token.

use std::collections::HashMap;
use std::sync::Mutex;

/// Name of the session cookie.
pub(crate) const COOKIE: &str = "ferret_console";
/// A session ends this long after login, whatever happens (seconds).
pub(crate) const ABSOLUTE_TTL: i64 = 8 * 3600;
/// A session ends after this long without a request (seconds).
pub(crate) const IDLE_TTL: i64 = 3600;

/// One logged-in console user.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    /// E-mail of record (for OIDC logins, and the owner of the key).
    pub email: String,
    /// The API key used to log in, re-checked (revocation, expiry) on every request.
    pub key_id: Option<String>,
    /// The CSRF token every state-changing form must carry.
    pub csrf: String,
    /// Login time (unix seconds).
    pub created: i64,
    /// When the credential of the login expires, if that is before the session's own limits
    /// (an OIDC ID token's `exp`): the session ends with it.
    pub expires: Option<i64>,
    /// Last request (unix seconds).
    pub last_seen: i64,
    /// A one-shot message for the next page (the outcome of the last action).
    pub flash: Option<String>,
}

/// The session table.
#[derive(Debug, Default)]
pub struct Sessions {
    inner: Mutex<HashMap<String, Session>>,
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

fn live(s: &Session, now: i64) -> bool {
    now < s.created + ABSOLUTE_TTL
        && now < s.last_seen + IDLE_TTL
        && s.expires.is_none_or(|e| now < e)
}

impl Sessions {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens a session; returns its token. `expires` caps its lifetime (the expiry of the
    /// credential used to log in, for one that cannot be re-checked later: an OIDC ID token).
    pub(crate) fn create(
        &self,
        email: &str,
        key_id: Option<String>,
        expires: Option<i64>,
        now: i64,
    ) -> Result<String, getrandom::Error> {
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
        let mut m = self.map();
        m.retain(|_, s| live(s, now));
        m.insert(token.clone(), session);
        Ok(token)
    }

    /// The live session for `token` (marking it used, and taking its flash message); an
    /// expired session is removed.
    pub(crate) fn touch(&self, token: &str, now: i64) -> Option<Session> {
        let mut m = self.map();
        let s = m.get_mut(token)?;
        if !live(s, now) {
            m.remove(token);
            return None;
        }
        s.last_seen = now;
        let out = s.clone();
        s.flash = None;
        Some(out)
    }

    /// Ends a session.
    pub(crate) fn remove(&self, token: &str) {
        self.map().remove(token);
    }

    /// Leaves a message for the session's next page.
    pub(crate) fn flash(&self, token: &str, msg: String) {
        if let Some(s) = self.map().get_mut(token) {
            s.flash = Some(msg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_absolutely_and_when_idle() {
        let s = Sessions::default();
        let t = s.create("a@x.test", None, None, 1000).unwrap();
        assert_eq!(t.len(), 64);
        let got = s.touch(&t, 1000 + IDLE_TTL - 1).unwrap();
        assert_eq!(got.email, "a@x.test");
        assert_eq!(got.csrf.len(), 64);
        assert_ne!(got.csrf, t);
        // Idle too long.
        assert!(s.touch(&t, 1000 + 2 * IDLE_TTL).is_none());
        // Gone for good once expired.
        assert!(s.touch(&t, 1000 + 1).is_none());

        // Kept alive by use, but not past the absolute lifetime.
        let t = s.create("b@x.test", Some("k".into()), None, 0).unwrap();
        let mut now = 0;
        while now + IDLE_TTL / 2 < ABSOLUTE_TTL {
            now += IDLE_TTL / 2;
            assert!(s.touch(&t, now).is_some(), "alive at {now}");
        }
        assert!(s.touch(&t, ABSOLUTE_TTL).is_none());
    }

    #[test]
    fn a_session_ends_with_its_token() {
        let s = Sessions::default();
        let t = s.create("a@x.test", None, Some(1030), 1000).unwrap();
        assert!(s.touch(&t, 1029).is_some());
        assert!(s.touch(&t, 1030).is_none(), "over at the token's exp");
        assert!(s.touch(&t, 1001).is_none(), "and gone");
    }

    #[test]
    fn flash_is_shown_once_and_logout_removes() {
        let s = Sessions::default();
        let t = s.create("a@x.test", None, None, 0).unwrap();
        s.flash(&t, "done".into());
        assert_eq!(s.touch(&t, 1).unwrap().flash.as_deref(), Some("done"));
        assert_eq!(s.touch(&t, 2).unwrap().flash, None);
        s.remove(&t);
        assert!(s.touch(&t, 3).is_none());
        assert!(s.touch("unknown", 3).is_none());
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }
}
